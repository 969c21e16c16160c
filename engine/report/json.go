package report

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"

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

	// A run of 50,000 SBOM components has some 400,000 results: encoded in
	// one piece they held hundreds of MB at once.
	results := doc.Results
	doc.Results = []engine.Result{}
	return writeSpliced(w, &doc, "results", 1, func(yield func([]byte, error) bool) {
		re := newResultEncoder()
		for i := range results {
			if !yield(re.encode(&results[i])) {
				return
			}
		}
	})
}

// writeSpliced writes doc as encoding/json indents it by two spaces, its
// empty list member key (at depth: indented by 2*depth spaces) filled with
// items, each an element as encoding/json would indent it there (its first
// line unindented): a big list is never held encoded whole.
func writeSpliced(w io.Writer, doc any, key string, depth int, items iter.Seq2[[]byte, error]) error {
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
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head.Bytes()[:at+len(marker)-1])
	n, sep := 0, "\n  "+indent
	for item, err := range items {
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteString(sep)
		bw.Write(item)
	}
	if n > 0 {
		bw.WriteString("\n" + indent)
	}
	bw.WriteByte(']')
	bw.Write(head.Bytes()[at+len(marker):])
	return bw.Flush()
}

// resultEncoder writes a result as encoding/json indents it inside the
// report's "results" list, byte for byte, without reflection: a big SBOM's
// report holds 400,000 of them. The policy and target, shared by many
// results, are encoded once each.
type resultEncoder struct {
	buf     []byte
	refs    map[any][]byte // *engine.PolicyRef, *engine.TargetRef → encoded
	scratch bytes.Buffer
	enc     *json.Encoder
}

func newResultEncoder() *resultEncoder {
	re := &resultEncoder{refs: map[any][]byte{}}
	re.enc = json.NewEncoder(&re.scratch)
	re.enc.SetEscapeHTML(false)
	re.enc.SetIndent("      ", "  ") // a member of a result: 6 spaces in
	return re
}

// encode returns the result's JSON, valid until the next call.
func (re *resultEncoder) encode(r *engine.Result) ([]byte, error) {
	const in = "\n      "
	b := append(re.buf[:0], "{"+in+`"status": `...)
	b = re.str(b, string(r.Status))
	b = append(b, ","+in+`"policy": `...)
	var err error
	if b, err = re.ref(b, r.Policy, r.Policy == nil); err != nil {
		return nil, err
	}
	b = append(b, ","+in+`"target": `...)
	if b, err = re.ref(b, r.Target, r.Target == nil); err != nil {
		return nil, err
	}
	b = append(b, ","+in+`"resource": `...)
	b = re.str(b, r.Resource)
	if r.Message != "" {
		b = append(b, ","+in+`"message": `...)
		b = re.str(b, r.Message)
	}
	if r.Location != nil {
		b = append(b, ","+in+`"location": {`+in+`  "file": `...)
		b = re.str(b, r.Location.File)
		if r.Location.Line != 0 {
			b = append(b, ","+in+`  "line": `...)
			b = strconv.AppendInt(b, int64(r.Location.Line), 10)
		}
		b = append(b, in+"}"...)
	}
	b = append(b, ","+in+`"fingerprint": `...)
	b = re.str(b, r.Fingerprint)
	if r.WaiverID != "" {
		b = append(b, ","+in+`"waiver_id": `...)
		b = re.str(b, r.WaiverID)
	}
	if r.Baseline {
		b = append(b, ","+in+`"baseline": true`...)
	}
	b = append(b, "\n    }"...)
	re.buf = b
	return b, nil
}

// ref appends a shared policy or target reference, encoded on first use.
func (re *resultEncoder) ref(b []byte, v any, isNil bool) ([]byte, error) {
	if isNil {
		return append(b, "null"...), nil
	}
	enc, ok := re.refs[v]
	if !ok {
		re.scratch.Reset()
		if err := re.enc.Encode(v); err != nil {
			return nil, err
		}
		enc = bytes.Clone(bytes.TrimSuffix(re.scratch.Bytes(), []byte("\n")))
		re.refs[v] = enc
	}
	return append(b, enc...), nil
}

// str appends s as a JSON string: as is when it needs no escaping (nearly
// always), else as encoding/json escapes it.
func (re *resultEncoder) str(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			re.scratch.Reset()
			re.enc.Encode(s) // a string always encodes
			return append(b, bytes.TrimSuffix(re.scratch.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
