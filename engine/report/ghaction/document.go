package ghaction

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/paved-dev/paved/engine"
)

// maxReport bounds a report read, as engine.ReadBaseline does.
const maxReport = 256 << 20

// Document is a paved.report/v1 JSON report as the action reads it.
type Document struct {
	engine.Report
}

// ReadReport reads a report written by paved check --format json (or
// --output json=PATH). Malformed JSON is an error that names the line.
func ReadReport(r io.Reader) (*Document, error) {
	b, err := engine.ReadAllLimit(r, maxReport)
	if err != nil {
		return nil, err
	}
	var doc Document
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: not a paved JSON report: %w", jsonLine(b, err), err)
	}
	if doc.Schema != engine.ReportSchema {
		return nil, fmt.Errorf("line 1: schema %q is not %s: write the report with paved check --output json=PATH", doc.Schema, engine.ReportSchema)
	}
	for i, r := range doc.Results {
		if r.Policy == nil || r.Target == nil {
			return nil, fmt.Errorf("results[%d] has no policy or target: not a report paved wrote", i)
		}
	}
	return &doc, nil
}

// jsonLine names the line a decoding error points at.
func jsonLine(b []byte, err error) string {
	var off int64
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	default:
		return "line 1"
	}
	off = min(max(off, 0), int64(len(b)))
	return fmt.Sprintf("line %d", bytes.Count(b[:off], []byte("\n"))+1)
}
