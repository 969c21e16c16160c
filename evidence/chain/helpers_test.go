package chain

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/check"
	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/runenv"
	"github.com/sigstore/sigstore/pkg/signature"
)

// day0 is the first day of the test chains.
var day0 = time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)

func day(n int) time.Time { return day0.Add(time.Duration(n-1) * 24 * time.Hour) }

const testScope = "example.com/acme/infra"

var (
	judgeOnce sync.Once
	judged    bundle.Input
	judgeErr  error
)

// baseRun judges evidence/bundle's test module once; every test bundle is
// that run under another id, time, scope and predecessor.
func baseRun(t testing.TB) bundle.Input {
	t.Helper()
	judgeOnce.Do(func() {
		ctx := context.Background()
		set, err := engine.LoadPolicies(ctx, engine.LoadOptions{Kinds: check.Kinds()},
			engine.PolicySource{Name: "policies", FS: os.DirFS("../bundle/testdata/policies")})
		if err != nil {
			judgeErr = err
			return
		}
		rep, err := check.Judge(ctx, set, check.Options{Paths: []string{"../bundle/testdata/run/infra"}, Version: "test",
			Repo: testScope, Now: day0, FailOn: engine.SeverityHigh})
		if err != nil {
			judgeErr = err
			return
		}
		files, err := set.Files()
		if err != nil {
			judgeErr = err
			return
		}
		judged = bundle.Input{
			Report:      rep,
			Policies:    bundle.Policies{Files: files, Sources: []attest.PolicySource{{Name: "policies", Kind: "directory", Ref: "policies"}}},
			Environment: runenv.Environment{Paved: runenv.Paved{Version: "test"}},
		}
	})
	if judgeErr != nil {
		t.Fatal(judgeErr)
	}
	return judged
}

func testKey() ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("paved chain test key"))
	return ed25519.NewKeyFromSeed(seed[:])
}

func testSigner(t testing.TB) signature.Signer {
	t.Helper()
	s, err := signature.LoadDefaultSigner(testKey())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testVerify(t testing.TB) bundle.VerifyOptions {
	t.Helper()
	v, err := signature.LoadDefaultVerifier(testKey().Public())
	if err != nil {
		t.Fatal(err)
	}
	return bundle.VerifyOptions{Verifier: v, KeyName: "test.pub"}
}

// run is one bundle of a test chain.
type run struct {
	name, scope string
	at          time.Time
	prev        string // digest; "" starts a chain
}

// writeRun writes r's bundle into dir (a .tar.gz when its name ends so)
// and returns its digest.
func writeRun(t testing.TB, dir string, r run) string {
	t.Helper()
	in := baseRun(t)
	rep := *in.Report
	rep.Run = engine.Run{ID: "run-" + strings.TrimSuffix(r.name, ".tar.gz"), StartedAt: r.at.Add(-time.Minute), FinishedAt: r.at}
	in.Report = &rep
	in.Environment.StartedAt, in.Environment.FinishedAt = r.at.Add(-time.Minute), r.at
	in.Scope, in.PreviousBundle = r.scope, r.prev
	w, err := bundle.Write(context.Background(), filepath.Join(dir, r.name), in, bundle.Options{Signer: testSigner(t)})
	if err != nil {
		t.Fatal(err)
	}
	return w.Digest
}

// writeChain writes a chain of n bundles of scope into dir, one a day
// from day 1, alternating directories and .tar.gz files, and returns
// their names and digests.
func writeChain(t testing.TB, dir, scope string, n int) (names, digests []string) {
	t.Helper()
	prev := ""
	for i := 1; i <= n; i++ {
		name := "b" + string(rune('0'+i))
		if i%2 == 0 {
			name += ".tar.gz"
		}
		prev = writeRun(t, dir, run{name: name, scope: scope, at: day(i), prev: prev})
		names, digests = append(names, name), append(digests, prev)
	}
	return names, digests
}

func verifyDirChain(t testing.TB, dir string, opts Options) *Report {
	t.Helper()
	loc, err := Locate(dir)
	if err != nil {
		t.Fatal(err)
	}
	if opts.Verify.Verifier == nil && !opts.Verify.Unsigned {
		opts.Verify = testVerify(t)
	}
	rep, err := Verify(context.Background(), loc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// scopeOf is the report's chain of one scope.
func scopeOf(t testing.TB, rep *Report, scope string) *Scoped {
	t.Helper()
	i := slices.IndexFunc(rep.Scopes, func(s Scoped) bool { return s.Scope == scope })
	if i < 0 {
		t.Fatalf("no scope %q in %+v", scope, rep.Scopes)
	}
	return &rep.Scopes[i]
}

// wantProblem asserts the scope's chain is broken with a problem holding
// every one of parts.
func wantProblem(t testing.TB, rep *Report, scope string, parts ...string) {
	t.Helper()
	s := scopeOf(t, rep, scope)
	if rep.Intact || s.Intact {
		t.Fatalf("chain intact, want it broken with %q: %+v", parts, s)
	}
	for _, p := range s.Problems {
		if containsAll(p, parts) {
			return
		}
	}
	t.Fatalf("problems %q: none says all of %q", s.Problems, parts)
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
