package bundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"github.com/paved-dev/paved/internal/testpolicies"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine/check"
	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/runenv"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
)

// A bundle written with the built-in library verifies, as a directory and
// as a .tar.gz, and says what it attests: the report's counts and
// controls, the VEX statement and waiver that applied, the policy set
// with every file stored.
func TestRoundTripBuiltin(t *testing.T) {
	ctx := context.Background()
	rep, pol, err := check.RunWithPolicies(ctx, check.Options{
		Paths: []string{"testdata/run/infra", "testdata/run/app.cdx.json"}, ConfigFile: "none",
		Version: "test", Repo: "example.com/acme/infra", Now: t0,
	})
	if err != nil {
		t.Fatal(err)
	}
	srcs := make([]attest.PolicySource, 0, len(pol.Sources))
	for _, s := range pol.Sources {
		srcs = append(srcs, attest.PolicySource{Name: s.Name, Kind: s.Kind, Ref: s.Ref, Digest: s.Digest, Revision: s.Revision})
	}
	in := Input{Report: rep, Policies: Policies{Files: testpolicies.Files(t, pol.Set), Sources: srcs}, Environment: runenv.Environment{Paved: runenv.Paved{Version: "test"}}}
	for _, name := range []string{"dir", "bundle.tar.gz"} {
		dst := writeTest(t, in, signedOptions(t), name)
		v, err := Verify(ctx, dst, VerifyOptions{Verifier: goldenVerifier(t), KeyName: "test.pub"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := v.Attests
		if !v.SignatureVerified || p.Summary.Total != rep.Summary.Total || p.Summary.Fail != rep.Summary.Fail || p.Summary.Waived != rep.Summary.Waived || p.PolicySet.Digest != rep.PolicySet.Digest || p.Targets != len(rep.Targets) {
			t.Errorf("%s attests %+v, want the report's summary %+v and policy set %s", name, p, rep.Summary, rep.PolicySet.Digest)
		}
		if v.PolicyFiles != len(testpolicies.Files(t, pol.Set)) || v.PolicyFilesStored != len(testpolicies.Files(t, pol.Set)) {
			t.Errorf("%s: %d of %d policy files stored, want all %d", name, v.PolicyFilesStored, v.PolicyFiles, len(testpolicies.Files(t, pol.Set)))
		}
		if len(v.Waivers.VEX) == 0 || !v.Waivers.VEX[0].Applied || v.Waivers.VEX[0].Owner == "" || p.Exceptions.VEX == 0 {
			t.Errorf("%s: VEX statements %+v, exceptions %+v: want the applied VEX statement with its owner", name, v.Waivers.VEX, p.Exceptions)
		}
		if len(p.Controls) == 0 || len(v.Targets) != len(rep.Targets) {
			t.Errorf("%s: %d controls, %d targets by digest", name, len(p.Controls), len(v.Targets))
		}
		var text bytes.Buffer
		if err := v.WriteText(&text); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"verified with test.pub", "SOC2:CC6.1", "VEX-CVE-2021-44228"} {
			if !strings.Contains(text.String(), want) {
				t.Errorf("%s: the text does not say %q:\n%s", name, want, text.String())
			}
		}
	}
}

// Every kind of change to a bundle fails verification, naming the file:
// a changed byte in any file, a file removed, a file added, the manifest
// rewritten to match a changed file, the attestation signed by another
// key, stripped of its signature, or swapped for another bundle's; a
// wrong key. The same for the .tar.gz form.
func TestTamper(t *testing.T) {
	ctx := context.Background()
	in := testRun(t, 0)
	orig := writeTest(t, in, signedOptions(t), "orig")
	opts := VerifyOptions{Verifier: goldenVerifier(t), KeyName: "golden"}
	if _, err := Verify(ctx, orig, opts); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, orig)
	type tamper struct {
		name   string
		change func(t *testing.T, dir string)
		file   string // the file the failure must name
	}
	var cases []tamper
	for name := range files {
		cases = append(cases, tamper{"byte changed in " + name, func(t *testing.T, dir string) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 1
			writeFile(t, p, b)
		}, name})
		cases = append(cases, tamper{"removed " + name, func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				t.Fatal(err)
			}
		}, name})
		cases = append(cases, tamper{"appended to " + name, func(t *testing.T, dir string) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			b, _ := os.ReadFile(p)
			writeFile(t, p, append(b, ' '))
		}, name})
	}
	for _, added := range []string{"extra.txt", "policies/dir1/extra.rego", "oscal/other.json", ".hidden"} {
		cases = append(cases, tamper{"added " + added, func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, filepath.FromSlash(added)), []byte("package x\n"))
		}, added})
	}
	cases = append(cases,
		tamper{"manifest rewritten for a changed report", func(t *testing.T, dir string) {
			p := filepath.Join(dir, ReportFile)
			b := bytes.Replace(files[ReportFile], []byte(`"fail_on": "high"`), []byte(`"fail_on": "low"`), 1)
			writeFile(t, p, b)
			var m Manifest
			if err := json.Unmarshal(files[ManifestFile], &m); err != nil {
				t.Fatal(err)
			}
			for i := range m.Files {
				if m.Files[i].Path == ReportFile {
					sum := fileDigest(b)
					m.Files[i].SHA256, m.Files[i].Size = sum, int64(len(b))
				}
			}
			var buf bytes.Buffer
			if err := writeJSON(&buf, m); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, ManifestFile), buf.Bytes())
		}, ManifestFile},
		tamper{"attestation re-signed by another key", func(t *testing.T, dir string) {
			payload := envelopePayload(t, files[AttestationFile])
			env, err := attest.Sign(ctx, otherKey(t), payload)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, AttestationFile), env)
		}, AttestationFile},
		tamper{"attestation stripped of its signature", func(t *testing.T, dir string) {
			env, err := attest.Unsigned(envelopePayload(t, files[AttestationFile]))
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, AttestationFile), env)
		}, AttestationFile},
		tamper{"attestation of another run", func(t *testing.T, dir string) {
			other := testRun(t, 0)
			other.Report.Run.ID = "another"
			b := writeTest(t, other, signedOptions(t), "other")
			env, _ := os.ReadFile(filepath.Join(b, AttestationFile))
			writeFile(t, filepath.Join(dir, AttestationFile), env)
		}, ManifestFile},
		tamper{"a file replaced by a symlink", func(t *testing.T, dir string) {
			p := filepath.Join(dir, EnvironmentFile)
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(orig, EnvironmentFile), p); err != nil {
				t.Fatal(err)
			}
		}, EnvironmentFile},
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyTree(t, orig)
			c.change(t, dir)
			_, err := Verify(ctx, dir, opts)
			wantProblem(t, err, c.file)
			_, err = Verify(ctx, pack(t, dir), opts)
			if c.name != "a file replaced by a symlink" {
				wantProblem(t, err, c.file)
			}
		})
	}

	// A wrong key, and no key at all for a signed bundle's check of
	// integrity alone.
	_, err := Verify(ctx, orig, VerifyOptions{Verifier: otherKey(t), KeyName: "other.pub"})
	wantProblem(t, err, AttestationFile)
	if !strings.Contains(err.Error(), "other.pub") {
		t.Errorf("the failure does not name the key: %v", err)
	}
	if v, err := Verify(ctx, orig, VerifyOptions{Unsigned: true}); err != nil || v.SignatureVerified {
		t.Errorf("integrity-only check of a signed bundle: %+v, %v; want it to pass without claiming the signature", v, err)
	}
	if _, err := Verify(ctx, orig, VerifyOptions{}); err == nil {
		t.Error("Verify with neither a key nor Unsigned passed")
	}
}

