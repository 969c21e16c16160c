package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/internal/testenv"
)

// copyStack copies the insecure example stack into dir/stack.
func copyStack(t *testing.T, dir string) string {
	t.Helper()
	stack := filepath.Join(dir, "stack")
	for _, f := range []string{"main.tf", "variables.tf", "modules/bucket/main.tf"} {
		b, err := os.ReadFile("../../examples/terraform/insecure-stack/" + f)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(stack, f)), 0o755)
		os.WriteFile(filepath.Join(stack, f), b, 0o644)
	}
	return stack
}

func TestCheckWaivers(t *testing.T) {
	dir := t.TempDir()
	stack := copyStack(t, dir)
	// Which findings block without waivers?
	_, out, _ := paved(t, "check", stack, "-f", "json", "--config", "none")
	var blocking []engine.Result
	for _, r := range jsonReport(t, out).Results {
		if r.Blocking("high") {
			blocking = append(blocking, r)
		}
	}
	if len(blocking) < 3 {
		t.Fatalf("fixture: %d blocking findings, want several", len(blocking))
	}
	// Waive every blocking finding but one through the file, one of them
	// through an inline comment, and add an expired and a stale waiver.
	inlineRes := blocking[0]
	yes := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	soon := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	var ws strings.Builder
	ws.WriteString("waivers:\n")
	// Findings declared with the first (count instances) go with it.
	var rest []engine.Result
	for _, r := range blocking[1:] {
		if *r.Location != *inlineRes.Location || r.Policy.ID != inlineRes.Policy.ID {
			rest = append(rest, r)
		}
	}
	for i, r := range rest[:len(rest)-1] {
		writeWaiver(&ws, "W-%d", i, r.Policy.ID, r.Resource, soon)
	}
	last := rest[len(rest)-1]
	writeWaiver(&ws, "EXPIRED-%d", 0, last.Policy.ID, last.Resource, yes)
	writeWaiver(&ws, "STALE-%d", 0, "NO-SUCH-POLICY", "", "")
	os.MkdirAll(filepath.Join(stack, ".paved"), 0o755)
	os.WriteFile(filepath.Join(stack, ".paved", "waivers.yaml"), []byte(ws.String()), 0o644)

	// The inline comment goes above the declaration of the first finding.
	file := filepath.Join(stack, strings.TrimPrefix(inlineRes.Location.File, filepath.ToSlash(stack)+"/"))
	src, _ := os.ReadFile(file)
	lines := strings.Split(string(src), "\n")
	decl := declLine(t, jsonReport(t, out), inlineRes)
	lines = append(lines[:decl-1], append([]string{`# paved:ignore ` + inlineRes.Policy.ID + ` reason="accepted for the test" owner=team-test`}, lines[decl-1:]...)...)
	os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644)

	code, out, errs := paved(t, "check", stack, "-f", "json")
	validate(t, "../../schemas/paved.report.v1.json", out)
	rep := jsonReport(t, out)
	var still []string
	for _, r := range rep.Results {
		if r.Blocking("high") {
			still = append(still, r.Policy.ID+" "+r.Resource)
		}
		if r.Status == engine.StatusWaived && r.WaiverID == "" {
			t.Errorf("waived result without waiver id: %+v", r)
		}
	}
	if code != 1 || len(still) != 1 || still[0] != last.Policy.ID+" "+last.Resource {
		t.Fatalf("exit %d, blocking %v: only the expired waiver's finding may block (%s)", code, still, errs)
	}
	status := map[string]string{}
	for _, w := range rep.Waivers {
		status[w.ID] = w.Status
		if w.Inline && w.Owner != "team-test" {
			t.Errorf("inline waiver owner %q", w.Owner)
		}
	}
	if status["EXPIRED-0"] != "expired" || status["STALE-0"] != "stale" || status["W-0"] != "expiring" {
		t.Errorf("waiver statuses %v", status)
	}
	inlineFound := false
	for id, st := range status {
		if strings.HasPrefix(id, "inline:") && st == "active" {
			inlineFound = true
		}
	}
	if !inlineFound {
		t.Errorf("inline waiver not applied: %v", status)
	}

	// The text report says which waivers need attention.
	_, text, _ := paved(t, "check", stack)
	for _, want := range []string{"EXPIRED-0  expired", "STALE-0  matches nothing"} {
		if !strings.Contains(text, want) {
			t.Errorf("text report lacks %q", want)
		}
	}

	// paved waivers list shows all of them, needing attention first.
	code, out, errs = paved(t, "waivers", "list", stack, "-f", "json")
	if code != 0 {
		t.Fatalf("waivers list: exit %d %s", code, errs)
	}
	var list []engine.Waiver
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != len(rest)+2 || list[0].Status != "expired" {
		t.Errorf("waivers list: %d waivers, first %q", len(list), list[0].Status)
	}
	_, text, _ = paved(t, "waivers", "list", stack)
	if !strings.Contains(text, "STATUS") || !strings.Contains(text, "1 expired, 1 stale") {
		t.Errorf("waivers list table:\n%s", text)
	}

	// A run that judges only part of what the waivers govern (a
	// subdirectory, --exclude) calls no waiver stale: it cannot know.
	wfile := filepath.Join(stack, ".paved", "waivers.yaml")
	for _, args := range [][]string{
		{"check", filepath.Join(stack, "modules", "bucket"), "--waivers", wfile, "-f", "json"},
		{"check", stack, "--exclude", "modules/", "-f", "json"},
	} {
		code, out, errs := paved(t, args...)
		seen := map[string]string{}
		for _, w := range jsonReport(t, out).Waivers {
			seen[w.ID] = w.Status
			if w.Status == engine.WaiverStale {
				t.Errorf("%v: waiver %s called stale (%s)", args[1:], w.ID, errs)
			}
		}
		// The waiver a full run calls stale is there, and in force.
		if code > 1 || seen["STALE-0"] != engine.WaiverActive {
			t.Errorf("%v: exit %d, STALE-0 %q, want it listed active (%s)", args[1:], code, seen["STALE-0"], errs)
		}
	}

	// A waiver without an owner is a config error, at its line.
	os.WriteFile(filepath.Join(stack, ".paved", "waivers.yaml"), []byte("waivers:\n  - id: X\n    policy: Y\n    reason: r\n"), 0o644)
	code, _, errs = paved(t, "check", stack)
	if code != 2 || !strings.Contains(errs, "waivers.yaml:2:") || !strings.Contains(errs, "owner") {
		t.Fatalf("waiver without owner: exit %d, stderr %s", code, errs)
	}
	// So is an inline one without a reason.
	os.Remove(filepath.Join(stack, ".paved", "waivers.yaml"))
	os.WriteFile(file, []byte("# paved:ignore X\n"+string(src)), 0o644)
	code, _, errs = paved(t, "check", stack)
	if code != 2 || !strings.Contains(errs, ":1: paved:ignore X needs reason=") {
		t.Fatalf("inline waiver without reason: exit %d, stderr %s", code, errs)
	}
}

