package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

func TestEscape(t *testing.T) {
	tests := []struct {
		in, data, prop string
	}{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"line1\nline2", "line1%0Aline2", "line1%0Aline2"},
		{"crlf\r\n", "crlf%0D%0A", "crlf%0D%0A"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A literal", "%250A literal", "%250A literal"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
	}
	for _, tt := range tests {
		if got := escapeData(tt.in); got != tt.data {
			t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeProperty(tt.in); got != tt.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

func TestGitHubCommands(t *testing.T) {
	ps := fixturePolicies()
	tgt := engine.TargetRef{Kind: "repo", ID: "svc", Path: "svc"}
	mk := func(status engine.Status, policy, msg, file string, line int) *engine.Report {
		res := result(ps, status, policy, tgt, "res", msg, file, line)
		return newReport(ps, []engine.TargetSummary{{TargetRef: tgt, Resources: 1}}, []engine.Result{res})
	}
	tests := []struct {
		name string
		r    *engine.Report
		want string
	}{
		{"blocking fail with line", mk(engine.StatusFail, "IMG-SEC-001", "runs as root", "Dockerfile", 7),
			"::error file=Dockerfile,line=7,title=IMG-SEC-001 Images do not run as root::[high] res: runs as root%0ARemediation: Add a USER instruction with a non-root uid.\n"},
		{"non-blocking fail is a warning", mk(engine.StatusFail, "REPO-GOV-001", "no owners", "", 0),
			"::warning title=REPO-GOV-001 Repositories have a CODEOWNERS file::[medium] res: no owners%0ARemediation: Add .github/CODEOWNERS naming the owning team.\n"},
		{"file with colon, comma and percent; message with newline", mk(engine.StatusFail, "REPO-CI-002", "a\nb 50%", "dir:x/a,b%.yml", 0),
			"::warning file=dir%3Ax/a%2Cb%25.yml,title=REPO-CI-002 Workflows pin actions by commit SHA::[low] res: a%0Ab 50%25%0ARemediation: Replace uses: owner/action@v4"},
		{"warn", mk(engine.StatusWarn, "TF-AWS-TAG-003", "no tag", "main.tf", 2),
			"::warning file=main.tf,line=2,title=TF-AWS-TAG-003 Resources carry an owner tag::[low] warn: res: no tag"},
		{"error result", mk(engine.StatusError, "REPO-CI-002", "cannot parse", "ci.yml", 0),
			"::error file=ci.yml,title=REPO-CI-002 Workflows pin actions by commit SHA::[low] error: res: cannot parse"},
		{"pass writes nothing", mk(engine.StatusPass, "REPO-CI-002", "", "ci.yml", 0), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, FormatGitHub, tt.r); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
			if (tt.want == "" && got != "") || !strings.HasPrefix(got, tt.want) {
				t.Errorf("got  %q\nwant %q…", got, tt.want)
			}
			if strings.Count(got, "\n") > 1 {
				t.Errorf("one result wrote several lines: %q", got)
			}
		})
	}
}

// Every annotation is exactly one line and starts a command: nothing in a
// message can start a command of its own.
func TestGitHubOneLinePerFinding(t *testing.T) {
	out := string(render(t, FormatGitHub, "full", Options{}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 8 {
		t.Fatalf("%d lines, want 8 (5 fail, 1 warn, 2 error):\n%s", len(lines), out)
	}
	errs := 0
	for _, l := range lines {
		if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") {
			t.Errorf("not a workflow command: %q", l)
		}
		if strings.HasPrefix(l, "::error ") {
			errs++
		}
	}
	if errs != fullReport().Summary.Blocking {
		t.Errorf("%d ::error lines, want one per blocking result (%d)", errs, fullReport().Summary.Blocking)
	}
	if out := render(t, FormatGitHub, "passes", Options{}); len(out) != 0 {
		t.Errorf("only passes: got %q, want nothing", out)
	}
}
