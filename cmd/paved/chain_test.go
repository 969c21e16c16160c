package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/chain"
)

// verified is `paved evidence verify BUNDLE --format json`.
func verified(t *testing.T, path, pub string) *bundle.Verification {
	t.Helper()
	code, out, errs := paved(t, "evidence", "verify", path, "--key", pub, "--format", "json")
	var v bundle.Verification
	if err := json.Unmarshal([]byte(out), &v); code != 0 || err != nil {
		t.Fatalf("verify %s: exit %d, %v: %s", path, code, err, errs)
	}
	return &v
}

// Runs of paved check, each given --evidence-previous, leave bundles that
// chain; verify --chain proves the chain and names what breaks it: a
// bundle removed, a bundle changed, a fork. --evidence-previous of another
// scope, or of nothing readable, is exit 2.
func TestEvidenceChain(t *testing.T) {
	t.Setenv(evidenceKeyEnv, "")
	t.Setenv(evidencePreviousEnv, "")
	priv, pub := keyFiles(t)
	dir := t.TempDir()
	ev := filepath.Join(dir, "ev")
	if err := os.Mkdir(ev, 0o755); err != nil {
		t.Fatal(err)
	}
	stack := "../../examples/terraform/compliant-stack"
	check := func(dst string, extra ...string) (int, string, string) {
		return paved(t, append([]string{"check", stack, "--fail-on", "critical", "--evidence", filepath.Join(ev, dst), "--evidence-key", priv}, extra...)...)
	}

	names := []string{"r1", "r2.tar.gz", "r3", "r4.tar.gz"}
	for i, n := range names {
		var extra []string
		switch i {
		case 0, 1:
			extra = []string{"--evidence-previous", ev}
		case 2:
			t.Setenv(evidencePreviousEnv, ev)
		case 3:
			extra = []string{"--evidence-previous", ev, "--evidence-previous-key", pub}
		}
		code, _, errs := check(n, extra...)
		if code != 0 {
			t.Fatalf("check %d: exit %d: %s", i+1, code, errs)
		}
		switch {
		case i == 0 && !strings.Contains(errs, "this bundle starts a chain"):
			t.Errorf("the first run does not say it starts the chain: %q", errs)
		case i == 2 && !strings.Contains(errs, "integrity only"):
			t.Errorf("a previous bundle checked without a key, and no note: %q", errs)
		case i == 3 && errs != "":
			t.Errorf("a previous bundle checked with its key: %q", errs)
		}
	}
	t.Setenv(evidencePreviousEnv, "")
	var vs []*bundle.Verification
	for _, n := range names {
		vs = append(vs, verified(t, filepath.Join(ev, n), pub))
	}
	for i, v := range vs {
		if v.Attests.Scope == "" || v.Attests.Scope != vs[0].Attests.Scope {
			t.Errorf("%s: scope %q", names[i], v.Attests.Scope)
		}
		switch p := v.Attests.PreviousBundle; {
		case i == 0 && p != nil:
			t.Errorf("%s follows %s", names[i], *p)
		case i > 0 && (p == nil || *p != vs[i-1].Digest):
			t.Errorf("%s follows %v, want %s", names[i], p, vs[i-1].Digest)
		}
	}

	code, out, errs := paved(t, "evidence", "verify", "--chain", ev, "--key", pub)
	if code != 0 || !strings.Contains(out, "chain intact") || !strings.Contains(out, "4 of the scope's 4 bundles") || !strings.Contains(out, vs[3].Digest) {
		t.Fatalf("verify --chain: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = paved(t, "evidence", "verify", "--chain", ev, "--key", pub, "--format", "json", "--scope", vs[0].Attests.Scope)
	var rep chain.Report
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || !rep.Intact || len(rep.Scopes) != 1 || len(rep.Scopes[0].Runs) != 4 {
		t.Errorf("verify --chain --format json: exit %d, %v: %s", code, err, out)
	}
	// A period from the third run: it follows the second, before it.
	from := vs[2].Attests.Run.FinishedAt.Format(time.RFC3339Nano)
	code, out, errs = paved(t, "evidence", "verify", "--chain", ev, "--key", pub, "--from", from, "--to", "2199-12-31")
	if code != 0 || !strings.Contains(out, "2 of the scope's 4 bundles") || !strings.Contains(out, "follows         r2.tar.gz") {
		t.Errorf("verify --chain --from the third run: exit %d\n%s%s", code, out, errs)
	}

	// The second removed: the gap between the first and the third.
	hold := filepath.Join(dir, "hold")
	os.Mkdir(hold, 0o755)
	if err := os.Rename(filepath.Join(ev, names[1]), filepath.Join(hold, names[1])); err != nil {
		t.Fatal(err)
	}
	code, out, errs = paved(t, "evidence", "verify", "--chain", ev, "--key", pub)
	if code != 1 || !strings.Contains(out, "a bundle is missing between r1 (run "+vs[0].Attests.Run.ID) || !strings.Contains(out, "and r3 (run "+vs[2].Attests.Run.ID) {
		t.Errorf("the second removed: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := paved(t, "evidence", "verify", "--chain", ev, "--key", pub, "--from", from); code != 1 || !strings.Contains(out, "a bundle is missing between r1") {
		t.Errorf("the second removed, from the third: exit %d\n%s", code, out)
	}
	if err := os.Rename(filepath.Join(hold, names[1]), filepath.Join(ev, names[1])); err != nil {
		t.Fatal(err)
	}

	// The third changed: named, with the file.
	report := filepath.Join(ev, names[2], "report.json")
	orig, _ := os.ReadFile(report)
	os.WriteFile(report, append([]byte(" "), orig...), 0o644)
	code, out, _ = paved(t, "evidence", "verify", "--chain", ev, "--key", pub)
	if code != 1 || !strings.Contains(out, "not verified: 1 bundle\n  r3\n    report.json: changed") {
		t.Errorf("the third changed: exit %d\n%s", code, out)
	}
	os.WriteFile(report, orig, 0o644)

	// A run told to follow the second, exactly (a FILE): a fork.
	if code, _, errs := check("r5", "--evidence-previous", filepath.Join(ev, names[1])); code != 0 {
		t.Fatalf("check after the second: exit %d: %s", code, errs)
	}
	code, out, _ = paved(t, "evidence", "verify", "--chain", ev, "--key", pub)
	if code != 1 || !strings.Contains(out, "fork: r3 (run "+vs[2].Attests.Run.ID) || !strings.Contains(out, "both follow r2.tar.gz") {
		t.Errorf("a fork: exit %d\n%s", code, out)
	}
	os.RemoveAll(filepath.Join(ev, "r5"))

	// Another scope's bundle named exactly: exit 2, and no bundle.
	code, _, errs = check("r6", "--evidence-scope", "fleet:other", "--evidence-previous", filepath.Join(ev, names[0]))
	if code != 2 || !strings.Contains(errs, `not of this run's scope "fleet:other"`) {
		t.Errorf("a previous bundle of another scope: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(ev, "r6")); !os.IsNotExist(err) {
		t.Errorf("a bundle was written after all: %v", err)
	}
	// A directory holds none of that scope: it starts its own chain.
	if code, _, errs := check("r7", "--evidence-scope", "fleet:other", "--evidence-previous", ev); code != 0 || !strings.Contains(errs, `no bundle of scope "fleet:other"`) {
		t.Errorf("a new scope: exit %d: %s", code, errs)
	}
	if code, out, _ := paved(t, "evidence", "verify", "--chain", ev, "--key", pub); code != 0 || !strings.Contains(out, `scope "fleet:other": chain intact`) {
		t.Errorf("two scopes: exit %d\n%s", code, out)
	}

	// Usage and what cannot be read: exit 2, before the check for flags.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", stack, "--evidence", filepath.Join(dir, "x"), "--evidence-key", priv, "--evidence-previous", filepath.Join(dir, "nothing")}, "--evidence-previous"},
		{[]string{"check", stack, "--evidence", filepath.Join(dir, "x"), "--evidence-key", priv, "--evidence-previous", ev, "--evidence-previous-key", filepath.Join(dir, "nokey")}, "--evidence-previous-key"},
		{[]string{"check", stack, "--evidence", filepath.Join(dir, "x"), "--evidence-key", priv, "--evidence-scope", "a\nb"}, "--evidence-scope"},
		{[]string{"check", stack, "--evidence-previous", ev}, "go with --evidence"},
		{[]string{"check", stack, "--evidence", filepath.Join(dir, "x"), "--evidence-key", priv, "--evidence-previous-key", pub}, "--evidence-previous-key goes with --evidence-previous"},
		{[]string{"evidence", "verify", "--chain", filepath.Join(dir, "nothing"), "--key", pub}, "--chain"},
		{[]string{"evidence", "verify", "--chain", filepath.Join(ev, names[1]), "--key", pub}, "one bundle"},
		{[]string{"evidence", "verify", "--chain", ev, filepath.Join(ev, names[1]), "--key", pub}, "give one"},
		{[]string{"evidence", "verify", "--chain", ev, "--key", pub, "--from", "last week"}, "--from"},
		{[]string{"evidence", "verify", "--chain", ev, "--key", pub, "--from", "2030-02-01", "--to", "2030-01-31"}, "before --from"},
		{[]string{"evidence", "verify", filepath.Join(ev, names[1]), "--key", pub, "--from", "2030-02-01"}, "go with --chain"},
		{[]string{"evidence", "verify", "--chain", ev}, "--unsigned"},
	} {
		code, out, errs := paved(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) || (c.args[0] == "check" && out != "") {
			t.Errorf("%q: exit %d, stdout %d bytes, %s", c.args, code, len(out), errs)
		}
	}
	if code, out, _ := paved(t, "evidence", "verify", "--chain", ev, "--unsigned"); code != 0 || !strings.Contains(out, "NOT CHECKED") {
		t.Errorf("verify --chain --unsigned: exit %d\n%s", code, out)
	}
}

// Pushed to a registry, the bundles chain there too: verify --chain
// oci://REPO holds, and a run given --evidence-previous oci://REPO follows
// the latest.
func TestEvidenceChainRegistry(t *testing.T) {
	t.Setenv(evidenceKeyEnv, "")
	t.Setenv(evidencePreviousEnv, "")
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	_, host := bundleRegistry(t)
	repo := "oci://" + host + "/acme/evidence"
	priv, pub := keyFiles(t)
	dir := t.TempDir()
	stack := "../../examples/terraform/compliant-stack"
	var last string
	for i, n := range []string{"one.tar.gz", "two.tar.gz"} {
		p := filepath.Join(dir, n)
		if code, _, errs := paved(t, "check", stack, "--fail-on", "critical", "--evidence", p, "--evidence-key", priv, "--evidence-previous", repo, "--evidence-previous-key", pub); code != 0 {
			t.Fatalf("check %d: exit %d: %s", i, code, errs)
		}
		if code, _, errs := paved(t, "evidence", "push", repo+":"+strings.TrimSuffix(n, ".tar.gz"), p); code != 0 {
			t.Fatalf("push %s: exit %d: %s", n, code, errs)
		}
		v := verified(t, p, pub)
		if prev := v.Attests.PreviousBundle; (i == 0) != (prev == nil) || (i == 1 && *prev != last) {
			t.Errorf("%s follows %v, want %q", n, prev, last)
		}
		last = v.Digest
	}
	code, out, errs := paved(t, "evidence", "verify", "--chain", repo, "--key", pub)
	if code != 0 || !strings.Contains(out, "chain intact") || !strings.Contains(out, "2 of the scope's 2 bundles") || !strings.Contains(out, last) {
		t.Errorf("verify --chain %s: exit %d\n%s%s", repo, code, out, errs)
	}
	if code, _, errs := paved(t, "evidence", "verify", "--chain", "oci://"+host+"/acme/evidence:two", "--key", pub); code != 2 || !strings.Contains(errs, "without a tag") {
		t.Errorf("verify --chain with a tag: exit %d: %s", code, errs)
	}
}
