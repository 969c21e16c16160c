// Package kpi reads a history store (evidence/store) for the figures a
// platform team is judged on: compliance coverage of the baseline policies,
// golden-path adoption, remediation time and SLA standing of findings, and
// their weekly trends, at any time the history covers.
//
// Every figure is one SQL query (or a few) over the store's tables, grouped
// in the database; Go only combines the aggregated rows. The queries run
// unchanged on SQLite and PostgreSQL. docs/kpi.md defines each figure.
package kpi
