package bundle

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The same inputs and policies give byte-identical bundles: two runs with
// different worker counts, times and ids set alike, write the same files
// as testdata/golden/bundle (go test -update rewrites them), and the same
// .tar.gz bytes.
func TestGoldenBundle(t *testing.T) {
	a := writeTest(t, testRun(t, 1), signedOptions(t), "a")
	b := writeTest(t, testRun(t, 4), signedOptions(t), "b")
	fa, fb := readTree(t, a), readTree(t, b)
	golden := filepath.Join("testdata", "golden", "bundle")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for name, data := range fa {
			p := filepath.Join(golden, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	fg := readTree(t, golden)
	for _, other := range []struct {
		name  string
		files map[string][]byte
	}{{"second run", fb}, {"golden", fg}} {
		names := sortedKeys(fa)
		if got := sortedKeys(other.files); !slices.Equal(names, got) {
			t.Errorf("%s holds %v, the first run %v", other.name, got, names)
			continue
		}
		for _, n := range names {
			if !bytes.Equal(fa[n], other.files[n]) {
				t.Errorf("%s differs from the %s's (go test ./evidence/bundle -run TestGoldenBundle -update rewrites the golden files)", n, other.name)
			}
		}
	}

	ta := writeTest(t, testRun(t, 1), signedOptions(t), "a.tar.gz")
	tb := writeTest(t, testRun(t, 3), signedOptions(t), "b.tar.gz")
	ba, _ := os.ReadFile(ta)
	bb, _ := os.ReadFile(tb)
	if len(ba) == 0 || !bytes.Equal(ba, bb) {
		t.Errorf("two .tar.gz of the same run differ (%d and %d bytes)", len(ba), len(bb))
	}
	if _, err := Verify(context.Background(), filepath.Join(golden), VerifyOptions{Verifier: goldenVerifier(t), KeyName: "golden"}); err != nil {
		t.Errorf("the golden bundle does not verify: %v", err)
	}
}
