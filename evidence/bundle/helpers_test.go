package bundle

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"flag"
	"github.com/paved-dev/paved/internal/testpolicies"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/check"
	"github.com/paved-dev/paved/engine/waiver"
	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/oscal"
	"github.com/paved-dev/paved/evidence/runenv"
	"github.com/sigstore/sigstore/pkg/signature"
)

var update = flag.Bool("update", false, "rewrite the golden bundle under testdata/golden")

// t0 is the run's time in every test bundle.
var t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

// goldenKey is an ed25519 key from a fixed seed: ed25519 signatures are
// deterministic, so the golden attestation is too.
func goldenKey() ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("paved evidence golden test key"))
	return ed25519.NewKeyFromSeed(seed[:])
}

func goldenSigner(t testing.TB) signature.Signer {
	t.Helper()
	s, err := signature.LoadDefaultSigner(goldenKey())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func goldenVerifier(t testing.TB) signature.Verifier {
	t.Helper()
	v, err := signature.LoadDefaultVerifier(goldenKey().Public())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// otherKey is a key that did not sign the test bundles.
func otherKey(t testing.TB) signature.SignerVerifier {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sv, err := signature.LoadDefaultSignerVerifier(k)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

// testRun judges testdata/run (a Terraform module with a waived and a
// warned finding, an SBOM with VEX statements) with the test policies in
// testdata/policies, not the built-in library, so the golden files change
// only when the bundle does. Times and ids are set to fixed values: the
// only normalisation a golden comparison needs.
func testRun(t testing.TB, workers int) Input {
	t.Helper()
	ctx := context.Background()
	set, err := engine.LoadPolicies(ctx, engine.LoadOptions{Kinds: check.Kinds()},
		engine.PolicySource{Name: "testdata/policies", FS: os.DirFS("testdata/policies")})
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/run/waivers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := waiver.ParseFile("testdata/run/waivers.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := check.Judge(ctx, set, check.Options{
		Paths: []string{"testdata/run/infra", "testdata/run/app.cdx.json"}, Waivers: ws, Workers: workers,
		Version: "test", Repo: "example.com/acme/infra", Now: t0, FailOn: engine.SeverityHigh,
	})
	if err != nil {
		t.Fatal(err)
	}
	rep.Run = engine.Run{ID: "00000000000000000000000000000001", StartedAt: t0, FinishedAt: t0.Add(2 * time.Second), DurationMS: 2000}
	return Input{
		Report: rep,
		Policies: Policies{Files: testpolicies.Files(t, set), Sources: []attest.PolicySource{
			{Name: "testdata/policies", Kind: "directory", Ref: "testdata/policies"},
		}},
		Environment: runenv.Environment{
			Paved: runenv.Paved{Version: "test"},
			Git:   &runenv.Git{Commit: "0123456789abcdef0123456789abcdef01234567", Remote: "https://example.com/acme/infra.git", Repository: "example.com/acme/infra"},
			CI: &runenv.CI{Provider: runenv.GitHubActions, RunID: "42", RunURL: "https://github.com/acme/infra/actions/runs/42/attempts/1",
				Job: "check", Pipeline: "paved", Commit: "0123456789abcdef0123456789abcdef01234567", Ref: "refs/heads/main"},
			StartedAt: t0.Add(-time.Second), FinishedAt: t0.Add(2 * time.Second),
		},
		Scope: "example.com/acme/infra",
	}
}

// testOSCAL is the OSCAL document as cmd/paved wires it.
func testOSCAL(rep *engine.Report, ref EvidenceRef) ([]byte, error) {
	return oscal.AssessmentResults(rep, oscal.Input{PolicySetDigest: ref.PolicySetDigest, ReportDigest: "sha256:" + ref.ReportSHA256, PolicyDigests: ref.PolicyDigests})
}

func signedOptions(t testing.TB) Options {
	return Options{Signer: goldenSigner(t), OSCAL: testOSCAL}
}

// writeTest writes in to a new bundle under a temporary directory.
func writeTest(t testing.TB, in Input, opts Options, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if _, err := Write(context.Background(), dst, in, opts); err != nil {
		t.Fatal(err)
	}
	return dst
}

// readTree reads every file under dir by slash path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// copyTree copies a directory bundle, to tamper with the copy.
func copyTree(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "copy")
	for name, b := range readTree(t, src) {
		p := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// wantProblem asserts err is a *VerifyError naming file.
func wantProblem(t testing.TB, err error, file string) {
	t.Helper()
	var ve *VerifyError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a VerifyError naming %s", err, file)
	}
	if !slices.ContainsFunc(ve.Problems, func(p Problem) bool { return p.File == file }) {
		t.Fatalf("problems %+v do not name %s", ve.Problems, file)
	}
}
