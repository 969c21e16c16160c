package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/store"
)

// An SBOM's medium vulnerability with no publication date has no SLA clock
// until a store has seen it: with --store, the first run records it (and
// passes), and once its first sighting is older than the 90-day SLA,
// SBOM-015 fails it, timed from that sighting.
func TestCheckStoreTimesSLAFromFirstSighting(t *testing.T) {
	dir := t.TempDir()
	bom := filepath.Join(dir, "app.cdx.json")
	const addr = "GHSA-test-0001@pkg:npm/left-pad@1.0.0"
	if err := os.WriteFile(bom, []byte(`{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "metadata": {"timestamp": "`+time.Now().UTC().Format(time.RFC3339)+`"},
  "components": [{"type": "library", "name": "left-pad", "version": "1.0.0", "purl": "pkg:npm/left-pad@1.0.0", "bom-ref": "lp"}],
  "vulnerabilities": [{"id": "GHSA-test-0001", "ratings": [{"severity": "medium"}], "affects": [{"ref": "lp"}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "paved.db")
	sla := func() (status, msg string) {
		t.Helper()
		code, out, errs := paved(t, "check", bom, "--store", "sqlite://"+db, "-f", "json")
		if code == 2 {
			t.Fatalf("exit 2: %s", errs)
		}
		for _, r := range jsonReport(t, out).Results {
			if r.Policy.ID == "SBOM-015" && r.Resource == addr {
				return string(r.Status), r.Message
			}
		}
		t.Fatalf("no SBOM-015 result on %s", addr)
		return "", ""
	}
	if st, msg := sla(); st != "pass" {
		t.Fatalf("first sighting: %s %s", st, msg)
	}
	// $PAVED_STORE when --store is not given: a second run, recorded.
	t.Setenv("PAVED_STORE", "sqlite://"+db)
	if code, _, errs := paved(t, "check", bom); code == 2 {
		t.Fatalf("with PAVED_STORE: exit 2: %s", errs)
	}
	// Listing waivers judges the SBOM too, but records nothing.
	if code, _, errs := paved(t, "waivers", "list", bom); code != 0 {
		t.Fatalf("waivers list: exit %d: %s", code, errs)
	}
	t.Setenv("PAVED_STORE", "")
	if code, _, errs := paved(t, "check", "--staged", "--store", "sqlite://"+db, dir); code != 2 || !strings.Contains(errs, "not recorded") {
		t.Errorf("--store with --staged: exit %d: %s", code, errs)
	}
	s, err := store.Open(context.Background(), "sqlite://"+db)
	if err != nil {
		t.Fatal(err)
	}
	seen, err := s.FirstSeen(context.Background(), "sbom", engine.Identity{Path: "app.cdx.json"})
	s.Close()
	if err != nil || seen[addr].IsZero() || time.Since(seen[addr]) > time.Hour {
		t.Fatalf("first sighting not recorded: %v %v", seen, err)
	}
	// Age the sighting by 100 days, as if the first run had been then.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	var runs int
	if err := raw.QueryRow(`SELECT count(*) FROM runs`).Scan(&runs); err != nil || runs != 2 {
		t.Fatalf("%d runs recorded (%v), want 2: --store, then $PAVED_STORE (not waivers list)", runs, err)
	}
	if _, err := raw.Exec(`UPDATE resources SET first_seen_ns = first_seen_ns - $1`, int64(100*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	st, msg := sla()
	if st != "warn" && st != "fail" || !strings.Contains(msg, "open 100 days since first seen") {
		t.Errorf("100 days after its first sighting: %s %q", st, msg)
	}
	if code, _, errs := paved(t, "check", bom, "--store", "ftp://nowhere"); code != 2 || !strings.Contains(errs, "--store") {
		t.Errorf("a bad store URL: exit %d, %s", code, errs)
	}
}
