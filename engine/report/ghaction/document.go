package ghaction

import (
	"io"

	"github.com/paved-dev/paved/engine"
)

// Document is a paved.report/v1 JSON report as the action reads it.
type Document struct {
	engine.Report
}

// ReadReport reads a report written by paved check --format json (or
// --output json=PATH), as engine.ReadReport checks it: errors are
// Diagnostics naming file and line.
func ReadReport(file string, r io.Reader) (*Document, error) {
	rep, err := engine.ReadReport(file, r)
	if err != nil {
		return nil, err
	}
	return &Document{Report: *rep}, nil
}
