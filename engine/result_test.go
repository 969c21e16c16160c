package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// Fingerprints are stored and compared across runs and versions: the
// algorithm is fixed (SHA-256 over policy, repo, path and resource, each
// NUL-terminated, first 16 bytes in hex), whatever their length.
func TestFingerprintStable(t *testing.T) {
	if got := Fingerprint("SBOM-002", Identity{Repo: "github.com/acme/app", Path: "pkg:npm/app"}, "pkg:npm/lodash@4.17.21"); got != "6e30dd289205daaf01ea5d130e6830d9" {
		t.Errorf("fingerprint %s changed", got)
	}
	long := strings.Repeat("r", 300)
	for _, tc := range [][4]string{{"", "", "", ""}, {"P", "", "t", long}, {long, long, long, long}, {"P-1", "a\x00b", "c", "d"}} {
		h := sha256.New()
		for _, s := range tc {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		id := Identity{Repo: tc[1], Path: tc[2]}
		if want := hex.EncodeToString(h.Sum(nil)[:16]); Fingerprint(tc[0], id, tc[3]) != want {
			t.Errorf("Fingerprint(%.20q…) = %s, want %s", tc, Fingerprint(tc[0], id, tc[3]), want)
		}
	}
}

func BenchmarkFingerprint(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Fingerprint("SBOM-002", Identity{Repo: "github.com/acme/app", Path: "pkg:maven/org.acme/app"}, "pkg:maven/org.glassfish.jersey.ext/jersey-metainf-services@2.25.1")
	}
}
