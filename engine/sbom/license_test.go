package sbom

import (
	"fmt"
	"strings"
	"testing"
)

// cdxLicences is a one-component CycloneDX JSON SBOM whose component has
// the given purl and licences array.
func cdxLicences(purl, licences string) string {
	return `{"bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1, "components": [
		{"type": "library", "name": "a", "version": "1", "purl": "` + purl + `", "licenses": ` + licences + `}]}`
}

// cdxLicencesXML is the same component in CycloneDX XML.
func cdxLicencesXML(purl, licences string) string {
	return `<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"><components>
  <component type="library"><name>a</name><version>1</version><purl>` + purl + `</purl>
    <licenses>` + licences + `</licenses></component>
</components></bom>`
}

const (
	jakartaJSON = `[{"license": {"id": "EPL-2.0"}}, {"license": {"id": "GPL-2.0-with-classpath-exception"}}, {"license": {"name": "EDL 1.0"}}]`
	jakartaXML  = `<license><id>EPL-2.0</id></license><license><id>GPL-2.0-with-classpath-exception</id></license><license><name>EDL 1.0</name></license>`
)

// A list of licences is read by its ecosystem's rule: a choice for Maven
// and Composer, all together elsewhere; an expression always wins.
func TestLicenceReading(t *testing.T) {
	for _, tc := range []struct {
		name, src                         string
		reading, basis, choices, licenses string
	}{
		{"maven list is a choice", cdxLicences("pkg:maven/com.sun.mail/jakarta.mail@1.6.4", jakartaJSON),
			"choice", "Maven POM", "[[EPL-2.0] [GPL-2.0-with-classpath-exception] [EDL 1.0]]",
			"[EPL-2.0 GPL-2.0-with-classpath-exception EDL 1.0]"},
		{"maven list in XML", cdxLicencesXML("pkg:maven/com.sun.mail/jakarta.mail@1.6.4?type=jar", jakartaXML),
			"choice", "Maven POM", "[[EPL-2.0] [GPL-2.0-with-classpath-exception] [EDL 1.0]]",
			"[EPL-2.0 GPL-2.0-with-classpath-exception EDL 1.0]"},
		{"purl type in capitals", cdxLicences("pkg:MAVEN/g/a@1", jakartaJSON),
			"choice", "Maven POM", "[[EPL-2.0] [GPL-2.0-with-classpath-exception] [EDL 1.0]]",
			"[EPL-2.0 GPL-2.0-with-classpath-exception EDL 1.0]"},
		{"composer list is a choice", cdxLicences("pkg:composer/nette/utils@3.1.1",
			`[{"license": {"id": "BSD-3-Clause"}}, {"license": {"id": "GPL-2.0-only"}}, {"license": {"id": "GPL-3.0-only"}}]`),
			"choice", "composer.json", "[[BSD-3-Clause] [GPL-2.0-only] [GPL-3.0-only]]", "[BSD-3-Clause GPL-2.0-only GPL-3.0-only]"},
		{"a repeated licence is one alternative", cdxLicences("pkg:maven/g/a@1", `[{"license": {"id": "MIT"}}, {"license": {"id": "mit"}}]`),
			"choice", "Maven POM", "[[MIT]]", "[MIT MIT]"},
		{"npm list applies together", cdxLicences("pkg:npm/components-font-awesome@4.7.0", `[{"license": {"id": "MIT"}}, {"license": {"id": "OFL-1.1"}}]`),
			"together", "", "[[MIT OFL-1.1]]", "[MIT OFL-1.1]"},
		{"go list applies together", cdxLicences("pkg:golang/gopkg.in/yaml.v3@v3.0.0", `[{"license": {"id": "Apache-2.0"}}, {"license": {"id": "MIT"}}]`),
			"together", "", "[[Apache-2.0 MIT]]", "[Apache-2.0 MIT]"},
		{"no purl: together", cdxLicences("", `[{"license": {"id": "GPL-2.0-only"}}, {"license": {"id": "MIT"}}]`),
			"together", "", "[[GPL-2.0-only MIT]]", "[GPL-2.0-only MIT]"},
		{"invalid maven purl: together", cdxLicences("pkg:maven", `[{"license": {"id": "GPL-2.0-only"}}, {"license": {"id": "MIT"}}]`),
			"together", "", "[[GPL-2.0-only MIT]]", "[GPL-2.0-only MIT]"},
		{"maven expression wins", cdxLicences("pkg:maven/g/a@1", `[{"expression": "EPL-2.0 AND GPL-2.0-only WITH Classpath-exception-2.0"}]`),
			"expression", "", "[[EPL-2.0 GPL-2.0-only WITH Classpath-exception-2.0]]", "[EPL-2.0 AND GPL-2.0-only WITH Classpath-exception-2.0]"},
		{"maven expression beside a list: all apply", cdxLicences("pkg:maven/g/a@1", `[{"expression": "MIT OR Apache-2.0"}, {"license": {"id": "GPL-2.0-only"}}]`),
			"expression", "", "[[GPL-2.0-only MIT] [Apache-2.0 GPL-2.0-only]]", "[MIT OR Apache-2.0 GPL-2.0-only]"},
		{"npm expression", cdxLicences("pkg:npm/a@1", `[{"expression": "(MIT OR Apache-2.0)"}]`),
			"expression", "", "[[MIT] [Apache-2.0]]", "[(MIT OR Apache-2.0)]"},
		{"maven single licence", cdxLicences("pkg:maven/g/a@1", `[{"license": {"name": "Apache License 2.0"}}]`),
			"single", "", "[[Apache License 2.0]]", "[Apache License 2.0]"},
		{"none", cdxLicences("pkg:maven/g/a@1", `[]`), "", "", "[]", "[]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := comp(mustParse(t, tc.src), 0)
			got := fmt.Sprintf("%v|%v|%v|%v", reading(c)["as"], reading(c)["basis"], c["license_choices"], c["licenses"])
			want := strings.Join([]string{tc.reading, tc.basis, tc.choices, tc.licenses}, "|")
			if got != want {
				t.Errorf("reading|basis|choices|licenses\n got %s\nwant %s", got, want)
			}
		})
	}
}