// An unsigned bundle is written only when asked for, never verifies with a
// key, and verifies for integrity only when asked, saying so.
func TestUnsigned(t *testing.T) {
	ctx := context.Background()
	in := testRun(t, 0)
	if _, err := Write(ctx, filepath.Join(t.TempDir(), "x"), in, Options{}); err == nil {
		t.Fatal("Write with no signer and no Unsigned wrote a bundle")
	}
	dst := writeTest(t, in, Options{Unsigned: true}, "unsigned.tar.gz")
	_, err := Verify(ctx, dst, VerifyOptions{Verifier: goldenVerifier(t)})
	wantProblem(t, err, AttestationFile)
	if !strings.Contains(err.Error(), "no signature") {
		t.Errorf("want the failure to say the bundle is unsigned: %v", err)
	}
	v, err := Verify(ctx, dst, VerifyOptions{Unsigned: true})
	if err != nil || v.SignatureVerified || v.Signatures != 0 {
		t.Fatalf("integrity-only: %+v, %v", v, err)
	}
	var text bytes.Buffer
	if err := v.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "NOT CHECKED") {
		t.Errorf("the text of an unverified signature does not say so:\n%s", text.String())
	}
}

// Archives that cannot be bundles: entries outside the bundle, twice, or
// not files fail naming them; what is not a bundle at all is unreadable.
func TestArchiveEntries(t *testing.T) {
	ctx := context.Background()
	orig := writeTest(t, testRun(t, 0), signedOptions(t), "orig")
	files := readTree(t, orig)
	opts := VerifyOptions{Verifier: goldenVerifier(t)}
	for _, c := range []struct {
		name  string
		extra []tar.Header
		file  string
	}{
		{"climbs out", []tar.Header{{Name: "../evil.json", Typeflag: tar.TypeReg}}, "../evil.json"},
		{"absolute", []tar.Header{{Name: "/etc/evil", Typeflag: tar.TypeReg}}, "/etc/evil"},
		{"twice", []tar.Header{{Name: ReportFile, Typeflag: tar.TypeReg}}, ReportFile},
		{"symlink", []tar.Header{{Name: "link", Typeflag: tar.TypeSymlink, Linkname: ReportFile}}, "link"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "b.tar.gz")
			writeArchive(t, p, files, c.extra)
			_, err := Verify(ctx, p, opts)
			wantProblem(t, err, c.file)
		})
	}

	good := pack(t, orig)
	b, _ := os.ReadFile(good)
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"truncated", b[:len(b)/2]},
		{"not gzip", []byte("{}")},
		{"empty", nil},
		{"gzip of garbage", gz(t, []byte("not a tar archive at all, just text that goes on"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "b.tar.gz")
			writeFile(t, p, c.data)
			_, err := Verify(ctx, p, opts)
			var ue *UnreadableError
			var ve *VerifyError
			if !errors.As(err, &ue) && !errors.As(err, &ve) {
				t.Fatalf("got %v, want it unreadable or failing", err)
			}
		})
	}
	_, err := Verify(ctx, filepath.Join(t.TempDir(), "nothing"), opts)
	var ue *UnreadableError
	if !errors.As(err, &ue) {
		t.Errorf("a missing bundle: %v, want UnreadableError", err)
	}
}

