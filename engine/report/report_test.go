package report

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func render(t *testing.T, format string, name string, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteWith(&buf, format, fixtures()[name](), opts); err != nil {
		t.Fatalf("WriteWith(%s, %s): %v", format, name, err)
	}
	return buf.Bytes()
}

// TestGolden compares every format's output on every fixture with
// testdata/<fixture>.<format>.golden; run with -update to rewrite them.
func TestGolden(t *testing.T) {
	type tc struct {
		format, fixture, file string
		opts                  Options
	}
	var cases []tc
	for _, f := range Formats() {
		for _, fx := range []string{"full", "empty", "passes", "vex"} {
			cases = append(cases, tc{f, fx, fx + "." + f + ".golden", Options{}})
		}
	}
	cases = append(cases, tc{FormatText, "full", "full.text-color.golden", Options{Color: true}})
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			got := render(t, c.format, c.fixture, c.opts)
			path := filepath.Join("testdata", c.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./engine/report -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (review, then -update):\n%s", path, lineDiff(string(want), string(got)))
			}
		})
	}
}

// lineDiff shows the first lines that differ, enough to see what changed.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 10; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n  want: %q\n  got:  %q\n", i+1, w, g)
			shown++
		}
	}
	return b.String()
}

func TestDeterministic(t *testing.T) {
	for _, f := range Formats() {
		a, b := render(t, f, "full", Options{}), render(t, f, "full", Options{})
		if !bytes.Equal(a, b) {
			t.Errorf("%s output differs between two runs", f)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "yaml", fullReport())
	if err == nil {
		t.Fatal("Write with an unknown format succeeded")
	}
	for _, f := range Formats() {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not name the valid format %s", err, f)
		}
	}
}

func TestNilReport(t *testing.T) {
	if err := Write(&bytes.Buffer{}, FormatText, nil); err == nil {
		t.Fatal("Write(nil report) succeeded")
	}
}

func TestFormatsIsACopy(t *testing.T) {
	f := Formats()
	f[0] = "mutated"
	if slices.Contains(Formats(), "mutated") {
		t.Fatal("Formats returns shared state")
	}
	want := []string{"text", "json", "sarif", "junit", "github", "markdown"}
	if !slices.Equal(Formats(), want) {
		t.Fatalf("Formats() = %v, want %v", Formats(), want)
	}
}

type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteErrorsPropagate(t *testing.T) {
	for _, f := range Formats() {
		err := Write(failWriter{}, f, fullReport())
		if !errors.Is(err, errWrite) {
			t.Errorf("%s: Write to a failing writer = %v, want %v", f, err, errWrite)
		}
	}
}

// Reporters must not change the report they format.
func TestReportUnchanged(t *testing.T) {
	r := fullReport()
	r.Policies[3].Controls = nil
	r.Summary.BySeverity = nil
	before := render(t, FormatJSON, "full", Options{})
	for _, f := range Formats() {
		if err := Write(&bytes.Buffer{}, f, r); err != nil {
			t.Fatal(err)
		}
	}
	if r.Policies[3].Controls != nil || r.Summary.BySeverity != nil || r.Results[0].Status != "pass" {
		t.Fatal("a reporter modified the report")
	}
	if after := render(t, FormatJSON, "full", Options{}); !bytes.Equal(before, after) {
		t.Fatal("output changed after other reporters ran")
	}
}

