package report

import (
	"bufio"
	"bytes"
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

	// The document without its results, then the results one by one into
	// its "results" list: a run of 50,000 SBOM components has some 700,000
	// results, which encoded in one piece held hundreds of MB at once.
	results := doc.Results
	doc.Results = []engine.Result{}
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	// Strings never hold a raw newline, so this is the member, not text.
	marker := []byte("\n  \"results\": []")
	at := bytes.Index(head.Bytes(), marker)
	if at < 0 || len(results) == 0 {
		_, err := w.Write(head.Bytes())
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head.Bytes()[:at+len(marker)-1])
	var item bytes.Buffer
	renc := json.NewEncoder(&item)
	renc.SetIndent("    ", "  ")
	renc.SetEscapeHTML(false)
	for i := range results {
		item.Reset()
		if err := renc.Encode(&results[i]); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(item.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n  ]")
	bw.Write(head.Bytes()[at+len(marker):])
	return bw.Flush()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
