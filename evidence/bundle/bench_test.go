package bundle

import (
	"context"
	"github.com/paved-dev/paved/internal/testpolicies"
	"path/filepath"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine/check"
	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/runenv"
	"github.com/paved-dev/paved/internal/testcorpus"
)

// BenchmarkEvidenceCorpus measures, in one run, the check of the Terraform
// corpus (the excludes of scripts/bench.sh), writing its evidence (a signed
// .tar.gz with OSCAL) and verifying it, and reports the evidence's share:
// write/check is what --evidence adds to a check, in proportion.
func BenchmarkEvidenceCorpus(b *testing.B) {
	corpus := testcorpus.Dir(b, "terraform")
	ctx := context.Background()
	opts := check.Options{Paths: []string{corpus}, ConfigFile: "none", Version: "bench",
		Exclude: []string{"terraform-aws-security-group/modules/_templates/", "terraform-aws-security-group/wrappers/_templates/"}}
	signer := otherKey(b)
	var checkT, writeT, verifyT time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		rep, pol, err := check.RunWithPolicies(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		checkT += time.Since(start)
		srcs := make([]attest.PolicySource, 0, len(pol.Sources))
		for _, s := range pol.Sources {
			srcs = append(srcs, attest.PolicySource{Name: s.Name, Kind: s.Kind})
		}
		in := Input{Report: rep, Policies: Policies{Files: testpolicies.Files(b, pol.Set), Sources: srcs}, Environment: runenv.Collect(corpus, "bench", func(string) string { return "" })}
		dst := filepath.Join(b.TempDir(), "b.tar.gz")
		start = time.Now()
		if _, err := Write(ctx, dst, in, Options{Signer: signer, OSCAL: testOSCAL}); err != nil {
			b.Fatal(err)
		}
		writeT += time.Since(start)
		start = time.Now()
		if _, err := Verify(ctx, dst, VerifyOptions{Verifier: signer}); err != nil {
			b.Fatal(err)
		}
		verifyT += time.Since(start)
	}
	b.ReportMetric(float64(writeT)/float64(checkT), "write/check")
	b.ReportMetric(float64(verifyT.Milliseconds())/float64(b.N), "verify-ms")
	b.ReportMetric(float64(checkT.Milliseconds())/float64(b.N), "check-ms")
}
