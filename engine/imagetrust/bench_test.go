package imagetrust

import (
	"context"
	"testing"

	itt "github.com/paved-dev/paved/engine/imagetrust/imagetrusttest"
)

// BenchmarkVerify verifies one image with a signature and two attestations
// (SLSA provenance and a CycloneDX SBOM) from a loopback registry: in
// cosign's classic tags with a key, as bundle referrers with a key, and as
// keyless bundle referrers against a trusted root.
func BenchmarkVerify(b *testing.B) {
	dir := b.TempDir()
	k := itt.NewKey(b, dir, "cosign")
	vs := itt.NewSigstore(b, dir, false)
	id := Identity{Issuer: itt.Issuer, Subject: itt.Subject}
	for _, c := range []struct {
		name string
		o    Options
	}{
		{"classic-key", Options{Keys: []string{k.Pub}}},
		{"bundle-key", Options{Keys: []string{k.Pub}}},
		{"bundle-keyless", Options{Identities: []Identity{id}, TrustedRoot: vs.Root}},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := itt.NewRegistry(b, true)
			d := r.PushRandom(b, "acme/app")
			preds := []struct {
				typ  string
				pred any
			}{{itt.SignType, map[string]any{}}, {itt.SLSAv1Type, itt.SLSAv1()}, {itt.CycloneDXType, itt.CycloneDX()}}
			switch c.name {
			case "classic-key":
				itt.AttachSignature(b, d, k.Signature(b, d))
				for _, p := range preds[1:] {
					itt.AttachAttestation(b, d, itt.Attestation(b, k.Envelope(b, itt.Statement(b, d, p.typ, p.pred))))
				}
			case "bundle-key":
				for _, p := range preds {
					itt.AttachBundle(b, d, k.Bundle(b, itt.Statement(b, d, p.typ, p.pred)), p.typ)
				}
			case "bundle-keyless":
				for _, p := range preds {
					itt.AttachBundle(b, d, vs.Bundle(b, itt.Subject, itt.Statement(b, d, p.typ, p.pred)), p.typ)
				}
			}
			v := verifier(b, c.o)
			ctx := context.Background()
			before := r.Requests.Load()
			b.ResetTimer()
			for b.Loop() {
				r := v.Verify(ctx, d, itt.RemoteOptions()...)
				if len(r.Signatures["found"].([]any)) != 1 || len(r.Attestations) != 2 || len(r.SBOMs) != 1 {
					b.Fatalf("%+v", r)
				}
				for _, a := range r.Attestations {
					if !a.(map[string]any)["verified"].(bool) {
						b.Fatalf("%+v", a)
					}
				}
			}
			b.ReportMetric(float64(r.Requests.Load()-before)/float64(b.N), "requests/op")
		})
	}
}
