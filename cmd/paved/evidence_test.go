package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/ocistore"
)

// The whole round: keygen, check --evidence (exit 1, blocking, and the
// bundle written all the same), verify, show; every change to the bundle,
// a wrong key and an unsigned bundle refused with exit 1 and the file
// named; what cannot be read exit 2.
func TestEvidenceRoundTrip(t *testing.T) {
	t.Setenv("PAVED_KEY_PASSWORD", "correct horse")
	t.Setenv(evidenceKeyEnv, "")
	dir := t.TempDir()
	keyDir := filepath.Join(dir, "keys")
	if code, out, errs := paved(t, "evidence", "keygen", "--out", keyDir); code != 0 || !strings.Contains(out, "paved.pub") {
		t.Fatalf("keygen: exit %d\n%s%s", code, out, errs)
	}
	if code, _, _ := paved(t, "evidence", "keygen", "--out", keyDir); code != 2 {
		t.Errorf("keygen over existing keys: exit %d, want 2", code)
	}
	key, pub := filepath.Join(keyDir, "paved.key"), filepath.Join(keyDir, "paved.pub")

	tgz := filepath.Join(dir, "out", "run.tar.gz")
	code, out, errs := paved(t, "check", "../../examples/terraform/insecure-stack", "-f", "json", "--evidence", tgz, "--evidence-key", key)
	if code != 1 {
		t.Fatalf("check: exit %d, want 1 (blocking)\n%s", code, errs)
	}
	rep := jsonReport(t, out)

	code, out, errs = paved(t, "evidence", "verify", tgz, "--key", pub)
	if code != 0 {
		t.Fatalf("verify: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"verified with " + pub, "SOC2:CC6.1", "TF-AWS-S3-001", rep.PolicySet.Digest} {
		if !strings.Contains(out, want) {
			t.Errorf("verify does not say %q:\n%s", want, out)
		}
	}
	code, out, _ = paved(t, "evidence", "verify", tgz, "--key", pub, "--format", "json")
	var v bundle.Verification
	if err := json.Unmarshal([]byte(out), &v); code != 0 || err != nil || !v.SignatureVerified || v.Attests.Summary.Total != rep.Summary.Total {
		t.Errorf("verify --format json: exit %d, %v: %+v", code, err, v)
	}

	code, out, errs = paved(t, "evidence", "show", tgz, "--control", "SOC2:CC6.1", "--key", pub)
	if code != 0 || !strings.Contains(out, "control SOC2:CC6.1: fail") || !strings.Contains(out, "TF-AWS-S3-001") {
		t.Errorf("show: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = paved(t, "evidence", "show", tgz, "--control", "NIST-800-53:SC-28", "--format", "json")
	var a bundle.ControlAnswer
	if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil || a.SignatureVerified || len(a.Assets) == 0 || len(a.Policies) == 0 {
		t.Errorf("show --format json without a key: exit %d, %v: %+v", code, err, a)
	}
	if code, _, errs := paved(t, "evidence", "show", tgz, "--control", "NO-SUCH:1"); code != 2 || !strings.Contains(errs, "NO-SUCH:1") {
		t.Errorf("show of an unknown control: exit %d, %s", code, errs)
	}

	// A directory bundle, changed in each way.
	bdir := filepath.Join(dir, "run")
	if code, _, errs := paved(t, "check", "../../examples/terraform/insecure-stack", "--evidence", bdir, "--evidence-key", key); code != 1 {
		t.Fatalf("check into a directory: exit %d\n%s", code, errs)
	}
	if code, _, errs := paved(t, "check", "../../examples/terraform/insecure-stack", "--evidence", bdir, "--evidence-key", key); code != 2 || !strings.Contains(errs, "never overwritten") {
		t.Errorf("evidence over a bundle: exit %d, %s", code, errs)
	}
	report := filepath.Join(bdir, "report.json")
	orig, _ := os.ReadFile(report)
	for _, c := range []struct {
		name   string
		change func()
		undo   func()
		file   string
	}{
		{"changed byte", func() { os.WriteFile(report, append([]byte{' '}, orig[1:]...), 0o644) }, func() { os.WriteFile(report, orig, 0o644) }, "report.json"},
		{"removed", func() { os.Remove(report) }, func() { os.WriteFile(report, orig, 0o644) }, "report.json"},
		{"added", func() { os.WriteFile(filepath.Join(bdir, "note.txt"), []byte("hi"), 0o644) }, func() { os.Remove(filepath.Join(bdir, "note.txt")) }, "note.txt"},
	} {
		c.change()
		code, _, errs := paved(t, "evidence", "verify", bdir, "--key", pub)
		if code != 1 || !strings.Contains(errs, c.file) {
			t.Errorf("%s: exit %d, want 1 naming %s: %s", c.name, code, c.file, errs)
		}
		c.undo()
	}
	if code, _, errs := paved(t, "evidence", "verify", bdir, "--key", pub); code != 0 {
		t.Fatalf("restored bundle: exit %d: %s", code, errs)
	}

	otherDir := filepath.Join(dir, "other")
	paved(t, "evidence", "keygen", "--out", otherDir)
	if code, _, errs := paved(t, "evidence", "verify", bdir, "--key", filepath.Join(otherDir, "paved.pub")); code != 1 || !strings.Contains(errs, "attestation.json") {
		t.Errorf("wrong key: exit %d, %s", code, errs)
	}
	for _, bad := range []string{filepath.Join(dir, "missing"), pub} {
		if code, _, _ := paved(t, "evidence", "verify", bad, "--key", pub); code != 2 {
			t.Errorf("verify %s: exit %d, want 2", bad, code)
		}
	}
	if code, _, _ := paved(t, "evidence", "verify", bdir); code != 2 {
		t.Errorf("verify without --key or --unsigned: exit %d, want 2", code)
	}
}

// Signing is required unless an unsigned bundle is asked for; an
// unsigned bundle never verifies with a key. Flags are checked before the
// scan; a wrong password fails; a run that exits 2 (input it could not
// read) still leaves its evidence.
func TestEvidenceFlags(t *testing.T) {
	t.Setenv(evidenceKeyEnv, "")
	t.Setenv("PAVED_KEY_PASSWORD", "pw")
	dir := t.TempDir()
	stack := "../../examples/terraform/compliant-stack"
	dst := filepath.Join(dir, "b")
	code, out, errs := paved(t, "check", stack, "--evidence", dst)
	if code != 2 || !strings.Contains(errs, "--evidence-unsigned") || out != "" {
		t.Errorf("no key: exit %d, stdout %q, %s", code, out, errs)
	}
	if code, _, _ := paved(t, "check", stack, "--evidence-unsigned"); code != 2 {
		t.Errorf("--evidence-unsigned alone: exit %d", code)
	}
	if code, _, _ := paved(t, "check", stack, "--evidence", dst, "--evidence-unsigned", "--evidence-key", "k"); code != 2 {
		t.Errorf("a key and unsigned: exit %d", code)
	}
	if code, _, errs := paved(t, "check", stack, "--evidence", dst, "--evidence-key", filepath.Join(dir, "nokey")); code != 2 || !strings.Contains(errs, "--evidence-key") {
		t.Errorf("a missing key: exit %d, %s", code, errs)
	}

	if code, _, errs := paved(t, "check", stack, "--evidence", dst, "--evidence-unsigned"); code != 0 {
		t.Fatalf("unsigned: exit %d, %s", code, errs)
	}
	paved(t, "evidence", "keygen", "--out", dir)
	if code, _, errs := paved(t, "evidence", "verify", dst, "--key", filepath.Join(dir, "paved.pub")); code != 1 || !strings.Contains(errs, "no signature") {
		t.Errorf("an unsigned bundle with a key: exit %d, %s", code, errs)
	}
	if code, out, errs := paved(t, "evidence", "verify", dst, "--unsigned"); code != 0 || !strings.Contains(out, "NOT CHECKED") {
		t.Errorf("an unsigned bundle, integrity only: exit %d\n%s%s", code, out, errs)
	}

	t.Setenv("PAVED_KEY_PASSWORD", "wrong")
	if code, _, errs := paved(t, "check", stack, "--evidence", filepath.Join(dir, "c"), "--evidence-key", filepath.Join(dir, "paved.key")); code != 2 || !strings.Contains(errs, "PAVED_KEY_PASSWORD") {
		t.Errorf("a wrong password: exit %d, %s", code, errs)
	}
	t.Setenv("PAVED_KEY_PASSWORD", "pw")
	t.Setenv(evidenceKeyEnv, filepath.Join(dir, "paved.key"))
	bad := filepath.Join(dir, "bad.tar.gz")
	if code, _, errs := paved(t, "check", "testdata/tf-bad", "--evidence", bad); code != 2 {
		t.Fatalf("unreadable input: exit %d, want 2: %s", code, errs)
	}
	if code, out, errs := paved(t, "evidence", "verify", bad, "--key", filepath.Join(dir, "paved.pub")); code != 0 || !strings.Contains(out, "1 error") {
		t.Errorf("the evidence of a run that exited 2: exit %d\n%s%s", code, out, errs)
	}
}

// push, list and pull through a registry on loopback: the pulled bundle
// verifies; another key is refused with exit 1 and nothing written.
func TestEvidencePushPullList(t *testing.T) {
	t.Setenv("PAVED_KEY_PASSWORD", "")
	t.Setenv(evidenceKeyEnv, "")
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	_, host := bundleRegistry(t)
	dir := t.TempDir()
	paved(t, "evidence", "keygen", "--out", filepath.Join(dir, "keys"))
	paved(t, "evidence", "keygen", "--out", filepath.Join(dir, "other"))
	key, pub := filepath.Join(dir, "keys", "paved.key"), filepath.Join(dir, "keys", "paved.pub")
	tgz := filepath.Join(dir, "run.tar.gz")
	if code, _, errs := paved(t, "check", "../../examples/terraform/insecure-stack", "--evidence", tgz, "--evidence-key", key); code != 1 {
		t.Fatalf("check: exit %d\n%s", code, errs)
	}
	ref := "oci://" + host + "/acme/evidence:run1"
	code, out, errs := paved(t, "evidence", "push", ref, tgz)
	if code != 0 || !strings.Contains(out, "pushed "+host+"/acme/evidence@sha256:") {
		t.Fatalf("push: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = paved(t, "evidence", "list", "oci://"+host+"/acme/evidence", "--format", "json")
	var entries []ocistore.Entry
	if err := json.Unmarshal([]byte(out), &entries); code != 0 || err != nil || len(entries) != 1 || entries[0].Tag != "run1" || entries[0].RunID == "" || entries[0].Created == "" {
		t.Errorf("list: exit %d, %v: %s%s", code, err, out, errs)
	}
	if code, out, _ := paved(t, "evidence", "list", "oci://"+host+"/acme/evidence"); code != 0 || !strings.Contains(out, "run1") || !strings.Contains(out, entries[0].RunID) {
		t.Errorf("list: exit %d\n%s", code, out)
	}

	wrong := filepath.Join(dir, "wrong")
	if code, _, errs := paved(t, "evidence", "pull", ref, wrong, "--key", filepath.Join(dir, "other", "paved.pub")); code != 1 || !strings.Contains(errs, "attestation.json") {
		t.Errorf("pull with another key: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(wrong); !os.IsNotExist(err) {
		t.Errorf("pull with another key wrote %s: %v", wrong, err)
	}
	pulled := filepath.Join(dir, "pulled")
	if code, out, errs := paved(t, "evidence", "pull", ref, pulled, "--key", pub); code != 0 || !strings.Contains(out, "verified with "+pub) {
		t.Fatalf("pull: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := paved(t, "evidence", "verify", pulled, "--key", pub); code != 0 {
		t.Errorf("verify the pulled bundle: exit %d, %s", code, errs)
	}
	if code, _, _ := paved(t, "evidence", "pull", ref, pulled, "--key", pub); code != 2 {
		t.Errorf("pull over a bundle: exit %d, want 2", code)
	}
	if code, out, _ := paved(t, "evidence", "pull", ref, filepath.Join(dir, "unsigned")); code != 0 || !strings.Contains(out, "NOT CHECKED") {
		t.Errorf("pull without a key: exit %d\n%s", code, out)
	}
}
