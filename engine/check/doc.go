// Package check runs one paved check, the library core every entry point
// shares: `paved check`, the GitHub Action, fleet scans and the server call
// Run and format what it returns.
//
// Run resolves the configuration (.paved.yaml), loads and verifies the
// policy sources (LoadPolicies), reads waivers and baselines, then Judge
// loads each path with the loader of its kind (kinds.go is the one place a
// target kind is registered), evaluates the targets with the compiled
// policy set and assembles the Report. A History, when given, dates the
// findings it tracks before they are judged and records the run after.
package check
