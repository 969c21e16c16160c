// Package scan runs one paved check: it resolves each path to the loader of
// its kind, loads targets, evaluates them with a compiled policy set and
// assembles the Report. It is the seam between the CLI and the engine, so
// the CLI holds no logic of its own and other entry points (the GitHub
// Action, fleet scans) run exactly the same check.
package scan
