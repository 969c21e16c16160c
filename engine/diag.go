package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Diagnostic is a problem in user input, located like HCL's diagnostics.
type Diagnostic struct {
	File    string
	Line    int
	Column  int
	Message string
}

func (d Diagnostic) Error() string {
	switch {
	case d.Line > 0 && d.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Column, d.Message)
	case d.Line > 0:
		return fmt.Sprintf("%s:%d: %s", d.File, d.Line, d.Message)
	case d.File != "":
		return fmt.Sprintf("%s: %s", d.File, d.Message)
	}
	return d.Message
}

// Diagnostics collects every input problem of a run, so a user sees them all.
type Diagnostics []Diagnostic

func (ds Diagnostics) Error() string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Error()
	}
	return strings.Join(parts, "\n")
}

// Err returns ds as an error, or nil when empty.
func (ds Diagnostics) Err() error {
	if len(ds) == 0 {
		return nil
	}
	return ds
}

// Collect sorts a loader's error about path into input problems, added to
// ds so the run goes on, and cancellation, returned so the run stops.
func (ds *Diagnostics) Collect(ctx context.Context, path string, err error) error {
	if err == nil {
		return nil
	}
	var found Diagnostics
	switch {
	case errors.As(err, &found):
		*ds = append(*ds, found...)
	case ctx.Err() != nil:
		return ctx.Err()
	default:
		*ds = append(*ds, Diagnostic{File: path, Message: err.Error()})
	}
	return nil
}

// JSONDiagnostic locates a JSON decoding error of src (from file) at its
// line; what names the document ("invalid OSV record").
func JSONDiagnostic(file, what string, src []byte, err error) Diagnostic {
	d := Diagnostic{File: file, Message: what + ": " + err.Error()}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		d.Line = LineAt(src, se.Offset)
	case errors.As(err, &te):
		d.Line = LineAt(src, te.Offset)
		d.Message = fmt.Sprintf("%s: %s is %s, want %s", what, te.Field, te.Value, te.Type)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		d.Line = LineAt(src, int64(len(bytes.TrimRight(src, " \t\r\n"))))
		d.Message = what + ": truncated JSON"
	}
	return d
}

// LineAt is the 1-based line of byte offset off in src, 0 when outside it.
func LineAt(src []byte, off int64) int {
	if off < 0 || off > int64(len(src)) {
		return 0
	}
	return 1 + bytes.Count(src[:off], []byte("\n"))
}