func TestTextSummary(t *testing.T) {
	tests := []struct {
		fixture string
		want    []string
		not     []string
	}{
		{"full", []string{
			"4 targets, 10 resources, 13 checks: 4 passed, 5 failed (critical 1, high 2, medium 1, low 1), 1 warning, 1 waived, 2 errors — 5 blocking at fail-on=high\n",
			"CRITICAL  TF-AWS-RDS-002  RDS instances are not publicly accessible  [blocking]\n",
			"          infra/prod/modules/db/main.tf:14\n",
			"          remediation: Add an aws_s3_bucket_server_side_encryption_configuration for the bucket.\n",
			"LOW       TF-AWS-TAG-003  Resources carry an owner tag  [warn]\n",
			"CRITICAL  PAVED-LOAD  Input could not be loaded  [error]\n",
			"          remediation: Fix the reported syntax or read error; paved never passes input it could not read.\n",
			"MEDIUM    TF-AWS-SG-004  Security groups do not allow 0.0.0.0/0 ingress  [error]\n",
		}, []string{"aws_s3_bucket.assets", "legacy_logs", "aws:kms", "\x1b[", "Restrict cidr_blocks"}},
		{"empty", []string{"1 target, 0 resources, 0 checks: 0 passed, 0 failed (critical 0, high 0, medium 0, low 0), 0 warnings, 0 waived, 0 errors — 0 blocking at fail-on=high\n"}, nil},
		{"passes", []string{"1 target, 2 resources, 2 checks: 2 passed, 0 failed"}, []string{"aws_s3_bucket.assets", "PASS"}},
	}
	for _, tt := range tests {
		out := string(render(t, FormatText, tt.fixture, Options{}))
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: text output lacks %q:\n%s", tt.fixture, w, out)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(out, n) {
				t.Errorf("%s: text output contains %q:\n%s", tt.fixture, n, out)
			}
		}
	}
}

func TestTextOrder(t *testing.T) {
	out := string(render(t, FormatText, "full", Options{}))
	order := []string{"PAVED-LOAD", "TF-AWS-RDS-002", "IMG-SEC-001", "TF-AWS-S3-001  S3 buckets encrypt data at rest  [blocking]",
		"TF-AWS-SG-004", "REPO-GOV-001", "TF-AWS-TAG-003", "REPO-CI-002"}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i < 0 || i < last {
			t.Fatalf("%q out of order (want blocking first, then by severity):\n%s", s, out)
		}
		last = i
	}
}