func writeWaiver(b *strings.Builder, idf string, i int, policy, resource, expires string) {
	b.WriteString("  - id: " + strings.Replace(idf, "%d", string(rune('0'+i%10))+strings.Repeat("x", i/10), 1) + "\n")
	b.WriteString("    policy: " + policy + "\n")
	if resource != "" {
		b.WriteString("    resource: '" + resource + "'\n")
	}
	b.WriteString("    reason: accepted in the test\n    owner: team-test\n")
	if expires != "" {
		b.WriteString("    expires: " + expires + "\n")
	}
}

// declLine is the line a finding's resource is declared on.
func declLine(t *testing.T, rep *engine.Report, r engine.Result) int {
	t.Helper()
	if r.Location == nil || r.Location.Line == 0 {
		t.Fatalf("finding without a line: %+v", r)
	}
	return r.Location.Line
}

func TestConfigAndInit(t *testing.T) {
	dir := t.TempDir()
	stack := copyStack(t, dir)
	os.Mkdir(filepath.Join(dir, ".git"), 0o755) // the repository root bounds the config search
	code, out, errs := paved(t, "init", dir)
	if code != 0 || !strings.Contains(out, ".paved.yaml") {
		t.Fatalf("init: exit %d %s %s", code, out, errs)
	}
	if code, _, errs := paved(t, "init", dir); code != 2 || !strings.Contains(errs, "--force") {
		t.Fatalf("second init: exit %d %s", code, errs)
	}
	// The starter config is read from the scanned path's parent: fail_on
	// high, so the stack blocks.
	if code, _, _ := paved(t, "check", stack); code != 1 {
		t.Fatalf("check with the starter config: exit %d", code)
	}
	// fail_on and an override from the config; a flag wins over the file.
	cfg := "version: 1\nfail_on: critical\noverrides:\n  - policy: 'TF-*'\n    enforcement: warn\n    until: 2999-12-31\n"
	os.WriteFile(filepath.Join(dir, ".paved.yaml"), []byte(cfg), 0o644)
	code, out, _ = paved(t, "check", stack, "-f", "json")
	rep := jsonReport(t, out)
	if code != 0 || rep.FailOn != "critical" || rep.Summary.Fail != 0 || rep.Summary.Warn == 0 {
		t.Fatalf("config fail_on and warn override: exit %d, fail_on %s, summary %+v", code, rep.FailOn, rep.Summary)
	}
	// An override past its date lapses: the policies deny again.
	os.WriteFile(filepath.Join(dir, ".paved.yaml"), []byte(strings.Replace(cfg, "2999-12-31", "2020-01-01", 1)), 0o644)
	if code, out, _ := paved(t, "check", stack, "-f", "json", "--fail-on", "low"); code != 1 || jsonReport(t, out).FailOn != "low" {
		t.Fatalf("lapsed override with --fail-on low: exit %d", code)
	}
	// An invalid config is exit 2 naming the key and line.
	os.WriteFile(filepath.Join(dir, ".paved.yaml"), []byte("version: 1\nfail_on: high\npolicy: [x]\n"), 0o644)
	code, _, errs = paved(t, "check", stack)
	if code != 2 || !strings.Contains(errs, ".paved.yaml:3:") || !strings.Contains(errs, "'policy'") {
		t.Fatalf("invalid config: exit %d, stderr %s", code, errs)
	}
	// --config none ignores it.
	if code, _, _ := paved(t, "check", stack, "--config", "none"); code != 1 {
		t.Fatalf("--config none: exit %d", code)
	}
}

