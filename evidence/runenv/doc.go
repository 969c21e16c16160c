// Package runenv records where and when a run happened, for its evidence:
// paved's version, the git commit and remote of the checkout, and the CI
// system's run (GitHub Actions, GitLab CI, Jenkins, Buildkite, CircleCI),
// read from the variables each documents. Variables are passed in as a
// lookup function, never read from the process behind the caller's back,
// and nothing secret is kept: credentials in a remote URL are dropped.
package runenv
