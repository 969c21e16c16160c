package ghaction

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/gitindex"
	"github.com/paved-dev/paved/engine/report"
)

func result(status engine.Status, id, sev, file string, line int) engine.Result {
	r := engine.Result{
		Status:   status,
		Policy:   &engine.PolicyRef{ID: id, Title: id + " title", Severity: sev, Enforcement: "deny", Remediation: "fix " + id},
		Target:   &engine.TargetRef{Kind: "terraform", ID: "infra", Path: "infra"},
		Resource: "aws_thing." + strings.ToLower(strings.ReplaceAll(id, "-", "_")),
		Message:  id + " failed",
	}
	if file != "" {
		r.Location = &engine.Location{File: file, Line: line}
	}
	r.Fingerprint = engine.Fingerprint(id, r.Target.Identity(), r.Resource)
	return r
}

// fixture is a report as paved check writes it, read back as the action
// reads it, waivers included.
func fixture(t *testing.T) *Document {
	t.Helper()
	base := result(engine.StatusFail, "B-1", "critical", "infra/main.tf", 3)
	base.Baseline = true
	rs := []engine.Result{
		result(engine.StatusFail, "C-1", "critical", "infra/main.tf", 10),
		result(engine.StatusFail, "H-1", "high", "infra/main.tf", 20),
		result(engine.StatusFail, "H-2", "high", "infra/other.tf", 5), // not in the diff
		result(engine.StatusFail, "M-1", "medium", "infra/main.tf", 11),
		result(engine.StatusWarn, "W-1", "high", "infra/main.tf", 0), // file only
		result(engine.StatusError, "E-1", "high", "", 0),             // whole target
		result(engine.StatusPass, "P-1", "high", "infra/main.tf", 10),
		base,
	}
	waived := result(engine.StatusWaived, "X-1", "high", "infra/main.tf", 12)
	waived.WaiverID = "WV-1"
	rs = append(rs, waived)
	rep := &engine.Report{
		Tool:    engine.Tool{Name: "paved", Version: "v1.2.3"},
		Run:     engine.Run{ID: "run1", StartedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		FailOn:  "high",
		Targets: []engine.TargetSummary{{TargetRef: engine.TargetRef{Kind: "terraform", ID: "infra", Path: "infra"}, Resources: 7}},
		Results: rs,
		Summary: engine.Summarize(rs, "high"),
		Waivers: []*engine.Waiver{
			{ID: "WV-1", Policy: "X-1", Resource: "aws_thing.x_1", Owner: "team-a", Expires: "2026-03-04", Status: "expiring", Matched: 1, Source: engine.Location{File: ".paved/waivers.yaml", Line: 2}},
			{ID: "WV-2", Policy: "H-9", Owner: "team-b", Expires: "2026-02-20", Status: "expired", Source: engine.Location{File: ".paved/waivers.yaml", Line: 9}},
			{ID: "WV-3", Policy: "M-9", Owner: "team|c", Expires: "2027-01-01", Status: "stale", Source: engine.Location{File: ".paved/waivers.yaml", Line: 16}},
			{ID: "WV-4", Policy: "L-9", Owner: "team-d", Expires: "2026-12-31", Status: "active", Matched: 2, Source: engine.Location{File: ".paved/waivers.yaml", Line: 23}},
		},
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, report.FormatJSON, rep); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	doc, err := ReadReport("r.json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

var annotationRE = regexp.MustCompile(`^::(error|warning|notice) ([^:]*)::`)

func annotations(t *testing.T, out string) (cmds []string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		m := annotationRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("not a workflow command: %q", l)
		}
		cmds = append(cmds, m[1]+" "+m[2])
	}
	return cmds
}

func TestAnnotateChangedLines(t *testing.T) {
	doc := fixture(t)
	changed := gitindex.ChangedLines{"infra/main.tf": {{First: 3, Last: 3}, {First: 10, Last: 20}}}
	var out bytes.Buffer
	st, err := Annotate(&out, doc, AnnotateOptions{Changed: changed})
	if err != nil {
		t.Fatal(err)
	}
	got := annotations(t, out.String())
	want := []string{
		"error file=infra/main.tf,line=10,title=C-1 C-1 title",
		"error file=infra/main.tf,line=20,title=H-1 H-1 title",
		// report.SortResults: blocking, then new before baseline, then by
		// severity and place.
		"warning file=infra/main.tf,title=W-1 W-1 title",
		"warning file=infra/main.tf,line=11,title=M-1 M-1 title",
		"warning file=infra/main.tf,line=3,title=B-1 B-1 title", // baseline: reported, never blocking, last
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("annotations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if want := (AnnotateStats{Findings: 7, InDiff: 5, Errors: 2, Warnings: 3, Filtered: true}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	if !strings.Contains(out.String(), "::[critical] aws_thing.c_1: C-1 failed%0ARemediation: fix C-1\n") {
		t.Errorf("message format:\n%s", out.String())
	}
}

// Without a diff every finding is annotated; over the budget, blocking ones
// win and a notice says how many were left out.
func TestAnnotateBudget(t *testing.T) {
	doc := fixture(t)
	var out bytes.Buffer
	st, err := Annotate(&out, doc, AnnotateOptions{MaxErrors: 2, MaxWarnings: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := annotations(t, out.String())
	want := []string{
		"error file=infra/main.tf,line=10,title=C-1 C-1 title",
		"error title=E-1 E-1 title", // an error result has no location: still shown
		"warning file=infra/main.tf,title=W-1 W-1 title",
		"notice title=paved",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("annotations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if st.OverLimit != 4 || st.InDiff != 7 || st.Filtered {
		t.Errorf("stats %+v", st)
	}
	if !strings.Contains(out.String(), "::4 more findings not annotated (GitHub shows 2 errors and 1 warnings per step)") {
		t.Errorf("notice:\n%s", out.String())
	}
}

// Locations are made repository paths: the report was written in a
// subdirectory, or with absolute paths; a file outside is not placed.
func TestAnnotateRepoPaths(t *testing.T) {
	doc := fixture(t)
	doc.Results = []engine.Result{
		result(engine.StatusFail, "H-1", "high", "main.tf", 20),
		result(engine.StatusFail, "H-2", "high", "/src/repo/infra/b.tf", 2),
		result(engine.StatusFail, "H-3", "high", "../../outside.tf", 2),
	}
	var out bytes.Buffer
	if _, err := Annotate(&out, doc, AnnotateOptions{Repo: gitindex.Worktree{Root: "/src/repo", Prefix: "infra/"}}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(annotations(t, out.String()), "\n")
	want := "error title=H-3 H-3 title\nerror file=infra/b.tf,line=2,title=H-2 H-2 title\nerror file=infra/main.tf,line=20,title=H-1 H-1 title"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSummary(t *testing.T) {
	doc := fixture(t)
	var out bytes.Buffer
	err := Summary(&out, doc, SummaryOptions{
		Base:        "abc123",
		Annotations: AnnotateStats{Findings: 7, InDiff: 5, Errors: 2, Warnings: 3, Filtered: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{
		"❌ **4 blocking findings** at fail-on `high`",
		"| targets | resources | passed | failed | warnings | waived | errors | blocking |",
		"| 1 | 7 | 1 | 5 | 1 | 1 | 1 | 4 |",
		"| count | 2 | 2 | 1 | 0 |", // failing by severity
		"### Blocking findings (4)",
		"`infra/main.tf:10`",
		"### Waivers needing attention (3)",
		"| `WV-2` | expired | `H-9` | team-b | 2026-02-20 | 0 | `.paved/waivers.yaml:9` |",
		"| `WV-1` | expiring | `X-1` | team-a | 2026-03-04 | 1 | `.paved/waivers.yaml:2` |",
		"| `WV-3` | stale | `M-9` | team\\|c | 2027-01-01 | 0 | `.paved/waivers.yaml:16` |",
		"5 findings of 7 on lines changed since `abc123`; 5 annotated.",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "WV-4") {
		t.Error("an active waiver far from expiry needs no attention")
	}
	// Waivers listed soonest expiry first.
	if i, j := strings.Index(s, "WV-2"), strings.Index(s, "WV-1"); i > j {
		t.Error("waivers not in expiry order")
	}
}

func TestSummaryWithoutWaivers(t *testing.T) {
	doc := fixture(t)
	doc.Waivers = nil
	var out bytes.Buffer
	if err := Summary(&out, doc, SummaryOptions{Annotations: AnnotateStats{Findings: 7, InDiff: 7, Errors: 3, Warnings: 4}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "Waivers") || !strings.Contains(out.String(), "7 of 7 findings annotated.") {
		t.Errorf("summary:\n%s", out.String())
	}
}

func TestOutputs(t *testing.T) {
	doc := fixture(t)
	var out bytes.Buffer
	if err := WriteOutputs(&out, Outputs(doc, 1, "/tmp/r.sarif", "/tmp/r.json")); err != nil {
		t.Fatal(err)
	}
	want := "exit-code=1\nfailed=5\nblocking=4\nwarnings=1\nwaived=1\npassed=1\nerrors=1\nsarif=/tmp/r.sarif\njson=/tmp/r.json\n"
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
	out.Reset()
	WriteOutputs(&out, Outputs(nil, 2, "", "a\nPAVED_EOF\nb"))
	if want := "exit-code=2\njson<<PAVED_EOF_\na\nPAVED_EOF\nb\nPAVED_EOF_\n"; out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}

func TestReadReportErrors(t *testing.T) {
	for _, tt := range []struct{ in, err string }{
		{"{\n  \"schema\": \"paved.report/v1\",\n  \"results\": [\n    {\"status\": 3}\n  ]\n}", "r.json:4:"},
		{"{\n\"schema\": \"paved.report/v1\",\n,", "r.json:3:"},
		{`{"schema": "sarif"}`, `schema "sarif" is not paved.report/v1`},
		{`{"schema": "paved.report/v1", "run": {"id": "r", "started_at": "2026-03-01T00:00:00Z"}, "results": [{"status": "fail", "target": {"id": "x"}}]}`, "result 0 has no policy"},
		{"", "r.json:1:"},
	} {
		_, err := ReadReport("r.json", strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ReadReport(%q): %v, want %q", tt.in, err, tt.err)
		}
	}
}

func FuzzReadReport(f *testing.F) {
	f.Add(`{"schema":"paved.report/v1","fail_on":"high","results":[{"status":"fail","policy":{"id":"A","severity":"high"},"target":{"kind":"terraform","id":"infra"},"location":{"file":"a.tf","line":2}}],"waivers":[{"id":"W","expires":"2026-01-01","status":"stale"}]}`)
	f.Add(`{"schema":"paved.report/v1","waivers":[{"expires":"soon"}]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, in string) {
		doc, err := ReadReport("r.json", strings.NewReader(in))
		if err != nil {
			return
		}
		// Whatever it holds, publishing it must not fail or panic.
		var out bytes.Buffer
		st, err := Annotate(&out, doc, AnnotateOptions{Changed: gitindex.ChangedLines{"a.tf": {{First: 1, Last: 5}}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := Summary(&out, doc, SummaryOptions{Annotations: st}); err != nil {
			t.Fatal(err)
		}
		if err := WriteOutputs(&out, Outputs(doc, 0, "", "")); err != nil {
			t.Fatal(err)
		}
		_ = fmt.Sprint(st)
	})
}
