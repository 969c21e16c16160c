package repo

import (
	"os"
	"testing"
	"time"

	"github.com/google/licenseclassifier/v2/assets"
)

// The common licences resolve from the small classifier, which builds fast;
// a rarer one still resolves, through the full database.
func TestLicenseTiers(t *testing.T) {
	l := New(Options{})
	start := time.Now()
	c, err := l.commonClassifier()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("common classifier (%d licences) built in %v", len(commonLicenses), time.Since(start))
	for _, name := range []string{"Apache-2.0", "MIT", "BSD-3-Clause", "ISC"} {
		b, err := assets.ReadLicenseFile("License/" + name + "/pristine.txt")
		if err != nil {
			t.Fatal(err)
		}
		if !hasLicense(c.Match(b)) || c.Match(b).Matches[0].Name != name {
			t.Errorf("%s: not matched by the common classifier", name)
		}
	}
	// The Apache-2.0 text most repositories carry (with its appendix) is
	// common too: this repository's own LICENSE.
	if own, err := os.ReadFile("../../LICENSE"); err == nil && !hasLicense(c.Match(own)) {
		t.Error("paved's own Apache-2.0 LICENSE needs the full database")
	}
	if l.license != nil {
		t.Error("the full database must not be built for common licences")
	}
	zpl, err := assets.ReadLicenseFile("License/ZPL-2.1/license.txt")
	if err != nil {
		t.Skip("ZPL-2.1 text not in this classifier version")
	}
	if hasLicense(c.Match(zpl)) {
		t.Fatal("ZPL-2.1 is not a common licence")
	}
	full, err := l.fullClassifier()
	if err != nil || !hasLicense(full.Match(zpl)) {
		t.Fatalf("full database: %v", err)
	}
}