// An SPDX package's licence is an expression whatever its ecosystem: a
// Maven package whose generator wrote AND is read as AND.
func TestLicenceReadingSPDX(t *testing.T) {
	src := `{"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "x",
	  "documentNamespace": "https://example.com/x", "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: syft-1.4.0"]},
	  "packages": [
	    {"SPDXID": "SPDXRef-app", "name": "app", "downloadLocation": "NOASSERTION"},
	    {"SPDXID": "SPDXRef-a", "name": "jakarta.mail", "versionInfo": "1.6.4", "downloadLocation": "NOASSERTION",
	     "licenseConcluded": "NOASSERTION", "licenseDeclared": "EPL-2.0 AND GPL-2.0-with-classpath-exception",
	     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:maven/com.sun.mail/jakarta.mail@1.6.4"}]}],
	  "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-app"}]}`
	tg, err := Parse("x.spdx.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := comp(tg, 0)
	if got := fmt.Sprintf("%v|%v|%v", reading(c)["as"], reading(c)["basis"], c["license_choices"]); got != "expression||[[EPL-2.0 GPL-2.0-with-classpath-exception]]" {
		t.Errorf("spdx: %s", got)
	}
}

func reading(c map[string]any) map[string]any { return c["license_reading"].(map[string]any) }

func TestPurlType(t *testing.T) {
	for in, want := range map[string]string{"pkg:maven/g/a@1": "maven", "pkg:composer/v/n@1": "composer", "": "", "maven/g/a": "", "pkg:npm": "npm"} {
		if got := purlType(in); got != want {
			t.Errorf("purlType(%q) = %q, want %q", in, got, want)
		}
	}
}

// A choice longer than the bound keeps its first alternatives and records
// the rest as errors: fewer alternatives can only deny more.
func TestLicenceChoiceBound(t *testing.T) {
	entries := make([]licenseEntry, maxAlternative+2)
	for i := range entries {
		entries[i] = licenseEntry{fmt.Sprintf("LicenseRef-%d", i), false}
	}
	ls := readLicenses(entries, "maven")
	if ls.reading != readingChoice || len(ls.choices) != maxAlternative || len(ls.errors) != 2 {
		t.Errorf("reading %s, %d choices, errors %v", ls.reading, len(ls.choices), ls.errors)
	}
}
