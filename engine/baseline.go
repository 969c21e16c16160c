package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// maxBaseline bounds a baseline report read.
const maxBaseline = 256 << 20

// Baseline is the set of findings (fingerprints) of an earlier report.
type Baseline map[string]bool

// ReadBaseline reads a paved.report/v1 document and keeps the fingerprints
// of its findings: fail and warn results, and waived ones (an exception that
// expires must not turn an old finding into a new one).
func ReadBaseline(r io.Reader) (Baseline, error) {
	b, err := ReadAllLimit(r, maxBaseline)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Schema  string `json:"schema"`
		Results []struct {
			Status      Status `json:"status"`
			Fingerprint string `json:"fingerprint"`
			Target      *struct {
				Path *string `json:"path"`
			} `json:"target"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("not a paved JSON report: %w", err)
	}
	if doc.Schema != ReportSchema {
		return nil, fmt.Errorf("schema %q is not %s: write the baseline with paved check --format json", doc.Schema, ReportSchema)
	}
	out := Baseline{}
	for _, res := range doc.Results {
		switch res.Status {
		case StatusFail, StatusWarn, StatusWaived:
			if res.Target == nil || res.Target.Path == nil {
				// Fingerprints then came from the path as typed: none
				// would match, and every finding would count as new.
				return nil, errors.New("written by an earlier paved whose fingerprints depended on the path a target was checked under: its findings cannot be matched; write the baseline again with this paved (paved check --format json > baseline.json)")
			}
			out[res.Fingerprint] = true
		}
	}
	return out, nil
}

// Apply marks the failures and warnings the baseline already holds.
func (b Baseline) Apply(results []Result) {
	for i := range results {
		r := &results[i]
		if (r.Status == StatusFail || r.Status == StatusWarn) && b[r.Fingerprint] {
			r.Baseline = true
		}
	}
}
