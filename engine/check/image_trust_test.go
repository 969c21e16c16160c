package check

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	protodsse "github.com/sigstore/protobuf-specs/gen/pb-go/dsse"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/image"
	itt "github.com/paved-dev/paved/engine/imagetrust/imagetrusttest"
)

// The signature and attestation policies judge what cosign itself made,
// end to end: images in a loopback registry, signed and attested with
// cosign's packages, verified by the run's trusted signers, judged by
// IMG-001 (signed), IMG-002 (provenance) and IMG-003 (SBOM attestation).
// Each attack the issue names fails the policy it aims at, with a message
// that says why; what is trusted passes all three.
func TestImageTrustPolicies(t *testing.T) {
	api, tagOnly := itt.NewRegistry(t, true), itt.NewRegistry(t, false)
	dir := t.TempDir()
	keys := itt.NewKeys(t, dir, "cosign", "other")
	k, other := keys[0], keys[1] // trusted, and not
	vs := itt.NewSigstore(t, dir, false)

	// sign attaches a valid signature by the trusted key in both layouts,
	// so the attestation cases judge the attestations alone.
	sign := func(d name.Digest) {
		itt.AttachSignature(t, d, k.Signature(t, d))
		itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.SignType, map[string]any{})), itt.SignType)
	}
	// attest attaches provenance about an image as a bundle referrer, and
	// an SBOM in cosign's .att tag, each made by m from its statement.
	type maker struct {
		envelope func(statement []byte) []byte // a DSSE envelope, for the .att tag
		bundle   func(statement []byte) []byte // a sigstore bundle, for a referrer
	}
	attest := func(d, about name.Digest, m maker) {
		itt.AttachBundle(t, d, m.bundle(itt.Statement(t, about, itt.SLSAv1Type, itt.SLSAv1())), itt.SLSAv1Type)
		itt.AttachAttestation(t, d, itt.Attestation(t, m.envelope(itt.Statement(t, about, itt.CycloneDXType, itt.CycloneDX()))))
	}
	signedBy := func(key itt.Key) maker {
		return maker{func(st []byte) []byte { return key.Envelope(t, st) }, func(st []byte) []byte { return key.Bundle(t, st) }}
	}
	// Changed after signing: the SBOM gains a component, the provenance
	// another builder.
	tampered := maker{
		func(st []byte) []byte {
			return itt.TamperEnvelope(t, k.Envelope(t, st), func(p []byte) []byte {
				return bytes.Replace(p, []byte(`"name":"openssl"`), []byte(`"name":"openssl-with-a-backdoor"`), 1)
			})
		},
		func(st []byte) []byte {
			return itt.ForgeBundle(t, k.Bundle(t, st), func(e *protodsse.Envelope) {
				e.Payload = bytes.Replace(e.Payload, []byte("github-hosted"), []byte("self-hosted-by-attacker"), 1)
			})
		},
	}
	// Envelopes nobody signed: a made-up signature, and none at all.
	forged := maker{
		func(st []byte) []byte {
			return itt.ForgedEnvelope(t, st, dsse.Signature{Sig: base64.StdEncoding.EncodeToString([]byte("not a signature"))})
		},
		func(st []byte) []byte {
			return itt.ForgeBundle(t, k.Bundle(t, st), func(e *protodsse.Envelope) { e.Signatures = nil })
		},
	}

	// Each case is an image of its own repository, so its digest and its
	// signatures are its own.
	images := map[string]name.Digest{}
	cases := map[string]string{} // image argument → case
	push := func(r *itt.Registry, c string) name.Digest {
		d := r.Push(t, "acme/"+c, "1", appImage(t, c, "amd64"))
		images[c], cases[imageArg(d)] = d, c
		return d
	}
	// cosign's classic layout: the .sig and .att tags.
	d := push(api, "classic")
	itt.AttachSignature(t, d, k.Signature(t, d))
	itt.AttachAttestation(t, d, itt.Attestation(t, k.Envelope(t, itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1()))))
	itt.AttachAttestation(t, d, itt.Attestation(t, k.Envelope(t, itt.Statement(t, d, itt.CycloneDXType, itt.CycloneDX()))))
	// cosign 3's layout: bundle referrers, through the referrers API and,
	// where the registry lacks it, the referrers tag.
	for _, c := range []struct {
		r    *itt.Registry
		name string
	}{{api, "bundle"}, {tagOnly, "bundle-tag"}} {
		d := push(c.r, c.name)
		for _, p := range []struct {
			typ  string
			pred any
		}{{itt.SignType, map[string]any{}}, {itt.SLSAv02Type, itt.SLSAv02()}, {itt.SPDXType, itt.SPDX()}} {
			itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, p.typ, p.pred)), p.typ)
		}
	}
	push(api, "unsigned")
	d = push(api, "wrong-key")
	itt.AttachSignature(t, d, other.Signature(t, d))
	itt.AttachBundle(t, d, other.Bundle(t, itt.Statement(t, d, itt.SignType, map[string]any{})), itt.SignType)
	attest(d, d, signedBy(other))
	// A signature of another digest: copied from another image's tag, or
	// the image changed after signing.
	elsewhere := api.Push(t, "acme/tampered-manifest", "0", appImage(t, "elsewhere", "amd64"))
	d = push(api, "tampered-manifest")
	itt.AttachSignature(t, d, k.Signature(t, elsewhere))
	itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, elsewhere, itt.SignType, map[string]any{})), itt.SignType)
	d = push(api, "tampered-attestation")
	sign(d)
	attest(d, d, tampered)
	d = push(tagOnly, "forged-envelope")
	sign(d)
	attest(d, d, forged)
	// The trusted key's statements, signed again by another key.
	d = push(api, "re-signed")
	sign(d)
	attest(d, d, signedBy(other))
	d = push(tagOnly, "subject-swapped")
	sign(d)
	attest(d, elsewhere, signedBy(k))
	d = push(api, "keyless")
	itt.AttachSignature(t, d, vs.Signature(t, itt.Subject, d))
	itt.AttachBundle(t, d, vs.Bundle(t, itt.Subject, itt.Statement(t, d, itt.SignType, map[string]any{})), itt.SignType)
	itt.AttachBundle(t, d, vs.Bundle(t, itt.Subject, itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1())), itt.SLSAv1Type)
	itt.AttachBundle(t, d, vs.Bundle(t, itt.Subject, itt.Statement(t, d, itt.CycloneDXType, itt.CycloneDX())), itt.CycloneDXType)

	pass := verdict{status: engine.StatusPass}
	notSigned := verdict{engine.StatusFail, []string{"is not signed: no cosign signature or sigstore bundle is attached"}}
	noProvenance := verdict{engine.StatusFail, []string{"has no verified SLSA provenance"}}
	noSBOM := verdict{engine.StatusFail, []string{"has no SBOM attestation signed by a trusted signer"}}
	noSigner := "no trusted signer verifies it"
	keylessBy := "keyless, by " + itt.Subject + " (issuer " + itt.Issuer + ")"
	untrustedAttestation := func(says ...string) verdict {
		return verdict{engine.StatusFail, append([]string{"found"}, says...)}
	}
	ps := builtin(t)
	for _, run := range []struct {
		name  string
		trust TrustOptions
		want  map[string][3]verdict // IMG-001, IMG-002, IMG-003 by case
		sboms map[string]string     // the attested SBOMs judged as SBOMs, by case: their format
	}{
		{
			name:  "trusted key",
			trust: TrustOptions{Keys: []string{k.Pub}},
			want: map[string][3]verdict{
				"classic":    {pass, pass, pass},
				"bundle":     {pass, pass, pass},
				"bundle-tag": {pass, pass, pass},
				"unsigned":   {notSigned, noProvenance, noSBOM},
				"wrong-key": {
					{engine.StatusFail, []string{"has 2 signature(s), none from a trusted signer over this digest", "cosign: no trusted signer verifies it: key " + k.Pub, "bundle: no trusted signer verifies it: key " + k.Pub}},
					untrustedAttestation(noSigner + ": key " + k.Pub),
					untrustedAttestation(noSigner + ": key " + k.Pub),
				},
				"tampered-manifest": {
					{engine.StatusFail, []string{"none from a trusted signer over this digest", "signed by key " + k.Pub + ", but over " + elsewhere.DigestStr() + ", not this image's " + images["tampered-manifest"].DigestStr(),
						"signed by key " + k.Pub + ", but its subject is " + elsewhere.DigestStr()}},
					noProvenance, noSBOM,
				},
				"tampered-attestation": {pass, untrustedAttestation(noSigner), untrustedAttestation(noSigner)},
				"forged-envelope":      {pass, untrustedAttestation(noSigner), untrustedAttestation(noSigner)},
				"re-signed":            {pass, untrustedAttestation(noSigner + ": key " + k.Pub), untrustedAttestation(noSigner + ": key " + k.Pub)},
				"subject-swapped": {
					pass,
					{engine.StatusFail, []string{"none both signed by a trusted signer and about this digest", "signed by key " + k.Pub + ", but its subject is " + elsewhere.DigestStr() + ", not this image's " + images["subject-swapped"].DigestStr()}},
					{engine.StatusFail, []string{"do not count", "signed by key " + k.Pub + ", but its subject is " + elsewhere.DigestStr()}},
				},
				// A key alone verifies no keyless signature.
				"keyless": {
					{engine.StatusFail, []string{"none from a trusted signer over this digest", keylessBy + ", and no identity is trusted"}},
					untrustedAttestation(keylessBy + ", and no identity is trusted"),
					untrustedAttestation(keylessBy + ", and no identity is trusted"),
				},
			},
			sboms: map[string]string{"classic": "cyclonedx", "bundle": "spdx", "bundle-tag": "spdx"},
		},
		{
			name: "the right identity",
			trust: TrustOptions{Identities: []string{itt.Issuer + `=https://github\.com/acme/app/\.github/workflows/release\.yml@refs/tags/v.*`},
				TrustedRoot: vs.Root},
			want: map[string][3]verdict{
				"keyless": {pass, pass, pass},
				// An identity alone verifies no key's signature.
				"classic": {
					{engine.StatusFail, []string{"none from a trusted signer over this digest", "signed with a key, and no key is trusted"}},
					untrustedAttestation("signed with a key, and no key is trusted"),
					untrustedAttestation("signed with a key, and no key is trusted"),
				},
			},
			sboms: map[string]string{"keyless": "cyclonedx"},
		},
		{
			name:  "the wrong identity",
			trust: TrustOptions{Identities: []string{itt.Issuer + `=https://github\.com/acme/other/.*`}, TrustedRoot: vs.Root},
			want: map[string][3]verdict{
				"keyless": {
					{engine.StatusFail, []string{"none from a trusted signer over this digest", keylessBy + ", not verified against the trusted identities", "acme/other"}},
					untrustedAttestation(keylessBy + ", not verified against the trusted identities"),
					untrustedAttestation(keylessBy + ", not verified against the trusted identities"),
				},
			},
		},
	} {
		t.Run(run.name, func(t *testing.T) {
			var paths []string
			for c := range run.want {
				paths = append(paths, imageArg(images[c]))
			}
			rep, err := Judge(context.Background(), ps, Options{Paths: paths, ConfigFile: "none", Trust: run.trust,
				Image: image.Options{NoFileSystem: true, NoBaseLookup: true}})
			if err != nil {
				t.Fatal(err)
			}
			for c, want := range run.want {
				arg := imageArg(images[c])
				for i, id := range []string{"IMG-001", "IMG-002", "IMG-003"} {
					want[i].check(t, c+" "+id, verdictsOf(rep, arg, id))
				}
			}
			// The attested SBOMs that count are targets of their own,
			// named after the image; those that do not count are not.
			var sbomTargets []string
			for _, tg := range rep.Targets {
				if tg.Kind != "sbom" {
					continue
				}
				sbomTargets = append(sbomTargets, tg.ID)
				c := cases[strings.TrimSuffix(tg.ID, "#sbom-1")]
				if _, ok := run.sboms[c]; !ok {
					t.Errorf("%s: an SBOM target of an attestation that does not count: %+v", c, tg)
					continue
				}
				if tg.ID != imageArg(images[c])+"#sbom-1" || tg.Repo != images[c].Context().Name() || tg.Path != "linux/amd64/sbom-1" || tg.Error != "" {
					t.Errorf("%s: SBOM target %+v", c, tg.TargetRef)
				}
			}
			if len(sbomTargets) != len(run.sboms) {
				t.Errorf("SBOM targets %v, want one for each of %v", sbomTargets, run.sboms)
			}
			for c, format := range run.sboms {
				id := imageArg(images[c]) + "#sbom-1"
				judged := map[string]bool{}
				for _, r := range rep.Results {
					if r.Target.ID == id {
						judged[r.Policy.ID] = true
						if r.Status == engine.StatusError {
							t.Errorf("%s: %s: %s", id, r.Policy.ID, r.Message)
						}
					}
				}
				if !judged["SBOM-001"] || !judged["SBOM-004"] {
					t.Errorf("%s: the SBOM policies did not judge the attested SBOM: %v", id, judged)
				}
				if format == "cyclonedx" {
					// The nested file has no version: the SBOM policies
					// read the attested document itself.
					got := verdictsOf(rep, id, "SBOM-004")
					if !slices.ContainsFunc(got, func(v verdict) bool {
						return v.status == engine.StatusFail && strings.Contains(v.says[0], "has no version")
					}) {
						t.Errorf("%s: SBOM-004 %v", id, got)
					}
				}
			}
		})
	}
}

