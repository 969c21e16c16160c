package engine

import (
	"context"
	"fmt"
	"sort"

	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego unit test.
type TestResult struct {
	Package  string `json:"package"`
	Name     string `json:"name"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Pass     bool   `json:"pass"`
	Error    string `json:"error,omitempty"`
	Output   string `json:"output,omitempty"`
	Duration int64  `json:"duration_ns"`
}

// TestReport is the outcome of RunTests.
type TestReport struct {
	Results  []TestResult       `json:"results"`
	Coverage float64            `json:"coverage"`         // percent of lines, all files
	Files    map[string]float64 `json:"files"`            // percent per policy file
	Missed   map[string][]int   `json:"missed,omitempty"` // uncovered lines per file
}

// Failed counts failing and erroring tests.
func (r *TestReport) Failed() int {
	n := 0
	for _, t := range r.Results {
		if !t.Pass {
			n++
		}
	}
	return n
}

// RunTests runs every test_ rule of a policy set loaded with Tests, with
// OPA's tester, and measures line coverage of the policies.
func RunTests(ctx context.Context, ps *PolicySet, data map[string]any) (*TestReport, error) {
	var store storage.Store
	if data != nil {
		store = inmem.NewFromObject(data)
	} else {
		store = inmem.New()
	}
	mods, err := ps.Modules()
	if err != nil {
		return nil, err
	}
	cov := cover.New()
	runner := tester.NewRunner().
		SetModules(mods).
		SetStore(store).
		SetCoverageQueryTracer(cov).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true)
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("run policy tests: %w", err)
	}
	rep := &TestReport{Files: map[string]float64{}, Missed: map[string][]int{}}
	for r := range ch {
		t := TestResult{Package: r.Package, Name: r.Name, Pass: r.Pass(), Output: string(r.Output), Duration: int64(r.Duration)}
		if r.Location != nil {
			t.File, t.Line = r.Location.File, r.Location.Row
		}
		if r.Error != nil {
			t.Error = r.Error.Error()
		} else if r.Fail {
			t.Error = "test failed"
		}
		rep.Results = append(rep.Results, t)
	}
	sort.Slice(rep.Results, func(i, j int) bool {
		a, b := rep.Results[i], rep.Results[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	// Coverage is reported over the policies, not over the tests themselves.
	covered := cov.Report(mods)
	var hit, miss int
	for name, fr := range covered.Files {
		if f := ps.files[name]; f == nil || f.test {
			continue
		}
		h, m := fr.CoveredLines, fr.NotCoveredLines
		hit += h
		miss += m
		if h+m > 0 {
			rep.Files[name] = 100 * float64(h) / float64(h+m)
		}
		for _, rg := range fr.NotCovered {
			for l := rg.Start.Row; l <= rg.End.Row; l++ {
				rep.Missed[name] = append(rep.Missed[name], l)
			}
		}
	}
	if hit+miss > 0 {
		rep.Coverage = 100 * float64(hit) / float64(hit+miss)
	}
	return rep, nil
}
