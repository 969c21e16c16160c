package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/check"
)

func loadTestData(files []string) (map[string]any, error) {
	if len(files) == 0 {
		return nil, nil
	}
	params, err := check.LoadData(files)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("--data: %w", err)}
	}
	return map[string]any{"params": params}, nil
}

func writeTestReport(w io.Writer, rep *engine.TestReport, ps *engine.PolicySet, coverage bool) {
	for _, r := range rep.Results {
		if r.Pass {
			continue
		}
		fmt.Fprintf(w, "FAIL %s:%d: %s.%s\n", r.File, r.Line, r.Package, r.Name)
		if r.Error != "" {
			fmt.Fprintf(w, "     %s\n", r.Error)
		}
		if r.Output != "" {
			fmt.Fprintf(w, "     %s\n", r.Output)
		}
	}
	if coverage {
		files := make([]string, 0, len(rep.Files))
		for f := range rep.Files {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			fmt.Fprintf(w, "%5.1f%%  %s\n", rep.Files[f], f)
		}
	}
	failed := rep.Failed()
	fmt.Fprintf(w, "%d tests, %d passed, %d failed; %d policies, coverage %.1f%%\n",
		len(rep.Results), len(rep.Results)-failed, failed, len(ps.Policies), rep.Coverage)
}
