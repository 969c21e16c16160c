// Package report formats an engine.Report for people and machines: a terminal
// report (text), the versioned JSON document (json, described by the JSON
// Schema in JSONSchema and published as schemas/paved.report.v1.json), SARIF
// 2.1.0 for code scanning (sarif), JUnit XML for test dashboards (junit),
// GitHub Actions workflow commands for diff annotations (github) and a job
// summary (markdown).
//
// Reporters only format. Every verdict — which results block, the counts, the
// fail-on threshold — comes from the Report; a result blocks exactly when
// Result.Blocking(Report.FailOn) says so. Adding a format is one file and one
// line in Formats and WriteWith.
package report