// cosign signs a multi-platform image by its index digest, and provenance
// and SBOMs are attested for the index: each platform judged is covered by
// them, and the attested SBOM is judged once per platform, named after it.
func TestImageTrustIndexed(t *testing.T) {
	r := itt.NewRegistry(t, true)
	k := itt.NewKey(t, t.TempDir(), "cosign")
	idx := mutate.AppendManifests(empty.Index,
		mutate.IndexAddendum{Add: appImage(t, "multi", "amd64"), Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
		mutate.IndexAddendum{Add: appImage(t, "multi", "arm64"), Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64"}}},
	)
	tag, err := name.NewTag(r.Host() + "/acme/multi:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteIndex(tag, idx, itt.RemoteOptions()...); err != nil {
		t.Fatal(err)
	}
	h, err := idx.Digest()
	if err != nil {
		t.Fatal(err)
	}
	d := tag.Context().Digest(h.String())
	itt.AttachSignature(t, d, k.Signature(t, d))
	itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1())), itt.SLSAv1Type)
	itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.CycloneDXType, itt.CycloneDX())), itt.CycloneDXType)

	arg := "image://" + tag.String()
	rep, err := Judge(context.Background(), builtin(t), Options{Paths: []string{arg}, ConfigFile: "none",
		Trust: TrustOptions{Keys: []string{k.Pub}}, Image: image.Options{NoFileSystem: true, NoBaseLookup: true}})
	if err != nil {
		t.Fatal(err)
	}
	pass := verdict{status: engine.StatusPass}
	var targets []string
	for _, tg := range rep.Targets {
		targets = append(targets, fmt.Sprintf("%s %s %s %s", tg.Kind, tg.ID, tg.Repo, tg.Path))
	}
	for _, p := range []string{"linux/amd64", "linux/arm64"} {
		id := arg + "@" + p
		for _, policy := range []string{"IMG-001", "IMG-002", "IMG-003"} {
			pass.check(t, id+" "+policy, verdictsOf(rep, id, policy))
		}
		want := fmt.Sprintf("sbom %s#sbom-1 %s %s/sbom-1", id, tag.Context().Name(), p)
		if !slices.Contains(targets, want) {
			t.Errorf("no %q among the targets %q", want, targets)
		}
		if got := verdictsOf(rep, id+"#sbom-1", "SBOM-004"); len(got) == 0 {
			t.Errorf("%s: the SBOM policies did not judge the attested SBOM", id)
		}
	}
	if len(targets) != 4 {
		t.Errorf("targets %q", targets)
	}
}

