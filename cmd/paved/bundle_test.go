package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
)

// bundleRegistry starts an in-process registry on loopback and points the
// bundle cache at a fresh directory.
func bundleRegistry(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	t.Cleanup(srv.Close)
	t.Setenv("PAVED_CACHE_DIR", t.TempDir())
	return srv, strings.TrimPrefix(srv.URL, "http://")
}

// keyFiles writes an ECDSA P-256 key pair as PEM files.
func keyFiles(t *testing.T) (priv, pub string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	privPEM, _ := cryptoutils.MarshalPrivateKeyToPEM(k)
	pubPEM, _ := cryptoutils.MarshalPublicKeyToPEM(k.Public())
	priv, pub = filepath.Join(dir, "key.pem"), filepath.Join(dir, "key.pub")
	os.WriteFile(priv, privPEM, 0o600)
	os.WriteFile(pub, pubPEM, 0o644)
	return priv, pub
}

func push(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := paved(t, append([]string{"policy", "push"}, args...)...)
	if code != 0 {
		t.Fatalf("push %v: exit %d: %s", args, code, errs)
	}
	ref := strings.TrimSpace(out)
	if !strings.Contains(ref, "@sha256:") {
		t.Fatalf("push printed %q, want a digest reference", out)
	}
	return ref
}

func TestPolicyBundleRoundTrip(t *testing.T) {
	srv, host := bundleRegistry(t)
	tag := host + "/acme/policies:v1"
	ref := push(t, tag, "testdata/policies")

	// An unsigned bundle is refused unless the user says to use it so.
	check := []string{"check", "testdata/tf-tags", "--no-builtin", "-f", "json", "--fail-on", "low"}
	code, out, errs := paved(t, append(check, "--policy", "oci://"+tag)...)
	if code != 2 || out != "" || !strings.Contains(errs, "--allow-unsigned-policies") {
		t.Fatalf("unsigned bundle without --allow-unsigned-policies: exit %d, stdout %q, stderr %s", code, out, errs)
	}
	// So does the config's allow_unsigned_policies.
	cfgDir := t.TempDir()
	cfg := filepath.Join(cfgDir, ".paved.yaml")
	os.WriteFile(cfg, []byte("version: 1\nallow_unsigned_policies: true\n"), 0o644)
	if code, out, errs := paved(t, append(check, "--policy", "oci://"+tag, "--config", cfg)...); code != 1 || jsonReport(t, out).Summary.Fail != 1 {
		t.Fatalf("allow_unsigned_policies in the config: exit %d, stderr %s", code, errs)
	}

	// The bundle's policies judge like the directory they came from.
	check = append(check, "--allow-unsigned-policies")
	code, out, errs = paved(t, append(check, "--policy", "oci://"+tag)...)
	rep := jsonReport(t, out)
	if code != 1 || rep.Summary.Fail != 1 || rep.Summary.Pass != 1 || rep.PolicySet.Count != 1 {
		t.Fatalf("check with the bundle: exit %d, summary %+v, stderr %s", code, rep.Summary, errs)
	}
	if !strings.Contains(errs, "without signature verification") {
		t.Errorf("an unverified bundle used without a warning; stderr: %s", errs)
	}
	for _, r := range rep.Results {
		if r.Status == "fail" && (r.Policy.ID != "ACME-001" || r.Resource != "aws_instance.big") {
			t.Errorf("failure %+v", r)
		}
	}

	dir := filepath.Join(t.TempDir(), "pulled")
	code, out, errs = paved(t, "policy", "pull", tag, "--output", dir)
	if code != 0 || !strings.Contains(out, ref) || !strings.Contains(out, "not downloaded again") {
		t.Fatalf("pull: exit %d\n%s%s", code, out, errs)
	}
	want, _ := os.ReadFile("testdata/policies/instance_type.rego")
	if got, err := os.ReadFile(filepath.Join(dir, "instance_type.rego")); err != nil || string(got) != string(want) {
		t.Fatalf("extracted policy: %v", err)
	}

	// The registry is gone; the digest reference is served from the cache.
	srv.Close()
	code, out, errs = paved(t, append(check, "--policy", "oci://"+ref)...)
	if rep := jsonReport(t, out); code != 1 || rep.Summary.Fail != 1 {
		t.Fatalf("offline check: exit %d, stderr %s", code, errs)
	}
	if code, _, errs := paved(t, append(check, "--policy", "oci://"+tag)...); code != 2 || !strings.Contains(errs, "digest reference") {
		t.Fatalf("offline check by tag: exit %d, %s", code, errs)
	}
}

