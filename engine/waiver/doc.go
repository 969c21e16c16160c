// Package waiver reads governed exceptions — a waivers file and inline
// `paved:ignore` comments — and applies them, with those the targets
// declare about themselves (Target.Waivers: an SBOM's VEX statements), to a
// run's results: a matching failure becomes waived (it never blocks), an
// expired waiver stops waiving and says so, and one that matches nothing is
// listed as stale (a target's own is then left out instead).
package waiver
