package imagetrust

import (
	"context"
	"testing"

	"github.com/sigstore/cosign/v3/pkg/types"
)

// BenchmarkVerify verifies one image with a signature and two attestations
// (SLSA provenance and a CycloneDX SBOM) from a loopback registry: in
// cosign's classic tags with a key, as bundle referrers with a key, and as
// keyless bundle referrers against a trusted root.
func BenchmarkVerify(b *testing.B) {
	dir := b.TempDir()
	k := newCosignKey(b, dir, "cosign")
	vs := newVirtualSigstore(b, dir, false)
	id := Identity{Issuer: testIssuer, Subject: testSubject}
	for _, c := range []struct {
		name string
		o    Options
	}{
		{"classic-key", Options{Keys: []string{k.pub}}},
		{"bundle-key", Options{Keys: []string{k.pub}}},
		{"bundle-keyless", Options{Identities: []Identity{id}, TrustedRoot: vs.rootPath}},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := newRegistry(b, true)
			d := pushImage(b, r, "acme/app")
			preds := []struct {
				typ  string
				pred any
			}{{types.CosignSignPredicateType, map[string]any{}}, {slsaV1Type, slsaV1Predicate()}, {cyclonedxType, cyclonedxPredicate()}}
			switch c.name {
			case "classic-key":
				writeClassic(b, d, classicSignature(b, k.sv, d), false)
				for _, p := range preds[1:] {
					writeClassic(b, d, classicAttestationOf(b, envelope(b, k.sv, stmt(b, d, p.typ, p.pred))), true)
				}
			case "bundle-key":
				for _, p := range preds {
					attachBundle(b, d, keyBundle(b, k.sv, stmt(b, d, p.typ, p.pred)), p.typ)
				}
			case "bundle-keyless":
				for _, p := range preds {
					attachBundle(b, d, vs.keylessBundle(b, testSubject, stmt(b, d, p.typ, p.pred)), p.typ)
				}
			}
			v := verifier(b, c.o)
			ctx := context.Background()
			before := r.requests.Load()
			b.ResetTimer()
			for b.Loop() {
				r := v.Check(ctx, d, ropts()...)
				if len(r.Signatures["found"].([]any)) != 1 || len(r.Attestations) != 2 || len(r.SBOMs) != 1 {
					b.Fatalf("%+v", r)
				}
				for _, a := range r.Attestations {
					if !a.(map[string]any)["verified"].(bool) {
						b.Fatalf("%+v", a)
					}
				}
			}
			b.ReportMetric(float64(r.requests.Load()-before)/float64(b.N), "requests/op")
		})
	}
}