func TestPublishedConfigSchemasMatchEmbedded(t *testing.T) {
	for _, pair := range [][2]string{
		{"../../schemas/paved.config.v1.json", "../../engine/config/schema/paved.config.v1.json"},
		{"../../schemas/paved.waivers.v1.json", "../../engine/waiver/schema/paved.waivers.v1.json"},
	} {
		a, err1 := os.ReadFile(pair[0])
		b, err2 := os.ReadFile(pair[1])
		if err1 != nil || err2 != nil || string(a) != string(b) {
			t.Errorf("%s differs from %s; copy one over the other", pair[0], pair[1])
		}
	}
}

// The legacy example repository carries one waiver in force and one expired:
// make demo shows both.
func TestLegacyExampleWaivers(t *testing.T) {
	testenv.Tool(t, "apt-get install git", "git")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples/repos/legacy-service")); err != nil {
		t.Fatal(err)
	}
	// W-001 expires on a fixed date; the copy moves it a year from today so
	// the test means the same in 2031.
	wf := filepath.Join(dir, ".paved", "waivers.yaml")
	b, err := os.ReadFile(wf)
	if err != nil {
		t.Fatal(err)
	}
	const fixed = "expires: 2030-12-31"
	if !bytes.Contains(b, []byte(fixed)) {
		t.Fatalf("%s no longer has W-001's %q", wf, fixed)
	}
	b = bytes.Replace(b, []byte(fixed), []byte("expires: "+time.Now().AddDate(1, 0, 0).Format(time.DateOnly)), 1)
	if err := os.WriteFile(wf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	gitCmd(t, dir, "init", "-q", "-b", "main")
	code, out, errs := paved(t, "check", dir, "-f", "json")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rep := jsonReport(t, out)
	got := map[string]string{}
	for _, w := range rep.Waivers {
		got[w.ID] = fmt.Sprintf("%s/%d", w.Status, w.Matched)
	}
	if got["W-001"] != "active/1" || got["W-002"] != "expired/1" || rep.Summary.Waived != 1 {
		t.Errorf("example waivers %v, waived %d; want W-001 active/1, W-002 expired/1", got, rep.Summary.Waived)
	}
}
