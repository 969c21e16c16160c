package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// Fingerprints are stored and compared across runs and versions: the
// algorithm is fixed (SHA-256 over the three, each NUL-terminated, first 16
// bytes in hex), whatever their length.
func TestFingerprintStable(t *testing.T) {
	if got := Fingerprint("SBOM-002", "app.cdx.json", "pkg:npm/lodash@4.17.21"); got != "793dba3985dd8b54d73038c64f36acc7" {
		t.Errorf("fingerprint %s changed", got)
	}
	long := strings.Repeat("r", 300)
	for _, tc := range [][3]string{{"", "", ""}, {"P", "t", long}, {long, long, long}, {"P-1", "a\x00b", "c"}} {
		h := sha256.New()
		for _, s := range tc {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		if want := hex.EncodeToString(h.Sum(nil)[:16]); Fingerprint(tc[0], tc[1], tc[2]) != want {
			t.Errorf("Fingerprint(%.20q…) = %s, want %s", tc, Fingerprint(tc[0], tc[1], tc[2]), want)
		}
	}
}

func BenchmarkFingerprint(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Fingerprint("SBOM-002", "dist/app.cdx.json", "pkg:maven/org.glassfish.jersey.ext/jersey-metainf-services@2.25.1")
	}
}
