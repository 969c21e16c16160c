package sbom_test

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/sbom"
	"github.com/paved-dev/paved/engine/waiver"
	"github.com/paved-dev/paved/internal/testcorpus"
	"github.com/paved-dev/paved/internal/testpolicies"
)

func evaluator(t testing.TB) (*engine.Evaluator, *engine.PolicySet) {
	t.Helper()
	return testpolicies.Evaluator(t, "sbom")
}

const good = `{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "metadata": {"timestamp": "NOW", "tools": {"components": [{"type": "application", "name": "syft", "version": "1.4.0"}]},
    "component": {"type": "application", "bom-ref": "app", "name": "app", "version": "1.0.0"}},
  "components": [
    {"type": "library", "bom-ref": "a", "name": "a", "version": "1.0.0", "purl": "pkg:npm/a@1.0.0", "supplier": {"name": "A Inc"},
     "hashes": [{"alg": "SHA-256", "content": "0000000000000000000000000000000000000000000000000000000000000000"}],
     "licenses": [{"expression": "MIT OR GPL-3.0-only"}]}],
  "dependencies": [{"ref": "app", "dependsOn": ["a"]}, {"ref": "a"}],
  "vulnerabilities": [{"id": "CVE-2024-0001", "ratings": [{"severity": "critical"}],
    "analysis": {"state": "not_affected", "justification": "code_not_reachable"}, "affects": [{"ref": "a"}]}]}`

const bad = `{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "metadata": {"timestamp": "2019-01-01T00:00:00Z"},
  "components": [
    {"type": "librari", "name": ""},
    {"type": "library", "bom-ref": "gpl", "name": "gpl", "version": "1", "purl": "pkg:npm/gpl@1", "supplier": {"name": "G"},
     "licenses": [{"license": {"id": "GPL-3.0-only"}}]},
    {"type": "library", "bom-ref": "gpl2", "name": "gpl", "version": "1", "purl": "pkg:npm/gpl@1?x=y", "supplier": {"name": "G"},
     "licenses": [{"license": {"id": "MIT"}}], "hashes": [{"alg": "SHA-256", "content": "0000000000000000000000000000000000000000000000000000000000000000"}]}],
  "vulnerabilities": [{"id": "CVE-2024-0002", "ratings": [{"severity": "high"}], "published": "2024-01-02T00:00:00Z", "affects": [{"ref": "gpl"}]}]}`

// The built-in SBOM policies judge real loader output: the good SBOM passes
// every one (its critical vulnerability is waived by its own VEX
// statement), the bad one fails every one but the timestamp's (it has an
// old timestamp, for the age policy), and the corpus evaluates without
// errors.
func TestBuiltinPoliciesJudgeLoaderOutput(t *testing.T) {
	ev, ps := evaluator(t)
	ctx := context.Background()
	all := map[string]bool{}
	for _, p := range ps.ForKind("sbom") {
		all[p.ID] = true
	}
	if len(all) < 12 {
		t.Fatalf("%d SBOM policies", len(all))
	}
	for name, src := range map[string]string{"good.cdx.json": strings.Replace(good, "NOW", time.Now().UTC().Format(time.RFC3339), 1), "bad.cdx.json": bad} {
		tg, err := sbom.Parse(name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		failed, waived := map[string]bool{}, map[string]string{}
		results := ev.EvaluateTarget(ctx, tg)
		waiver.NewSet(nil).Apply(results, []*engine.Target{tg}, time.Now(), true)
		for _, r := range results {
			switch r.Status {
			case engine.StatusError:
				t.Errorf("%s %s: %s", name, r.Policy.ID, r.Message)
			case engine.StatusFail, engine.StatusWarn:
				failed[r.Policy.ID] = true
				t.Logf("%s: %s %s: %s", name, r.Policy.ID, r.Resource, r.Message)
			case engine.StatusWaived:
				waived[r.Policy.ID+" "+r.Resource] = r.WaiverID
			}
		}
		if name == "good.cdx.json" {
			// SBOM-015: the vulnerability has no published date, so no SLA clock.
			if w := waived["SBOM-011 CVE-2024-0001@pkg:npm/a@1.0.0"]; w != "VEX-CVE-2024-0001:SBOM-011" || len(waived) != 1 {
				t.Errorf("good.cdx.json: waived %v, want SBOM-011 by VEX-CVE-2024-0001:SBOM-011", waived)
			}
		}
		want := map[string]bool{}
		if name == "bad.cdx.json" {
			for id := range all {
				want[id] = id != "SBOM-008"
			}
			delete(want, "SBOM-008")
		}
		if got, w := keys(failed), keys(want); got != w {
			t.Errorf("%s: failed %s\n want %s", name, got, w)
		}
	}
}

func TestCorpusEvaluates(t *testing.T) {
	dir := testcorpus.Dir(t, "sbom")
	var files []string
	for _, pat := range []string{"*.json", "*.xml", "vex/*.json"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatalf("no SBOMs in the corpus at %s", dir)
	}
	var ts []*engine.Target
	for _, f := range files {
		got, err := sbom.New(sbom.Options{}).Load(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, got...)
	}
	ev, _ := evaluator(t)
	counts := map[string]int{}
	for _, tg := range ts {
		for _, r := range ev.EvaluateTarget(context.Background(), tg) {
			if r.Status == engine.StatusError {
				t.Errorf("%s %s: %s", tg.ID, r.Policy.ID, r.Message)
			}
			counts[r.Policy.ID+" "+string(r.Status)]++
		}
	}
	t.Logf("%d targets: %v", len(ts), counts)
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// The built-in SBOM policies judge an SPDX document's loader output
// without errors, failing what the fixture gets wrong: a duplicate, a
// package without licence, packages without supplier or hash, an old
// timestamp.
func TestBuiltinPoliciesJudgeSPDX(t *testing.T) {
	ev, _ := evaluator(t)
	ts, err := sbom.New(sbom.Options{}).Load(context.Background(), "testdata/spdx/app.spdx.json")
	if err != nil || len(ts) != 1 {
		t.Fatalf("%d targets: %v", len(ts), err)
	}
	failed := map[string]bool{}
	for _, r := range ev.EvaluateTarget(context.Background(), ts[0]) {
		switch r.Status {
		case engine.StatusError:
			t.Errorf("%s: %s", r.Policy.ID, r.Message)
		case engine.StatusFail, engine.StatusWarn:
			failed[r.Policy.ID] = true
			t.Logf("%s %s: %s", r.Policy.ID, r.Resource, r.Message)
		}
	}
	if got, want := keys(failed), "SBOM-002 SBOM-009 SBOM-012 SBOM-013 SBOM-014"; got != want {
		t.Errorf("failed %s\n want %s", got, want)
	}
}