func writeFile(t testing.TB, p string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func fileDigest(b []byte) string {
	var c contents
	c.files = map[string]fileSum{}
	sum, _ := c.take("x", bytes.NewReader(b), nil)
	return sum.sha256
}

func envelopePayload(t testing.TB, env []byte) []byte {
	t.Helper()
	var e dsse.Envelope
	if err := json.Unmarshal(env, &e); err != nil {
		t.Fatal(err)
	}
	p, err := e.DecodeB64Payload()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pack makes a .tar.gz of a directory bundle as it stands (tampered or
// not), as anyone could with tar.
func pack(t testing.TB, dir string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "packed.tar.gz")
	writeArchive(t, p, readTree(t, dir), nil)
	return p
}

func writeArchive(t testing.TB, p string, files map[string][]byte, extra []tar.Header) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range sortedKeys(files) {
		if err := tw.WriteHeader(&tar.Header{Name: name, Typeflag: tar.TypeReg, Size: int64(len(files[name])), Mode: 0o644}); err != nil {
			t.Fatal(err)
		}
		tw.Write(files[name])
	}
	for _, h := range extra {
		h.Mode = 0o644
		if h.Typeflag == tar.TypeReg {
			h.Size = 2
		}
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			tw.Write([]byte("{}"))
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	writeFile(t, p, buf.Bytes())
}

func gz(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}