func TestTextColor(t *testing.T) {
	out := string(render(t, FormatText, "full", Options{Color: true}))
	if !strings.Contains(out, "\x1b[1;31m") && !strings.Contains(out, ansiBold+ansiRed) {
		t.Fatal("coloured output has no colour")
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tkept", "tab\tkept"},
		{"esc\x1b[2Jx", `esc\x1b[2Jx`},
		{"bell\a", `bell\x07`},
		{"c1\u009bx", `c1\x9bx`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"ünïcode ✓", "ünïcode ✓"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFirstParagraph(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"one line", "one line"},
		{"wrapped by\nYAML block\n", "wrapped by YAML block"},
		{"first\r\nparagraph\r\n\r\nsecond", "first paragraph"},
		{"  lead\n\n\nrest", "lead"},
	}
	for _, tt := range tests {
		if got := firstParagraph(tt.in); got != tt.want {
			t.Errorf("firstParagraph(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A target that failed to load is never silent in the text report, even
// when the engine recorded no error result for it.
func TestTextTargetErrorWithoutResult(t *testing.T) {
	r := emptyReport()
	r.Targets[0].Error = "services/empty/ci.yml:4: mapping values are not allowed here\nmore detail"
	var buf bytes.Buffer
	if err := Write(&buf, FormatText, r); err != nil {
		t.Fatal(err)
	}
	if want := "ERROR     repo:services/empty  services/empty/ci.yml:4: mapping values are not allowed here\n"; !strings.HasPrefix(buf.String(), want) {
		t.Fatalf("got %q, want prefix %q", buf.String(), want)
	}
}

// New findings come before those a baseline already has, whatever their
// severity, once blocking ones are out of the way.
func TestSortResultsNewBeforeBaseline(t *testing.T) {
	mk := func(id, sev string, baseline bool) engine.Result {
		return engine.Result{Status: engine.StatusFail, Policy: &engine.PolicyRef{ID: id, Severity: sev}, Baseline: baseline}
	}
	rs := []engine.Result{mk("OLD-CRIT", "critical", true), mk("NEW-LOW", "low", false), mk("NEW-HIGH", "high", false)}
	SortResults(rs, "high")
	var got []string
	for _, r := range rs {
		got = append(got, r.Policy.ID)
	}
	if strings.Join(got, ",") != "NEW-HIGH,NEW-LOW,OLD-CRIT" {
		t.Errorf("order %v: want the blocking one, the new one, then the baseline one", got)
	}
}

// randomResults are n findings with few distinct keys, so many tie.
func randomResults(n int) []engine.Result {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(vs ...string) string { return vs[rng.IntN(len(vs))] }
	targets := []*engine.TargetRef{{Kind: "sbom", ID: "a.json"}, {Kind: "terraform", ID: "infra"}, {Kind: "repo", ID: "."}}
	var rs []engine.Result
	for range n {
		r := engine.Result{
			Status:   []engine.Status{engine.StatusFail, engine.StatusWarn, engine.StatusError}[rng.IntN(3)],
			Policy:   &engine.PolicyRef{ID: pick("P-1", "P-2", "P-3"), Severity: pick("critical", "high", "medium", "low")},
			Target:   targets[rng.IntN(len(targets))],
			Resource: pick("r1", "r2", ""),
			Message:  strconv.Itoa(rng.IntN(1000)), // tells equal-keyed results apart
			Baseline: rng.IntN(4) == 0,
		}
		if rng.IntN(3) > 0 {
			r.Location = &engine.Location{File: pick("a.tf", "b.tf"), Line: rng.IntN(4)}
		}
		rs = append(rs, r)
	}
	return rs
}

// SortResults sorts positions with precomputed keys; it must order as the
// plain stable sort of results by the same comparison did, ties included.
func TestSortResultsMatchesStableSort(t *testing.T) {
	rs := randomResults(3000)
	want := slices.Clone(rs)
	slices.SortStableFunc(want, func(a, b engine.Result) int {
		ab, bb := a.Blocking("high"), b.Blocking("high")
		if ab != bb {
			if ab {
				return -1
			}
			return 1
		}
		if a.Baseline != b.Baseline {
			if b.Baseline {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(engine.SeverityRank(b.Policy.Severity), engine.SeverityRank(a.Policy.Severity)); c != 0 {
			return c
		}
		af, al := a.FileLine()
		bf, bl := b.FileLine()
		return cmp.Or(cmp.Compare(af, bf), cmp.Compare(al, bl), cmp.Compare(a.Policy.ID, b.Policy.ID),
			cmp.Compare(a.Target.Kind, b.Target.Kind), cmp.Compare(a.Target.ID, b.Target.ID),
			cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Status, b.Status))
	})
	SortResults(rs, "high")
	for i := range rs {
		if !reflect.DeepEqual(rs[i], want[i]) {
			t.Fatalf("position %d: %+v, want %+v", i, rs[i], want[i])
		}
	}
}

// The findings of a 50,000-component SBOM: 42,000 warnings.
func BenchmarkSortResults(b *testing.B) {
	rs := randomResults(42000)
	work := make([]engine.Result, len(rs))
	for b.Loop() {
		copy(work, rs)
		SortResults(work, "high")
	}
}

// sharedRefs makes results share their policy references, as a run's do,
// with the text of a real policy.
func sharedRefs(rs []engine.Result) []engine.Result {
	refs := map[string]*engine.PolicyRef{}
	for i := range rs {
		id := rs[i].Policy.ID + rs[i].Policy.Severity
		if refs[id] == nil {
			p := *rs[i].Policy
			p.Title = "Components name their supplier"
			p.Remediation = "Have the generator fill component supplier (or manufacturer /\npublisher), e.g. from package registry metadata.\n\nOr enrich the SBOM."
			p.Controls = []string{"NTIA-SBOM-Minimum-Elements", "EO-14028"}
			refs[id] = &p
		}
		rs[i].Policy = refs[id]
		rs[i].Message = "component pkg:npm/concat-stream@1.6.2 names no supplier, manufacturer or publisher " + rs[i].Message
		rs[i].Fingerprint = "cde69c9dc0ab85b5a512a73d894df1ab"
	}
	return rs
}

// The reports of a 50,000-component SBOM: 400,000 results, 42,000 of them
// warnings and failures (all that text, annotations and SARIF show). JSON
// and JUnit, which hold every result, are measured on 100,000.
func BenchmarkWriteReports(b *testing.B) {
	for _, tc := range []struct {
		format string
		n      int
	}{{FormatText, 42000}, {FormatGitHub, 42000}, {FormatSARIF, 42000}, {FormatJSON, 100000}, {FormatJUnit, 100000}} {
		rs := sharedRefs(randomResults(tc.n))
		rep := &engine.Report{FailOn: "high", Results: rs, Summary: engine.Summarize(rs, "high")}
		b.Run(tc.format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, tc.format, rep); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
