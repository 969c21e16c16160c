package attest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/sigstore/sigstore/pkg/signature"
)

func edKey() ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("paved attest test key"))
	return ed25519.NewKeyFromSeed(seed[:])
}

func signerVerifier(t testing.TB) (signature.Signer, signature.Verifier) {
	t.Helper()
	s, err := signature.LoadDefaultSigner(edKey())
	if err != nil {
		t.Fatal(err)
	}
	v, err := signature.LoadDefaultVerifier(edKey().Public())
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

func testPredicate() *Predicate {
	pol := &engine.PolicyRef{ID: "P-1", Severity: engine.SeverityHigh, Controls: []string{"SOC2:CC6.1", "NIST-800-53:SC-28"}}
	pol2 := &engine.PolicyRef{ID: "P-2", Severity: engine.SeverityLow, Controls: []string{"SOC2:CC6.1"}}
	a := &engine.TargetRef{Kind: "terraform", Repo: "github.com/acme/infra", Path: "infra", Digest: "sha256:" + strings.Repeat("a", 64)}
	b := &engine.TargetRef{Kind: "terraform", Repo: "github.com/acme/infra", Path: "app", Digest: "sha256:" + strings.Repeat("b", 64)}
	rep := &engine.Report{
		Tool: engine.Tool{Name: "paved", Version: "1.0.0"}, FailOn: "high",
		Run: engine.Run{ID: "r1", StartedAt: time.Unix(0, 0).UTC(), FinishedAt: time.Unix(1, 0).UTC()},
		Results: []engine.Result{
			{Status: engine.StatusPass, Policy: pol, Target: a},
			{Status: engine.StatusFail, Policy: pol, Target: b},
			{Status: engine.StatusWaived, Policy: pol2, Target: a, WaiverID: "W-1"},
		},
		Waivers: []*engine.Waiver{
			{ID: "W-1", Status: engine.WaiverActive, Matched: 1},
			{ID: "W-2", Status: engine.WaiverExpired, Matched: 3},
			{ID: "VEX-1", Status: engine.WaiverActive, Matched: 1, Origin: engine.WaiverOriginVEX},
			{ID: "W-3", Status: engine.WaiverStale},
		},
		Targets: []engine.TargetSummary{{TargetRef: *a}, {TargetRef: *b}},
	}
	rep.Summary = engine.Summarize(rep.Results, rep.FailOn)
	return NewPredicate(rep, PolicySet{Digest: "sha256:" + strings.Repeat("c", 64), Count: 2})
}

// Per-control verdicts are the worst result of the control's policies,
// counted over its assets; exceptions count what applied and what needs
// attention.
func TestPredicate(t *testing.T) {
	p := testPredicate()
	want := []Control{
		{ID: "NIST-800-53:SC-28", Verdict: engine.StatusFail, Policies: []string{"P-1"}, Assets: 2, Results: Counts{Pass: 1, Fail: 1}},
		{ID: "SOC2:CC6.1", Verdict: engine.StatusFail, Policies: []string{"P-1", "P-2"}, Assets: 2, Results: Counts{Pass: 1, Fail: 1, Waived: 1}},
	}
	got, _ := json.Marshal(p.Controls)
	exp, _ := json.Marshal(want)
	if !bytes.Equal(got, exp) {
		t.Errorf("controls %s, want %s", got, exp)
	}
	if p.Exceptions != (Exceptions{Waivers: 1, VEX: 1, Expired: 1, Stale: 1}) {
		t.Errorf("exceptions %+v", p.Exceptions)
	}
	for _, c := range []struct {
		counts Counts
		want   engine.Status
	}{
		{Counts{Pass: 3}, engine.StatusPass},
		{Counts{Pass: 3, Waived: 1}, engine.StatusWaived},
		{Counts{Waived: 1, Warn: 1}, engine.StatusWarn},
		{Counts{Warn: 1, Fail: 1}, engine.StatusFail},
		{Counts{Fail: 1, Error: 1}, engine.StatusError},
		{Counts{}, ""},
	} {
		if got := c.counts.Verdict(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.counts, got, c.want)
		}
	}
}

