package osv

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/sbom"
)

func loadTestDB(t testing.TB) *DB {
	t.Helper()
	db, err := Load(context.Background(), filepath.Join("testdata", "db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func ids(advs []sbom.Advisory) []string {
	var out []string
	for _, a := range advs {
		out = append(out, a.ID)
	}
	slices.Sort(out)
	return out
}

// Each ecosystem's version order, through the matcher: a purl against the
// fixture database (testdata/db), and the advisories it must get.
func TestAffectingPerEcosystem(t *testing.T) {
	db := loadTestDB(t)
	for _, tc := range []struct {
		purl string
		want []string
	}{
		// npm / SEMVER, scoped names, several intervals, last_affected, limit, versions list, GIT ignored.
		{"pkg:npm/lodash@4.17.20", []string{"GHSA-35jh-r3h4-6jhm"}}, // the withdrawn one is not there
		{"pkg:npm/lodash@4.17.21", nil},
		{"pkg:npm/lodash@4.17.21-beta.1", []string{"GHSA-35jh-r3h4-6jhm"}}, // a pre-release sorts before its release
		{"pkg:npm/%40babel/traverse@7.23.1", []string{"OSV-TEST-NPM-SCOPED"}},
		{"pkg:npm/%40babel/traverse@7.23.2", nil},
		{"pkg:npm/multi@0.9.0", nil},
		{"pkg:npm/multi@1.0.1", []string{"OSV-TEST-NPM-MULTI"}},
		{"pkg:npm/multi@2.0.0", nil},
		{"pkg:npm/multi@3.2.4", []string{"OSV-TEST-NPM-MULTI"}},
		{"pkg:npm/multi@3.2.5", nil},
		{"pkg:npm/last@1.2.3", []string{"OSV-TEST-NPM-LAST"}},
		{"pkg:npm/last@1.2.4", nil},
		{"pkg:npm/limited@1.9.9", []string{"OSV-TEST-NPM-LIMIT"}},
		{"pkg:npm/limited@2.0.0", nil},
		{"pkg:npm/listed@1.0.1", []string{"OSV-TEST-NPM-VERSIONS"}},
		{"pkg:npm/listed@1.0.2", nil},
		{"pkg:npm/gitonly@1.0.0", nil},
		{"pkg:npm/lodash", nil}, // no version: nothing to compare
		// PyPI: PEP 440 pre- and post-releases, PEP 503 names; aliases both returned (the join merges them).
		{"pkg:pypi/zope-interface@2.0.0rc1", []string{"GHSA-test-pre0-0001", "PYSEC-TEST-PRE"}},
		{"pkg:pypi/Zope_Interface@2.0.0b5", []string{"GHSA-test-pre0-0001", "PYSEC-TEST-PRE"}},
		{"pkg:pypi/zope.interface@2.0.0rc2", nil},
		{"pkg:pypi/zope.interface@2.0.0", nil},
		{"pkg:pypi/pillow@9.0", []string{"PYSEC-TEST-POST"}},
		{"pkg:pypi/pillow@9.0.0", []string{"PYSEC-TEST-POST"}}, // 9.0 == 9.0.0 in PEP 440
		{"pkg:pypi/pillow@9.0.post1", nil},
		// Maven: four-part versions and qualifiers.
		{"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10", []string{"OSV-TEST-MVN"}},
		{"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1", nil},
		{"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.8.11", nil},
		{"pkg:maven/org.example/qualified@2.0.0-RC1", []string{"OSV-TEST-MVN-QUAL"}},
		{"pkg:maven/org.example/qualified@2.0.0-SNAPSHOT", []string{"OSV-TEST-MVN-QUAL"}},
		{"pkg:maven/org.example/qualified@2.0.0.Final", nil}, // "final" is the release
		{"pkg:maven/org.example/qualified@2.0.0-sp1", nil},
		// Debian: epochs, source package from the upstream qualifier, release from distro.
		{"pkg:deb/debian/epochal@2.4-1?distro=debian-12", []string{"DSA-TEST-1"}}, // epoch 0 < 1
		{"pkg:deb/debian/epochal@1:2.2-5?distro=bookworm", []string{"DSA-TEST-1"}},
		{"pkg:deb/debian/epochal@1:2.3-1?distro=debian-12.4", nil},
		{"pkg:deb/debian/epochal@2.4-1?distro=debian-11", nil}, // another release's advisory
		{"pkg:deb/debian/libepochal1@2.4-1?upstream=epochal&distro=debian-12", []string{"DSA-TEST-1"}},
		{"pkg:deb/debian/libepochal1@9:9-9?upstream=epochal%401%3A2.2-1&distro=debian-12", []string{"DSA-TEST-1"}},
		// Alpine.
		{"pkg:apk/alpine/libcrypto3@3.1.4-r0?upstream=openssl&distro=alpine-3.18.4", []string{"ALPINE-TEST-1"}},
		{"pkg:apk/alpine/libcrypto3@3.1.4-r1?upstream=openssl&distro=alpine-3.18.4", nil},
		{"pkg:apk/alpine/libcrypto3@3.1.4-r0?upstream=openssl&distro=alpine-3.19.0", nil},
		// RubyGems: pre-releases with letters.
		{"pkg:gem/rails@6.1.7", []string{"OSV-TEST-GEM"}},
		{"pkg:gem/rails@6.1.7.1.rc1", []string{"OSV-TEST-GEM"}},
		{"pkg:gem/rails@6.1.7.1", nil},
		{"pkg:gem/rails@5.2.8", nil},
		// Go: v prefixes, the standard library.
		{"pkg:golang/github.com/gin-gonic/gin@v1.9.0", []string{"GO-TEST-1"}},
		{"pkg:golang/github.com/gin-gonic/gin@v1.9.1", nil},
		{"pkg:golang/github.com/Gin-Gonic/gin@v1.9.0", []string{"GO-TEST-1"}}, // purls lowercase Go paths
		{"pkg:golang/stdlib@go1.21.4", []string{"GO-TEST-STDLIB"}},
		{"pkg:golang/stdlib@1.20.12", nil},
		// crates.io, NuGet (names case-insensitive), Packagist (v prefix).
		{"pkg:cargo/smallvec@0.5.2", []string{"RUSTSEC-TEST-1"}},
		{"pkg:cargo/smallvec@0.4.9", nil},
		{"pkg:nuget/newtonsoft.json@12.0.3", []string{"OSV-TEST-NUGET"}},
		{"pkg:nuget/Newtonsoft.Json@13.0.1", nil},
		{"pkg:composer/laravel/framework@v7.12.0", []string{"OSV-TEST-COMPOSER"}},
		{"pkg:composer/laravel/framework@v7.30.3", nil},
		// Not an ecosystem OSV covers, not a purl.
		{"pkg:generic/lodash@4.17.20", nil},
		{"lodash@4.17.20", nil},
	} {
		if got := ids(db.Affecting(tc.purl)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.purl, got, tc.want)
		}
	}
}

func TestAdvisoryFields(t *testing.T) {
	db := loadTestDB(t)
	one := func(purl string) sbom.Advisory {
		t.Helper()
		advs := db.Affecting(purl)
		if len(advs) != 1 {
			t.Fatalf("%s: %d advisories", purl, len(advs))
		}
		return advs[0]
	}
	a := one("pkg:npm/lodash@4.17.20")
	if a.Source != "osv" || !slices.Equal(a.Aliases, []string{"CVE-2021-23337"}) || !slices.Equal(a.Fixed, []string{"4.17.21"}) ||
		a.Published.Format("2006-01-02") != "2021-02-15" || a.Summary == "" {
		t.Errorf("lodash: %+v", a)
	}
	// A CVSS vector is scored; database_specific.severity is only the fallback.
	if len(a.Ratings) != 1 || a.Ratings[0].Method != "CVSSv31" || *a.Ratings[0].Score != 7.2 || a.Ratings[0].Severity != "high" {
		t.Errorf("lodash ratings: %+v", a.Ratings)
	}
	for purl, want := range map[string]sbom.Rating{
		"pkg:npm/%40babel/traverse@7.23.1":                             {Severity: "critical", Method: "CVSSv4"},
		"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10": {Severity: "high", Method: "CVSSv2"},
		"pkg:npm/multi@1.0.1":                                          {Severity: "medium", Method: "other"}, // MODERATE
	} {
		r := one(purl).Ratings
		if len(r) != 1 || r[0].Severity != want.Severity || r[0].Method != want.Method {
			t.Errorf("%s: ratings %+v, want %+v", purl, r, want)
		}
	}
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// osv.dev's per-ecosystem export, all.zip, is read entry by entry.
func TestLoadZip(t *testing.T) {
	dir := t.TempDir()
	zp := filepath.Join(dir, "npm", "all.zip")
	if err := os.MkdirAll(filepath.Dir(zp), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(zp)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	src, err := os.ReadFile(filepath.Join("testdata", "db", "npm", "GHSA-35jh-r3h4-6jhm.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, _ := zw.Create("GHSA-35jh-r3h4-6jhm.json")
	w.Write(src)
	w, _ = zw.Create("BAD-1.json")
	w.Write([]byte("{\n  \"id\": \"BAD-1\",\n  \"affected\": [\n"))
	zw.Close()
	f.Close()

	_, err = Load(context.Background(), zp, Options{})
	if err == nil || !strings.Contains(err.Error(), "all.zip!BAD-1.json:3: invalid OSV record: truncated JSON") {
		t.Fatalf("want the bad entry named with its line, got %v", err)
	}
	// Rewrite without the bad entry; load the directory that holds it.
	f, _ = os.Create(zp)
	zw = zip.NewWriter(f)
	w, _ = zw.Create("GHSA-35jh-r3h4-6jhm.json")
	w.Write(src)
	zw.Close()
	f.Close()
	for _, p := range []string{zp, dir} {
		db, err := Load(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(db.Affecting("pkg:npm/lodash@4.17.20")); !slices.Equal(got, []string{"GHSA-35jh-r3h4-6jhm"}) {
			t.Errorf("%s: %v", p, got)
		}
	}
}

// Malformed records are diagnostics naming the file, every one of them.
func TestLoadMalformed(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"empty":        {"", "empty file"},
		"syntax":       {"{\n \"id\": \"X-1\",\n \"affected\": [}\n", ":3: invalid OSV record"},
		"type":         {`{"id": "X-1", "aliases": "CVE-1"}`, "aliases is string"},
		"no id":        {`{"affected": []}`, "no id"},
		"two values":   {`{"id": "X-1"} {"id": "X-2"}`, "more than one JSON value"},
		"no package":   {`{"id": "X-1", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}`, "X-1: affected[0]: package"},
		"range type":   {`{"id": "X-1", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SVN", "events": []}]}]}`, `type "SVN"`},
		"two in event": {`{"id": "X-1", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}]}]}`, "exactly one"},
		"no intro":     {`{"id": "X-1", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"fixed": "1"}]}]}]}`, "no introduced"},
		"bad debian":   {`{"id": "X-1", "affected": [{"package": {"ecosystem": "Debian:12", "name": "a"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "x:1.0"}]}]}]}`, "not a Debian version"},
		"bad cvss":     {`{"id": "X-1", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:Q"}]}`, "CVSS_V3"},
		"bad date":     {`{"id": "X-1", "published": "yesterday"}`, "RFC 3339"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "eco", "X-1.json"), tc.src)
			_, err := Load(context.Background(), dir, Options{})
			var ds engine.Diagnostics
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "eco/X-1.json") {
				t.Fatalf("got %v, want a diagnostic on eco/X-1.json with %q", err, tc.want)
			}
			if !errorsAs(err, &ds) {
				t.Fatalf("%T is not engine.Diagnostics", err)
			}
		})
	}
}

func TestLoadLimits(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"A-1", "A-2", "A-3"} {
		writeFile(t, filepath.Join(dir, n+".json"), `{"id": "`+n+`", "summary": "`+strings.Repeat("x", 100)+`"}`)
	}
	if _, err := Load(context.Background(), dir, Options{MaxRecords: 2}); err == nil || !strings.Contains(err.Error(), "more than 2 records") {
		t.Errorf("record cap: %v", err)
	}
	if _, err := Load(context.Background(), dir, Options{MaxRecordSize: 50}); err == nil || !strings.Contains(err.Error(), "A-1.json") {
		t.Errorf("size cap: %v", err)
	}
	// database_specific belongs to the database: an unknown severity there is no rating, not an error.
	writeFile(t, filepath.Join(dir, "A-4.json"), `{"id": "A-4", "database_specific": {"severity": {"level": 3}}}`)
	if db, err := Load(context.Background(), dir, Options{}); err != nil || db.Records() != 4 {
		t.Errorf("within limits: %v", err)
	}
	if _, err := Load(context.Background(), filepath.Join(dir, "absent"), Options{}); err == nil {
		t.Error("a missing database must be an error")
	}
}

func errorsAs(err error, ds *engine.Diagnostics) bool {
	d, ok := err.(engine.Diagnostics)
	*ds = d
	return ok
}

// One DB serves every SBOM of a run: matching is read-only and safe in
// parallel (run under -race).
func TestAffectingConcurrent(t *testing.T) {
	db := loadTestDB(t)
	purls := []string{"pkg:npm/lodash@4.17.20", "pkg:maven/org.example/qualified@2.0.0-RC1", "pkg:pypi/zope-interface@2.0.0rc1",
		"pkg:deb/debian/epochal@2.4-1?distro=debian-12", "pkg:apk/alpine/libcrypto3@3.1.4-r0?upstream=openssl&distro=alpine-3.18.4",
		"pkg:gem/rails@6.1.7", "pkg:nuget/newtonsoft.json@12.0.3", "pkg:composer/laravel/framework@v7.12.0"}
	done := make(chan bool)
	for range 4 {
		go func() {
			for range 50 {
				for _, p := range purls {
					if len(db.Affecting(p)) == 0 {
						t.Errorf("%s: no match", p)
					}
				}
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
}
