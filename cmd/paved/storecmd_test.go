package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/store"
)

// Reports written without a store are recorded at their own times, in
// time order whatever the argument order, and once.
func TestStoreImport(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, ex := range []string{"../../examples/terraform/insecure-stack", "../../examples/terraform/compliant-stack"} {
		code, out, errs := paved(t, "check", ex, "-f", "json")
		if code == 2 {
			t.Fatalf("check %s: %s", ex, errs)
		}
		f := filepath.Join(dir, filepath.Base(ex)+".json")
		if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	db := "sqlite://" + filepath.Join(dir, "paved.db")
	// the later report first
	code, out, errs := paved(t, "store", "import", "--store", db, files[1], files[0])
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "insecure-stack.json") || !strings.HasPrefix(lines[0], "recorded") {
		t.Errorf("import did not record in time order:\n%s", out)
	}
	code, out, _ = paved(t, "store", "import", "--store", db, files[0], files[1])
	if code != 0 || strings.Count(out, "skipped") != 2 {
		t.Errorf("a second import: exit %d\n%s", code, out)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var runs, assets, verdicts int
	st.DB().QueryRow(`SELECT COUNT(*) FROM runs`).Scan(&runs)
	st.DB().QueryRow(`SELECT COUNT(*) FROM assets`).Scan(&assets)
	st.DB().QueryRow(`SELECT COUNT(*) FROM verdicts`).Scan(&verdicts)
	if runs != 2 || assets == 0 || verdicts == 0 {
		t.Errorf("after import: %d runs (want 2), %d assets, %d verdicts", runs, assets, verdicts)
	}
}

// A file that is not a paved report stops the import with its line, and
// nothing is recorded.
func TestStoreImportRefusesBadReports(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := paved(t, "check", "../../examples/terraform/compliant-stack", "-f", "json")
	if code == 2 {
		t.Fatal(errs)
	}
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(out), 0o644)
	broken := filepath.Join(dir, "broken.json")
	os.WriteFile(broken, []byte("{\n  \"schema\": \"paved.report/v1\",\n  \"run\": {,\n}"), 0o644)
	other := filepath.Join(dir, "other.json")
	os.WriteFile(other, []byte(`{"schema": "something/v2"}`), 0o644)
	db := filepath.Join(dir, "paved.db")
	code, _, errs = paved(t, "store", "import", "--store", "sqlite://"+db, good, broken, other)
	if code != 2 || !strings.Contains(errs, "broken.json:3:") || !strings.Contains(errs, "other.json: schema") || !strings.Contains(errs, "nothing imported") {
		t.Errorf("exit %d, want 2 naming broken.json:3 and other.json:\n%s", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a failed import created the store")
	}
}

func TestStorePrune(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "paved.db")
	if code, _, errs := paved(t, "check", "../../examples/terraform/insecure-stack", "--store", db); code == 2 {
		t.Fatal(errs)
	}
	code, out, errs := paved(t, "store", "prune", "--store", db, "--before", "2200-01-01", "--dry-run")
	if code != 0 || !strings.HasPrefix(out, "would remove") || !strings.Contains(out, " 1 assets") {
		t.Errorf("dry run: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = paved(t, "store", "prune", "--store", db, "--before", "2200-01-01")
	if code != 0 || !strings.HasPrefix(out, "removed") || !strings.Contains(out, "1 runs") {
		t.Errorf("prune: exit %d\n%s", code, out)
	}
	if code, _, errs := paved(t, "store", "prune", "--store", db, "--before", "yesterday"); code != 2 || !strings.Contains(errs, "--before \"yesterday\"") {
		t.Errorf("a bad date: exit %d: %s", code, errs)
	}
}

// --owner names the team of every target, over what the repository says.
// The commands that only read or prune a store refuse a SQLite path that
// holds none, naming it, rather than make an empty store and report it.
func TestStoreMustExistToRead(t *testing.T) {
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	serveToken(t, tokens, "viewer", "vera")
	missing := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"kpi", "--store", "sqlite://" + missing, "--config", "none"},
		{"serve", "--store", "sqlite://" + missing, "--tokens", tokens, "--listen", "127.0.0.1:0", "--config", "none"},
		{"store", "prune", "--store", "sqlite://" + missing, "--before", "2026-01-01"},
	} {
		code, out, errs := paved(t, args...)
		if code != 2 || out != "" || !strings.Contains(errs, "--store: store sqlite://"+missing+": "+missing+": file does not exist") {
			t.Errorf("paved %s: exit %d, %q %q; want exit 2 naming the missing file", strings.Join(args, " "), code, out, errs)
		}
		if _, err := os.Stat(missing); err == nil {
			t.Fatalf("paved %s made %s", strings.Join(args, " "), missing)
		}
	}
	// Those that record make it.
	t.Setenv("PAVED_STORE", "sqlite://"+missing)
	if code, _, errs := paved(t, "check", "../../examples/terraform/compliant-stack"); code != 0 {
		t.Fatalf("check: exit %d: %s", code, errs)
	}
	if code, _, errs := paved(t, "kpi", "--config", "none"); code != 0 {
		t.Errorf("kpi once check made the store: exit %d: %s", code, errs)
	}
}

