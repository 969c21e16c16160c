package report

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strings"

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

// writeJSON writes the report as the versioned paved.report/v1 document,
// each result on a line of its own. Absent lists are written as [] rather
// than null, so the document has one shape whatever the run found.
func writeJSON(w io.Writer, r *engine.Report) error {
	doc := *r
	doc.Schema = engine.ReportSchema
	doc.Targets = nonNil(doc.Targets)
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

	doc.Results = []engine.Result{} // written one by one
	return writeSpliced(w, &doc, "results", 1, false, func(yield func(*engine.Result) bool) {
		for i := range r.Results {
			if !yield(&r.Results[i]) {
				return
			}
		}
	})
}

// writeSpliced writes doc as encoding/json indents it by two spaces, except
// that its list member key, which doc holds empty and which is indented by
// 2*depth spaces, holds the elements of items, each encoded by
// encoding/json in turn, so a long list is never held encoded whole. With
// indentItems an element is indented as encoding the whole document would
// indent it; without, it is compact on a line of its own, which spares a
// list of hundreds of thousands the second pass indenting takes. Only the
// list's commas and line breaks are written here.
func writeSpliced[T any](w io.Writer, doc any, key string, depth int, indentItems bool, items iter.Seq[T]) error {
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	// Strings never hold a raw newline, so this is the member, not text.
	indent := strings.Repeat("  ", depth)
	marker := []byte("\n" + indent + `"` + key + `": []`)
	at := bytes.Index(head.Bytes(), marker)
	if at < 0 {
		return fmt.Errorf("report: no empty %q list to fill", key)
	}
	var item bytes.Buffer
	enc = json.NewEncoder(&item)
	enc.SetEscapeHTML(false)
	if indentItems {
		enc.SetIndent(indent+"  ", "  ")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head.Bytes()[:at+len(marker)-1])
	n, sep := 0, "\n"+indent+"  "
	for v := range items {
		item.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteString(sep)
		bw.Write(bytes.TrimSuffix(item.Bytes(), []byte("\n")))
	}
	if n > 0 {
		bw.WriteString("\n" + indent)
	}
	bw.WriteByte(']')
	bw.Write(head.Bytes()[at+len(marker):])
	return bw.Flush()
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
