// Package waiver reads governed exceptions — a waivers file and inline
// `paved:ignore` comments — and applies them to a run's results: a matching
// failure becomes waived (it never blocks), an expired waiver stops waiving
// and says so, and one that matches nothing is listed as stale.
package waiver
