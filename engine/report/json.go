package report

import (
	_ "embed"
	"encoding/json"
	"io"

	"github.com/paved-dev/paved/engine"
)

//go:embed schema/paved.report.v1.json
var jsonSchema []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of the json format's
// document, "paved.report/v1". The same file is published as
// schemas/paved.report.v1.json.
func JSONSchema() []byte {
	return append([]byte(nil), jsonSchema...)
}

// writeJSON writes the report as the versioned paved.report/v1 document.
// Absent lists are written as [] rather than null, so the document has one
// shape whatever the run found.
func writeJSON(w io.Writer, r *engine.Report) error {
	doc := *r
	doc.Schema = engine.ReportSchema
	doc.Targets = nonNil(doc.Targets)
	doc.Results = nonNil(doc.Results)
	doc.Policies = make([]*engine.Policy, 0, len(r.Policies))
	for _, p := range r.Policies {
		if p == nil {
			continue
		}
		cp := *p
		cp.Controls = nonNil(cp.Controls)
		cp.Related = nonNil(cp.Related)
		doc.Policies = append(doc.Policies, &cp)
	}
	bySev := make(map[string]int, len(r.Summary.BySeverity)+4)
	for _, sev := range severities() {
		bySev[sev] = 0
	}
	for k, v := range r.Summary.BySeverity {
		bySev[k] = v
	}
	doc.Summary.BySeverity = bySev

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&doc)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
