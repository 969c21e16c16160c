// Package serve is paved's web face on a history store (evidence/store):
// a dashboard of the KPIs (evidence/kpi) with a page per team, policy,
// asset and run, a read-only JSON API of the same figures, and /metrics
// for Prometheus.
//
// Every page is drawn on the server with html/template, charts as inline
// SVG: nothing is fetched from elsewhere and no script runs, so it works
// offline and under a strict Content-Security-Policy. Only /healthz and
// the sign-in answer without a token; tokens (bearer, or a cookie set at
// /login) carry a role — viewer, auditor, admin — and the tokens file
// holds only their SHA-256 digests. The server only reads the store; KPI
// reports are cached until a new run, those at "now" for up to a minute
// (DefaultCacheTTL), and the overview's is kept fresh in the background
// (Server.KeepFresh).
//
// docs/serve.md lists the routes and the role each needs.
package serve
