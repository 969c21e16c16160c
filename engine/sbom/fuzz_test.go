package sbom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

func fuzzSeeds(f *testing.F, pat string, inline ...string) {
	for _, s := range inline {
		f.Add([]byte(s))
	}
	m, _ := filepath.Glob(filepath.Join(corpusDir, pat))
	for _, p := range m {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
}

// fuzzOne checks Parse never panics, that a target is self-consistent,
// and that no invalid JSON object is read as an SBOM (the reader takes
// the top-level object apart token by token, its members whole).
func fuzzOne(t *testing.T, b []byte) {
	tg, err := Parse("bom", b)
	if (tg == nil) == (err == nil) {
		t.Fatalf("target %v with error %v", tg, err)
	}
	if body := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n"); err == nil && len(body) > 0 && body[0] == '{' && !json.Valid(body) {
		t.Fatalf("invalid JSON read as an SBOM: %q", b)
	}
	if tg != nil && len(tg.Resources) == 0 {
		t.Fatal("a target without its sbom resource")
	}
}

// sortedKeyBOM is a document whose components come before bomFormat (the
// schema is decided up front, by prescan) and span several batches.
func sortedKeyBOM(n int) string {
	var b strings.Builder
	b.WriteString(`{"components": [`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type": "library", "name": "c%d", "version": "1.%d", "purl": "pkg:npm/c%d@1.%d"}`, i, i, i, i)
	}
	b.WriteString(`], "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1}`)
	return b.String()
}

func FuzzCycloneDXJSON(f *testing.F) {
	f.Add([]byte(sortedKeyBOM(300)))
	fuzzSeeds(f, "vex/*.json", sample, sample[:300], `{"bomFormat": "CycloneDX", "specVersion": "1.6"}`,
		`{"bomFormat": "CycloneDX", "specVersion": "1.4", "components": [{"name": "a", "licenses": [{"expression": "((MIT"}]}]}`,
		`{"bomFormat": "CycloneDX", "dependencies": [{"ref": "a", "dependsOn": ["a"]}]}`)
	f.Fuzz(fuzzOne)
}

func FuzzCycloneDXXML(f *testing.F) {
	fuzzSeeds(f, "*.xml", `<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>a</name>`+
		`<licenses><license><id>MIT</id></license></licenses><components><component type="library"><name>b</name></component></components></component></components></bom>`,
		`<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><vulnerabilities><vulnerability><id>CVE-1</id><affects><target><ref>x</ref></target></affects></vulnerability></vulnerabilities></bom>`)
	f.Fuzz(fuzzOne)
}

func FuzzSPDXJSON(f *testing.F) {
	fixture, _ := os.ReadFile("testdata/spdx/app.spdx.json")
	f.Add(fixture)
	f.Add(fixture[:len(fixture)/2])
	f.Add([]byte(strings.Replace(string(fixture), `"SPDX-2.3"`, `"SPDX-2.2"`, 1)))
	fuzzSeeds(f, "*.spdx.json", `{"spdxVersion": "SPDX-2.3"}`, `{"spdxVersion": 2.3}`,
		`{"spdxVersion": "SPDX-2.3", "packages": [null, {"name": "a", "SPDXID": "SPDXRef-a", "licenseConcluded": "((MIT",
		  "externalRefs": [null, {"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:"}]}],
		  "relationships": [null, {"spdxElementId": "SPDXRef-a", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-a"}]}`,
		`{"spdxVersion": "SPDX-2.3", "documentDescribes": ["SPDXRef-a", "NONE"], "creationInfo": {"creators": ["Tool:"]},
		  "packages": [{"SPDXID": "SPDXRef-a", "supplier": "NOASSERTION"}, {"SPDXID": "SPDXRef-a"}]}`)
	f.Fuzz(fuzzOne)
}

// Over the component limit, or with a top-level member twice, reading
// stops with a diagnostic at the line of the offending element or key.
func TestLimitDiagnosticsHaveLines(t *testing.T) {
	comps := "[\n {\"type\": \"library\", \"name\": \"a\"},\n {\"type\": \"library\", \"name\": \"b\"}\n ,\n\n {\"type\": \"library\", \"name\": \"c\"}]"
	for _, c := range []struct {
		doc   string
		limit int
		line  int // 0: no diagnostic
	}{
		{`{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": ` + comps + `}`, 1, 2},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": ` + comps + `}`, 2, 4},
		{`{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": ` + comps + `}`, 100, 0},
		{`{"components": ` + comps + `, "bomFormat": "CycloneDX", "specVersion": "1.5"}`, 2, 4},
		{"{\"bomFormat\": \"CycloneDX\",\n \"specVersion\": \"1.5\",\n \"bomFormat\": \"CycloneDX\"}", 100, 3},
		{"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\": [],\n\n \"components\": []}", 100, 3},
	} {
		tg, err := parse("bom", []byte(c.doc), c.limit, DefaultMaxDepth)
		var d engine.Diagnostics
		switch {
		case c.line == 0 && (err != nil || tg == nil):
			t.Errorf("limit %d, %.40q…: %v", c.limit, c.doc, err)
		case c.line != 0 && (tg != nil || !errors.As(err, &d) || d[0].Line != c.line):
			t.Errorf("limit %d, %.40q…: %v, want a diagnostic on line %d", c.limit, c.doc, err, c.line)
		}
	}
}
