package osv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRecord checks that decoding any bytes as an OSV record never panics,
// that it yields entries or an error naming the file, and that matching
// versions of every shape against what it yields never panics either.
func FuzzRecord(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "db", "*", "*.json"))
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, "1.2.3")
		}
	}
	f.Add([]byte(`{"id": "X", "affected": [{"package": {"ecosystem": "Debian:12", "name": "a"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:1.0-1"}]}], "versions": ["1.0"]}]}`), "0:0.9-1")
	f.Add([]byte(`{"id": "X", "affected": [{"package": {"ecosystem": "PyPI", "name": "a"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1!0"}, {"last_affected": "2.0.post1.dev3+local.7"}, {"limit": "3"}]}]}]}`), "1!1.0rc1")
	f.Add([]byte(`{"id": "X", "affected": [{"package": {"ecosystem": "Alpine:v3.18", "name": "a"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2.3_alpha4-r5"}]}]}]}`), "1.2.3_rc1-r0")
	f.Add([]byte(`{"id": "X", "severity": [{"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}], "affected": [{"package": {"ecosystem": "Maven", "name": "g:a"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.0-RC1"}]}]}]}`), "1.0-alpha-1")
	f.Add([]byte(`{"id": "X", "affected": [{"package": {"ecosystem": "npm", "name": "a"}}]`), "1")
	f.Add([]byte(""), "")
	f.Fuzz(func(t *testing.T, src []byte, version string) {
		idx, err := decode("rec.json", src)
		if err != nil {
			if !strings.Contains(err.Error(), "rec.json") {
				t.Fatalf("error without the file name: %v", err)
			}
			if idx != nil {
				t.Fatal("entries with an error")
			}
			return
		}
		for _, es := range idx {
			for _, e := range es {
				for _, v := range []string{version, "0", "1.0.0", "1:2.3-4", "1.0.0rc1", "v1.2.3", ""} {
					m := matcher{version: v, ecosystem: baseOf(e.ecosystem)}
					m.affects(e)
				}
			}
		}
	})
}

func baseOf(eco string) string {
	b, _ := ecosystemRelease(eco)
	return b
}

// FuzzAffecting checks that any purl, as an SBOM may carry it, is matched
// against the fixture database without panicking.
func FuzzAffecting(f *testing.F) {
	for _, s := range []string{"pkg:npm/lodash@4.17.20", "pkg:deb/debian/libepochal1@2.4-1?upstream=epochal%401%3A2.2-1&distro=debian-12",
		"pkg:apk/alpine/libcrypto3@3.1.4-r0?upstream=openssl&distro=alpine-3.18.4", "pkg:golang/stdlib@go1.21.4",
		"pkg:pypi/Zope_Interface@2.0.0b5", "pkg:maven/org.example/qualified@2.0.0-RC1", "pkg:composer/laravel/framework@v7.12.0"} {
		f.Add(s)
	}
	db := loadTestDB(f)
	f.Fuzz(func(t *testing.T, purl string) {
		for _, a := range db.Affecting(purl) {
			if a.ID == "" {
				t.Fatal("advisory without id")
			}
		}
	})
}
