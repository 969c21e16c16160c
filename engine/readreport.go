package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// maxReport bounds a report read back (`paved store import`): a
// 50,000-component SBOM's report is a few hundred megabytes.
const maxReport = 2 << 30

// ReadReport reads a paved.report/v1 document written by `paved check
// --format json`, for recording it later. file names it in errors, which
// are Diagnostics with the line. What a report does not carry (a target's
// tracked resources) stays empty.
func ReadReport(file string, r io.Reader) (*Report, error) {
	src, err := ReadAllLimit(r, maxReport)
	if err != nil {
		return nil, Diagnostics{{File: file, Message: err.Error()}}
	}
	var rep Report
	dec := json.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&rep); err != nil {
		return nil, Diagnostics{JSONDiagnostic(file, "not a paved JSON report", src, err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Diagnostics{{File: file, Line: LineAt(src, dec.InputOffset()), Message: "not a paved JSON report: more than one JSON value"}}
	}
	bad := func(format string, a ...any) error {
		return Diagnostics{{File: file, Message: fmt.Sprintf(format, a...)}}
	}
	switch {
	case rep.Schema != ReportSchema:
		return nil, bad("schema %q is not %s: write reports with paved check --format json", rep.Schema, ReportSchema)
	case rep.Run.ID == "":
		return nil, bad("the report has no run.id")
	case rep.Run.StartedAt.IsZero():
		return nil, bad("the report has no run.started_at")
	}
	for i, res := range rep.Results {
		switch {
		case res.Policy == nil || res.Policy.ID == "":
			return nil, bad("result %d has no policy", i)
		case res.Target == nil:
			return nil, bad("result %d has no target", i)
		case res.Fingerprint == "":
			return nil, bad("result %d has no fingerprint", i)
		}
		switch res.Status {
		case StatusPass, StatusFail, StatusWarn, StatusWaived, StatusError:
		default:
			return nil, bad("result %d: status %q is not pass, fail, warn, waived or error", i, res.Status)
		}
		if res.Target.Path == "" && res.Target.Repo == "" {
			// An earlier paved's: its fingerprints came from the path as
			// typed and match nothing this paved records.
			return nil, bad("result %d: its target has no repository or path: written by an earlier paved whose fingerprints cannot be matched", i)
		}
	}
	return &rep, nil
}
