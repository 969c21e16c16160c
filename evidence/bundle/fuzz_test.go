package bundle

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Whatever an archive holds, Verify never panics, and an archive that
// verifies holds exactly the files of the bundle that was signed.
func FuzzVerifyArchive(f *testing.F) {
	in := testRun(f, 0)
	signed := writeTest(f, in, signedOptions(f), "b.tar.gz")
	valid, err := os.ReadFile(signed)
	if err != nil {
		f.Fatal(err)
	}
	want := readTree(f, writeTest(f, in, signedOptions(f), "dir"))
	f.Add(valid)
	f.Add(valid[:len(valid)-10])
	f.Add(gz(f, []byte("junk")))
	f.Add([]byte{0x1f, 0x8b})
	v := goldenVerifier(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.tar.gz")
		writeFile(t, p, data)
		c, err := readBundle(context.Background(), p, map[string]int64{})
		if _, verr := Verify(context.Background(), p, VerifyOptions{Verifier: v}); verr != nil {
			return
		}
		if err != nil {
			t.Fatalf("verified an archive it could not read: %v", err)
		}
		if len(c.files) != len(want) {
			t.Fatalf("verified an archive of %d files, the bundle has %d", len(c.files), len(want))
		}
		for name, b := range want {
			if c.files[name].sha256 != fileDigest(b) {
				t.Fatalf("verified an archive whose %s is not the bundle's", name)
			}
		}
	})
}

// Whatever the manifest says, a bundle verifies only with the manifest the
// attestation signed.
func FuzzVerifyManifest(f *testing.F) {
	dir := writeTest(f, testRun(f, 0), signedOptions(f), "dir")
	valid, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(bytes.Replace(valid, []byte(ReportFile), []byte("report.JSON"), 1))
	f.Add([]byte(`{"schema":"paved.evidence/v1","files":[{"path":"../x","sha256":"00","size":-1}]}`))
	f.Add([]byte(`{"schema":"paved.evidence/v1","files":null}`))
	v := goldenVerifier(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		copyDir := copyTree(t, dir)
		writeFile(t, filepath.Join(copyDir, ManifestFile), data)
		if _, err := Verify(context.Background(), copyDir, VerifyOptions{Verifier: v}); err == nil && !bytes.Equal(data, valid) {
			t.Fatalf("verified with a manifest the attestation did not sign:\n%s", data)
		}
	})
}

// Whatever an archive holds, ReadHead never panics, and for an archive
// that verifies it names the digest Verify does: the attestation's.
func FuzzReadHeadArchive(f *testing.F) {
	signed := writeTest(f, testRun(f, 0), signedOptions(f), "b.tar.gz")
	valid, err := os.ReadFile(signed)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add(gz(f, []byte("junk")))
	v := goldenVerifier(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.tar.gz")
		writeFile(t, p, data)
		h, herr := ReadHead(context.Background(), p)
		d, derr := Digest(context.Background(), p)
		if herr == nil && (derr != nil || d != h.Digest) {
			t.Fatalf("ReadHead says %s, Digest %s (%v)", h.Digest, d, derr)
		}
		ver, verr := Verify(context.Background(), p, VerifyOptions{Verifier: v})
		if verr != nil {
			return
		}
		if herr != nil || h.Digest != ver.Digest || !IsDigest(h.Digest) {
			t.Fatalf("verified as %s, head %v (%v)", ver.Digest, h, herr)
		}
	})
}
