package oscal

import (
	"bytes"
	"encoding/json"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/attest"
)

// A 50,000-component SBOM judged by 8 policies (400,000 results) and 200
// Terraform modules judged by 20 (40,000): the document holds one
// observation per (policy, target), and its size and the memory it takes
// follow those, not the results.
func TestBigReport(t *testing.T) {
	if testing.Short() {
		t.Skip("big report: skipped in -short")
	}
	rep := bigReport(50_000, 200)
	pairs := 8 + 200*20
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	start := time.Now()
	out, err := AssessmentResults(rep, fullInput())
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&ms1)
	alloc := ms1.TotalAlloc - ms0.TotalAlloc
	t.Logf("%d results, %d observations: %d bytes in %v, %d MiB allocated", len(rep.Results), pairs, len(out), elapsed, alloc>>20)
	// Memory follows observations, not results: about 16 KiB an
	// observation (30 KiB under -race), the document included, whether the
	// SBOM has 100 components or 200,000. This bounds it at three times
	// that, against gross growth (every result held); the smaller report
	// below bounds what the results add.
	if limit := uint64(pairs) * 48 << 10; alloc > limit {
		t.Errorf("%d MiB allocated for %d observations (%d results), more than %d MiB: memory grows with results", alloc>>20, pairs, len(rep.Results), limit>>20)
	}

	doc := decode(t, out)
	res := result0(doc)
	if got := len(list(res, "observations")); got != pairs {
		t.Errorf("%d observations, want one per (policy, target): %d", got, pairs)
	}
	// A sampled observation lists maxSamples results and counts the rest.
	for _, o := range list(res, "observations") {
		if propValues(o, "policy")[0] != "SBOM-001" {
			continue
		}
		if got := propValues(o, "results"); got[0] != "50000" {
			t.Errorf("SBOM-001 counts %v results", got)
		}
		if lines := strings.Count(o["remarks"].(string), "\n") + 1; lines != maxSamples+1 || !strings.Contains(o["remarks"].(string), "more not passing") {
			t.Errorf("SBOM-001 remarks: %d lines, want %d samples and a count of the rest: %q", lines, maxSamples, o["remarks"])
		}
	}
	// The document grows with observations, not results: the 400,000
	// results of the SBOM add 8 observations.
	smallRep := bigReport(100, 200)
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	small, err := AssessmentResults(smallRep, fullInput())
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms1)
	// So does memory: the same observations from 40,800 results allocate
	// as much, give or take a few hundred KiB; 1 KiB an observation (10
	// bytes a result more) is a cost per result.
	if more := int64(alloc) - int64(ms1.TotalAlloc-ms0.TotalAlloc); more > int64(pairs)<<10 {
		t.Errorf("%d results allocated %d KiB more than %d results with the same %d observations: memory grows with results",
			len(rep.Results), more>>10, len(smallRep.Results), pairs)
	}
	if grew := len(out) - len(small); grew > 8*16<<10 {
		t.Errorf("50,000 components instead of 100 grew the document by %d bytes", grew)
	}
}

func BenchmarkAssessmentResults(b *testing.B) {
	for _, c := range []struct {
		name                string
		components, targets int
	}{{"sbom-50k", 50_000, 0}, {"fleet-2k-modules", 0, 2000}, {"small", 0, 1}} {
		rep := bigReport(c.components, c.targets)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, rep, fullInput()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Whatever strings a report carries, the document is JSON the schema
// accepts (when ../shared is there to say so) and the same every time.
func FuzzAssessmentResults(f *testing.F) {
	f.Add("TF-AWS-S3-001", "S3 buckets encrypt", "NIST-800-53:SC-28", "aws_s3_bucket.logs", "no encryption", "infra/prod", "@acme/platform", "2026-12-31", "fail")
	f.Add("", "", "", "", "", "", "", "", "pass")
	f.Add("P\n1", " \t", "CIS-\x00-1", "\xff\xfe", "a\u2028b", ".", "a@b", "2026-02-30", "waived")
	f.Add("PAVED-LOAD", "x", "SOC2:", "r", "m\r\n", "../..", "Team X", "9999-12-31", "error")
	sch := schemaIfPresent(f)
	f.Fuzz(func(t *testing.T, policy, title, control, resource, message, path, owner, expires, status string) {
		if policy == "" {
			policy = "P"
		}
		ps := []*engine.Policy{{ID: policy, Title: title, Severity: "high", Kind: "terraform", Controls: []string{control, "SOC2:CC6.1"}, Enforcement: "deny", File: "p.rego"}}
		tgt := &engine.TargetRef{Kind: "terraform", ID: path, Repo: owner, Path: path, Digest: digest('a'), Owner: owner}
		r := ps[0].Ref()
		res := engine.Result{Status: engine.Status(status), Policy: &r, Target: tgt, Resource: resource, Message: message, WaiverID: owner,
			Fingerprint: engine.Fingerprint(policy, tgt.Identity(), resource)}
		rep := newReport(ps, []engine.TargetSummary{{TargetRef: *tgt, Error: message}}, []engine.Result{res})
		rep.Waivers = []*engine.Waiver{{ID: owner, Policy: policy, Target: path, Resource: resource, Reason: message, Owner: owner, ApprovedBy: title, Expires: expires, Status: status}}
		out, err := AssessmentResults(rep, Input{})
		if err != nil {
			if new(attest.Counts).Add(engine.Status(status)) {
				t.Fatalf("valid report refused: %v", err)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatal("output is not JSON")
		}
		again, _ := AssessmentResults(rep, Input{})
		if !bytes.Equal(out, again) {
			t.Fatal("two renderings differ")
		}
		if sch != nil {
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(v); err != nil {
				t.Fatalf("invalid OSCAL: %v\n%s", err, out)
			}
		}
	})
}