// An image's attested SBOMs come back with its verification, however
// many images are verified before the loader reads them: a verifier that
// held them aside for later lost the oldest past 64 images, and those
// images were judged without their SBOMs.
func TestImageVerifierKeepsSBOMs(t *testing.T) {
	r := itt.NewRegistry(t, true)
	k := itt.NewKey(t, t.TempDir(), "cosign")
	const n = 70
	var ds []name.Digest
	for i := range n {
		d := r.PushRandom(t, fmt.Sprintf("acme/app%d", i))
		sbom := itt.CycloneDX()
		sbom["serialNumber"] = fmt.Sprintf("urn:uuid:00000000-0000-0000-0000-%012d", i)
		itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.CycloneDXType, sbom)), itt.CycloneDXType)
		ds = append(ds, d)
	}
	v, err := verifierFor(context.Background(), []string{imageArg(ds[0])}, TrustOptions{Keys: []string{k.Pub}})
	if err != nil {
		t.Fatal(err)
	}
	// All are verified, at once as a run's loads are, before any is read.
	trust := make([]image.Trust, n)
	var wg sync.WaitGroup
	for i, d := range ds {
		wg.Go(func() { trust[i] = v.Verify(context.Background(), d, itt.RemoteOptions()...) })
	}
	wg.Wait()
	for i, tr := range trust {
		if len(tr.SBOMs) != 1 || !strings.Contains(string(tr.SBOMs[0]), fmt.Sprintf("-%012d", i)) {
			t.Errorf("image %d of %d: SBOMs %q", i+1, n, tr.SBOMs)
		}
	}
}