// A statement signed and opened again gives back its subjects and
// predicate; the bytes depend on the inputs alone.
func TestSignOpen(t *testing.T) {
	ctx := context.Background()
	s, v := signerVerifier(t)
	subjects := []Subject{{Name: "manifest.json", SHA256: strings.Repeat("1", 64)}, {Name: "terraform:x", SHA256: strings.Repeat("2", 64)}}
	st, err := Statement(subjects, testPredicate())
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Statement(subjects, testPredicate())
	if !bytes.Equal(st, again) {
		t.Error("the same statement serialised twice differs")
	}
	env, err := Sign(ctx, s, st)
	if err != nil {
		t.Fatal(err)
	}
	o, err := Open(ctx, env, v)
	if err != nil {
		t.Fatal(err)
	}
	if !o.Verified || o.Signatures != 1 || len(o.Subjects) != 2 || o.Subjects[1] != subjects[1] {
		t.Errorf("opened %+v", o)
	}
	gotP, _ := json.Marshal(o.Predicate)
	wantP, _ := json.Marshal(testPredicate())
	if !bytes.Equal(gotP, wantP) {
		t.Errorf("predicate %s, want %s", gotP, wantP)
	}

	// Another key, no signature, a changed byte, another predicate type.
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := signature.LoadDefaultVerifier(&k.PublicKey)
	if _, err := Open(ctx, env, other); !errors.Is(err, ErrSignature) {
		t.Errorf("another key: %v", err)
	}
	unsigned, _ := Unsigned(st)
	if _, err := Open(ctx, unsigned, v); !errors.Is(err, ErrUnsigned) {
		t.Errorf("unsigned with a key: %v", err)
	}
	if o, err := Open(ctx, unsigned, nil); err != nil || o.Verified {
		t.Errorf("unsigned without a key: %+v, %v", o, err)
	}
	if _, err := Open(ctx, append(bytes.Clone(env), '\n'), v); err == nil {
		t.Error("an envelope with a byte added opened")
	}
	var e map[string]any
	_ = json.Unmarshal(env, &e)
	body, _ := base64.StdEncoding.DecodeString(e["payload"].(string))
	body = bytes.Replace(body, []byte(PredicateType), []byte("https://example.com/other/v1"), 1)
	env2, _ := Sign(ctx, s, body)
	if _, err := Open(ctx, env2, v); err == nil || !strings.Contains(err.Error(), "predicate type") {
		t.Errorf("another predicate type: %v", err)
	}
	if _, err := Statement(nil, testPredicate()); err == nil {
		t.Error("a statement without subjects")
	}
}

// Whatever an envelope holds, Open never panics, and only the envelope
// signed with the key opens as verified.
func FuzzOpen(f *testing.F) {
	s, v := signerVerifier(f)
	st, err := Statement([]Subject{{Name: "manifest.json", SHA256: strings.Repeat("1", 64)}}, testPredicate())
	if err != nil {
		f.Fatal(err)
	}
	env, err := Sign(context.Background(), s, st)
	if err != nil {
		f.Fatal(err)
	}
	unsigned, _ := Unsigned(st)
	f.Add(env)
	f.Add(unsigned)
	f.Add(malleate(env))
	f.Add([]byte(`{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"keyid":"","sig":"AA=="}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Open(context.Background(), data, nil)
		if o, err := Open(context.Background(), data, v); err == nil && (!o.Verified || !bytes.Equal(data, env)) {
			t.Fatalf("opened as verified an envelope the key did not make:\n%s", data)
		}
	})
}

// malleate changes the last character of the envelope's signature to one
// that decodes to the same bytes when the string's unused low bits are
// ignored: the same signature, other bytes.
func malleate(env []byte) []byte {
	var e struct {
		PayloadType string `json:"payloadType"`
		Payload     string `json:"payload"`
		Signatures  []struct {
			KeyID string `json:"keyid"`
			Sig   string `json:"sig"`
		} `json:"signatures"`
	}
	if json.Unmarshal(env, &e) != nil || len(e.Signatures) == 0 {
		return env
	}
	sig := e.Signatures[0].Sig
	trimmed := strings.TrimRight(sig, "=")
	if len(trimmed) == len(sig) {
		return env
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	last := strings.IndexByte(alphabet, trimmed[len(trimmed)-1])
	trimmed = trimmed[:len(trimmed)-1] + string(alphabet[last^1])
	e.Signatures[0].Sig = trimmed + sig[len(trimmed):]
	out, _ := json.Marshal(e)
	return out
}

// A signature whose base64 differs only in unused bits is another byte
// of the file, and refused.
func TestMalleated(t *testing.T) {
	s, v := signerVerifier(t)
	st, _ := Statement([]Subject{{Name: "manifest.json", SHA256: strings.Repeat("1", 64)}}, testPredicate())
	env, _ := Sign(context.Background(), s, st)
	m := malleate(env)
	if bytes.Equal(m, env) {
		t.Skip("this signature's base64 has no unused bits")
	}
	if _, err := Open(context.Background(), m, v); err == nil {
		t.Error("a malleated envelope opened")
	}
}