func TestPolicyBundleParams(t *testing.T) {
	_, host := bundleRegistry(t)
	dir := t.TempDir()
	src, _ := os.ReadFile("testdata/policies/instance_type.rego")
	os.WriteFile(filepath.Join(dir, "instance_type.rego"), src, 0o644)
	os.MkdirAll(filepath.Join(dir, "params"), 0o755)
	os.WriteFile(filepath.Join(dir, "params", "data.yaml"), []byte("allowed_instance_types: [t3.micro, m5.24xlarge]\n"), 0o644)
	tag := host + "/acme/params:v1"
	push(t, tag, dir)
	check := []string{"check", "testdata/tf-tags", "--no-builtin", "-f", "json", "--fail-on", "low", "--allow-unsigned-policies", "--policy"}
	// The bundle's defaults apply, as they do from the directory...
	for _, src := range []string{"oci://" + tag, dir} {
		code, out, errs := paved(t, append(check, src)...)
		if rep := jsonReport(t, out); code != 0 || rep.Summary.Pass != 2 {
			t.Fatalf("%s: exit %d, summary %+v, %s", src, code, rep.Summary, errs)
		}
	}
	// ...and --data overrides them.
	data := filepath.Join(t.TempDir(), "d.yaml")
	os.WriteFile(data, []byte("allowed_instance_types: [t3.nano]\n"), 0o644)
	code, out, _ := paved(t, append(check, "oci://"+tag, "--data", data)...)
	if rep := jsonReport(t, out); code != 1 || rep.Summary.Fail != 2 {
		t.Fatalf("--data over bundle defaults: exit %d, summary %+v", code, rep.Summary)
	}
}

func TestPolicyBundleSigned(t *testing.T) {
	_, host := bundleRegistry(t)
	priv, pub := keyFiles(t)
	_, otherPub := keyFiles(t)
	tag := host + "/acme/signed:v1"
	ref := push(t, tag, "testdata/policies", "--sign-key", priv)
	check := []string{"check", "testdata/tf-tags", "--no-builtin", "-f", "json", "--fail-on", "low"}

	code, out, errs := paved(t, append(check, "--policy", "oci://"+tag, "--policy-key", pub)...)
	if rep := jsonReport(t, out); code != 1 || rep.Summary.Fail != 1 {
		t.Fatalf("signed bundle: exit %d, %s", code, errs)
	}
	if strings.Contains(errs, "without signature verification") {
		t.Errorf("a verified bundle warned as unverified: %s", errs)
	}
	if code, out, errs := paved(t, "policy", "pull", ref, "--policy-key", pub); code != 0 || !strings.Contains(out, "verified: signature over") {
		t.Fatalf("pull signed: exit %d %s %s", code, out, errs)
	}

	refused := func(what, want string, args ...string) {
		t.Helper()
		code, out, errs := paved(t, args...)
		if code != 2 || !strings.Contains(errs, want) || strings.Contains(out, `"status"`) {
			t.Errorf("%s: exit %d, stderr %q, want exit 2 and %q", what, code, errs, want)
		}
	}
	refused("wrong key", "none of its 1 signature(s) verifies", append(check, "--policy", "oci://"+tag, "--policy-key", otherPub)...)
	refused("wrong key on pull", "none of its", "policy", "pull", tag, "--policy-key", otherPub)

	unsigned := host + "/acme/unsigned:v1"
	push(t, unsigned, "../../policybundle/testdata/acme")
	refused("unsigned", "is not signed", append(check, "--policy", "oci://"+unsigned, "--policy-key", pub)...)

	// Content changed under the signed tag after signing.
	push(t, tag, "../../policybundle/testdata/acme")
	refused("tampered", "is not signed", append(check, "--policy", "oci://"+tag, "--policy-key", pub)...)
	// The signed digest itself still verifies.
	if code, _, errs := paved(t, append(check, "--policy", "oci://"+ref, "--policy-key", pub)...); code != 1 {
		t.Fatalf("signed digest: exit %d %s", code, errs)
	}

	refused("key with a directory", "verifies oci:// bundles only", append(check, "--policy", "testdata/policies", "--policy-key", pub)...)
	refused("private key as --policy-key", "private key", append(check, "--policy", "oci://"+ref, "--policy-key", priv)...)
}

func TestPolicyPushRefuses(t *testing.T) {
	_, host := bundleRegistry(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.rego"), []byte("package x\n\ndeny contains v if {\n\tv := \n}\n"), 0o644)
	code, _, errs := paved(t, "policy", "push", host+"/x/y:v1", dir)
	if code != 2 || !strings.Contains(errs, "bad.rego:") {
		t.Fatalf("broken policy pushed: exit %d %s", code, errs)
	}
	code, out, _ := paved(t, "policy", "push", "--help")
	if code != 0 || !strings.Contains(out, "paved policy push ghcr.io/acme/policies:v1 ./policies") || !strings.Contains(out, "--sign-key") {
		t.Fatalf("push --help does not teach:\n%s", out)
	}
}