// An OCI layout and a docker save tarball of an image are judged as its
// registry copy is, policy by policy; only the policies about signatures,
// attestations and pinning differ, and their messages say why: a layout
// is not a registry, so what signs the image is unknown there.
func TestImageLayoutsJudgedAsRegistry(t *testing.T) {
	r := itt.NewRegistry(t, true)
	dir := t.TempDir()
	k := itt.NewKey(t, dir, "cosign")
	img := appImage(t, "app", "amd64")
	d := r.Push(t, "acme/app", "1.4", img)
	itt.AttachSignature(t, d, k.Signature(t, d))
	itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.SLSAv1Type, itt.SLSAv1())), itt.SLSAv1Type)
	itt.AttachBundle(t, d, k.Bundle(t, itt.Statement(t, d, itt.CycloneDXType, itt.CycloneDX())), itt.CycloneDXType)

	full := d.Context().Tag("1.4")
	lp, err := layout.Write(filepath.Join(dir, "layout"), empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := lp.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": full.String()})); err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(dir, "app.tar")
	if err := tarball.WriteToFile(archive, full, img); err != nil {
		t.Fatal(err)
	}
	reg := "image://" + full.String()
	oci := "oci:" + filepath.Join(dir, "layout")
	docker := "docker-archive:" + archive
	rep, err := Judge(context.Background(), builtin(t), Options{Paths: []string{reg, oci, docker}, ConfigFile: "none",
		Trust: TrustOptions{Keys: []string{k.Pub}}, Image: image.Options{NoBaseLookup: true}})
	if err != nil {
		t.Fatal(err)
	}
	byPolicy := func(arg string) map[string][]verdict {
		out := map[string][]verdict{}
		for _, r := range rep.Results {
			if r.Target.ID == arg {
				// Messages name the image by its reference as given.
				msg := strings.ReplaceAll(r.Message, arg, "IMAGE")
				out[r.Policy.ID] = append(out[r.Policy.ID], verdict{r.Status, []string{msg}})
			}
		}
		return out
	}
	want := byPolicy(reg)
	if len(want) < 15 {
		t.Fatalf("the registry copy was judged by %d policies: %v", len(want), want)
	}
	trust := []string{"IMG-001", "IMG-002", "IMG-003", "IMG-014"}
	for _, id := range trust[:3] {
		if v := want[id]; len(v) != 1 || v[0].status != engine.StatusPass {
			t.Errorf("registry copy: %s %v", id, v)
		}
	}
	if v := want["IMG-014"]; len(v) != 1 || v[0].status != engine.StatusFail || !strings.Contains(v[0].says[0], `referenced by tag "1.4"`) {
		t.Errorf("registry copy by tag: IMG-014 %v", v)
	}
	if v := want["IMG-010"]; len(v) != 1 || v[0].status != engine.StatusFail {
		t.Errorf("the registry copy's apt cache: IMG-010 %v", v)
	}
	for _, c := range []struct {
		arg, what string
	}{{oci, "an OCI layout is not one"}, {docker, "a docker archive is not one"}} {
		got := byPolicy(c.arg)
		for id, w := range want {
			if slices.Contains(trust, id) {
				continue
			}
			if fmt.Sprint(got[id]) != fmt.Sprint(w) {
				t.Errorf("%s: %s\n got %v\nwant %v", c.arg, id, got[id], w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: judged by %d policies, the registry copy by %d", c.arg, len(got), len(want))
		}
		unknown := "could not be looked up"
		verdict{engine.StatusFail, []string{"the signatures of IMAGE " + unknown, c.what, "judge the image by its image:// reference"}}.check(t, c.arg+" IMG-001", got["IMG-001"])
		verdict{engine.StatusFail, []string{"the attestations of IMAGE " + unknown, c.what}}.check(t, c.arg+" IMG-002", got["IMG-002"])
		verdict{engine.StatusFail, []string{"the attestations of IMAGE " + unknown, c.what}}.check(t, c.arg+" IMG-003", got["IMG-003"])
		// Not applicable: the layout is judged by the digest read.
		pass := verdict{status: engine.StatusPass}
		pass.check(t, c.arg+" IMG-014", got["IMG-014"])
	}
	for _, tg := range rep.Targets {
		if tg.Kind == "sbom" && tg.ID != reg+"#sbom-1" {
			t.Errorf("an SBOM judged for a layout, whose attestations are not looked up: %+v", tg.TargetRef)
		}
	}
}

// verdict is one result of a policy on a target: its status and what its
// message must say (all of it).
type verdict struct {
	status engine.Status
	says   []string
}

func (v verdict) String() string { return fmt.Sprintf("%s: %s", v.status, strings.Join(v.says, " / ")) }

// check wants got to be exactly one result, v.
func (v verdict) check(t *testing.T, what string, got []verdict) {
	t.Helper()
	if len(got) != 1 {
		t.Errorf("%s: %d results %v, want one %s", what, len(got), got, v.status)
		return
	}
	if got[0].status != v.status {
		t.Errorf("%s: %s, want %s", what, got[0], v.status)
		return
	}
	for _, s := range v.says {
		if !strings.Contains(got[0].says[0], s) {
			t.Errorf("%s: %q does not say %q", what, got[0].says[0], s)
		}
	}
}

// verdictsOf are the results of policy id on the target judged as arg.
func verdictsOf(rep *engine.Report, arg, id string) []verdict {
	var out []verdict
	for _, r := range rep.Results {
		if r.Target.ID == arg && r.Policy.ID == id {
			out = append(out, verdict{r.Status, []string{r.Message}})
		}
	}
	return out
}

func imageArg(d name.Digest) string { return "image://" + d.String() }

// appImage is a service image for arch with a real config and two
// layers, named by its title label (a name makes another digest): a non-root user, the
// OCI labels that trace it to github.com/acme/app, a shell, a setuid
// binary and an apt cache left behind, so that file policies have
// something to say.
func appImage(t testing.TB, title, arch string) v1.Image {
	t.Helper()
	base := layer(t, map[string]string{
		"etc/os-release":               "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
		"bin/sh":                       "\x7fELF sh",
		"usr/bin/passwd":               "\x7fELF passwd",
		"var/cache/apt/archives/x.deb": strings.Repeat("d", 64),
	})
	app := layer(t, map[string]string{"app/server": "\x7fELF server " + title})
	img, err := mutate.Append(empty.Image,
		mutate.Addendum{Layer: base, History: v1.History{CreatedBy: "ADD rootfs.tar /"}},
		mutate.Addendum{Layer: app, History: v1.History{CreatedBy: "COPY server /app/server"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", arch
	cfg.Created = v1.Time{Time: time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Second)}
	cfg.Config = v1.Config{
		User:         "65532",
		Env:          []string{"PATH=/usr/local/bin:/usr/bin:/bin"},
		Entrypoint:   []string{"/app/server"},
		ExposedPorts: map[string]struct{}{"8080/tcp": {}},
		Labels: map[string]string{
			"org.opencontainers.image.title":    title,
			"org.opencontainers.image.source":   "https://github.com/acme/app",
			"org.opencontainers.image.revision": "0123456789abcdef0123456789abcdef01234567",
			"org.opencontainers.image.licenses": "Apache-2.0",
		},
		WorkingDir: "/app",
	}
	if img, err = mutate.ConfigFile(img, cfg); err != nil {
		t.Fatal(err)
	}
	return img
}

// layer is a gzipped tar of files; usr/bin/passwd is setuid.
func layer(t testing.TB, files map[string]string) v1.Layer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		mode := int64(0o755)
		if n == "usr/bin/passwd" {
			mode = 0o4755
		}
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: mode, Size: int64(len(files[n])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil })
	if err != nil {
		t.Fatal(err)
	}
	return l
}