func TestCheckOwnerFlag(t *testing.T) {
	code, out, errs := paved(t, "check", "../../examples/repos/golden-path", "--owner", "@acme/payments", "-f", "json")
	if code == 2 {
		t.Fatal(errs)
	}
	rep := jsonReport(t, out)
	if len(rep.Targets) == 0 {
		t.Fatal("no targets")
	}
	for _, tg := range rep.Targets {
		if tg.Owner != "@acme/payments" {
			t.Errorf("target %s owner %q, want @acme/payments", tg.ID, tg.Owner)
		}
	}
}

// A run with --evidence and --store records where its bundle is, and its
// digest, so the history can point an auditor at the evidence of any run.
func TestCheckRecordsEvidenceInStore(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "paved.db")
	dst := filepath.Join(dir, "run.tar.gz")
	code, out, errs := paved(t, "check", "../../examples/terraform/compliant-stack", "--store", db, "--evidence", dst, "--evidence-unsigned", "-f", "json")
	if code == 2 {
		t.Fatal(errs)
	}
	runID := jsonReport(t, out).Run.ID
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var digest, location string
	if err := st.DB().QueryRow(`SELECT evidence_digest, evidence_location FROM runs WHERE id = $1`, runID).Scan(&digest, &location); err != nil {
		t.Fatal(err)
	}
	want, err := bundle.Digest(context.Background(), dst)
	if err != nil {
		t.Fatal(err)
	}
	if digest != want || location != dst {
		t.Errorf("run %s: evidence %q at %q, want %q at %q", runID, digest, location, want, dst)
	}

	// pushed with --store, the run's row points at the registry
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	_, host := bundleRegistry(t)
	ref := "oci://" + host + "/acme/evidence:run"
	code, out, errs = paved(t, "evidence", "push", ref, dst, "--store", db)
	if code != 0 || !strings.Contains(out, "recorded in the store") {
		t.Fatalf("push --store: exit %d\n%s%s", code, out, errs)
	}
	if err := st.DB().QueryRow(`SELECT evidence_digest, evidence_location FROM runs WHERE id = $1`, runID).Scan(&digest, &location); err != nil {
		t.Fatal(err)
	}
	if digest != want || !strings.HasPrefix(location, "oci://"+host+"/acme/evidence@sha256:") {
		t.Errorf("after push: evidence %q at %q", digest, location)
	}
	// a bundle whose run the store does not have is pushed, and says so
	other := t.TempDir() + "/other.tar.gz"
	if code, _, errs := paved(t, "check", "../../examples/terraform/compliant-stack", "--evidence", other, "--evidence-unsigned"); code == 2 {
		t.Fatal(errs)
	}
	if code, _, errs := paved(t, "evidence", "push", ref+"2", other, "--store", db); code != 2 || !strings.Contains(errs, "pushed, but not recorded") {
		t.Errorf("push --store of an unrecorded run: exit %d: %s", code, errs)
	}
}
