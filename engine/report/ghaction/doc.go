// Package ghaction publishes a paved JSON report to a GitHub Actions job: a
// job summary in Markdown, workflow-command annotations on the lines a pull
// request changed, and step outputs. It is the logic of paved's GitHub
// Action (actions/action.yml), which stays a thin shell around `paved check`
// and `paved ci github`.
//
// It reads the report a run wrote (paved.report/v1), never re-judges: which
// findings block, the counts and the verdict come from the report. What it
// adds is where to show them: the lines a pull request changed, handed in
// as data (gitindex.ChangedSince finds them), limit the annotations to the
// diff, and the annotation budget GitHub grants a step (10 errors and 10
// warnings) goes to blocking findings first. It runs no git itself.
package ghaction
