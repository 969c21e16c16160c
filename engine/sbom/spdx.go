package sbom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx"
	"github.com/spdx/tools-golang/spdx/v2/common"

	"github.com/paved-dev/paved/engine"
)

// SPDX 2.x JSON documents are decoded with github.com/spdx/tools-golang
// (2.1 and 2.2 converted to the 2.3 model) and stated in the same neutral
// terms as CycloneDX: packages are components, DEPENDS_ON / DEPENDENCY_OF /
// CONTAINS / CONTAINED_BY between packages the dependency graph, the
// described package metadata.component. No SPDX schema is embedded.

// spdxVersions are the spdxVersion values tools-golang reads.
var spdxVersions = map[string]bool{"SPDX-2.1": true, "SPDX-2.2": true, "SPDX-2.3": true}

// buildSPDX builds the document of an SPDX JSON document whose top-level
// spdxVersion is version. A document tools-golang cannot decode still
// loads, empty, with schema "invalid" and decode_error; an unsupported
// version is a Diagnostic.
func (b *builder) buildSPDX(body []byte, version any) error {
	v, _ := version.(string)
	if !spdxVersions[v] {
		return engine.Diagnostics{{File: b.id, Message: fmt.Sprintf("unsupported SPDX version %q (SPDX 2.1, 2.2 and 2.3 JSON are read)", fmt.Sprint(version))}}
	}
	b.encoding, b.spec = "json", v
	b.schema, b.schemaErrors = "unavailable", []any{}
	doc, err := spdxjson.Read(bytes.NewReader(body))
	if err != nil {
		// Off the SPDX model beyond what the decoder accepts (an SPDXID
		// without its prefix, a string where a list belongs): the target
		// stands, empty, so that the schema policy fails it.
		ptr := ""
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			ptr = "/" + strings.ReplaceAll(te.Field, ".", "/")
		}
		b.schema = "invalid"
		b.schemaErrors = []any{map[string]any{"path": ptr, "msg": clip(err.Error())}}
		b.decodeError = err.Error()
		doc = &spdx.Document{SPDXVersion: v}
	}
	return b.spdxDocument(doc)
}

func (b *builder) spdxDocument(doc *spdx.Document) error {
	b.init()
	docID := common.RenderElementID(doc.SPDXIdentifier)
	// What the document describes: documentDescribes (folded by the decoder
	// into DESCRIBES relationships) and DESCRIBED_BY the document.
	var described []string
	files := map[string]bool{}
	for _, f := range doc.Files {
		if f != nil {
			files[common.RenderElementID(f.FileSPDXIdentifier)] = true
		}
	}
	for _, p := range doc.Packages {
		if p == nil {
			continue
		}
		for _, f := range p.Files {
			if f != nil {
				files[common.RenderElementID(f.FileSPDXIdentifier)] = true
			}
		}
	}
	for _, r := range doc.Relationships {
		switch a, bb := common.RenderDocElementID(r.RefA), common.RenderDocElementID(r.RefB); strings.ToUpper(r.Relationship) {
		case common.TypeRelationshipDescribe:
			if a == docID {
				described = append(described, bb)
			}
		case common.TypeRelationshipDescribeBy:
			if bb == docID {
				described = append(described, a)
			}
		}
	}
	// The first described package is metadata.component, as a CycloneDX
	// metadata.component: not a resource. Other packages are components in
	// document order.
	meta := newMetadata()
	root := -1
	if len(described) > 0 {
		pkgs := make(map[string]int, len(doc.Packages)) // SPDXID → index+1
		for i, p := range doc.Packages {
			if p == nil {
				continue
			}
			if id := common.RenderElementID(p.PackageSPDXIdentifier); pkgs[id] == 0 {
				pkgs[id] = i + 1
			}
		}
		for _, d := range described {
			if i := pkgs[d]; i > 0 {
				root = i - 1
				break
			}
		}
	}
	if root >= 0 {
		meta["component"] = b.describe(spdxFields(doc.Packages[root]), fmt.Sprintf("/packages/%d", root))
	}
	for i, p := range doc.Packages {
		if p == nil || i == root {
			continue
		}
		if _, err := b.add(spdxFields(p), fmt.Sprintf("/packages/%d", i), "", 1); err != nil {
			return err
		}
	}
	if ci := doc.CreationInfo; ci != nil {
		setTimestamp(meta, ci.Created)
		tools, authors := []any{}, []any{}
		for _, c := range ci.Creators {
			switch strings.ToLower(c.CreatorType) {
			case "tool":
				name, version := splitTool(c.Creator)
				tools = append(tools, map[string]any{"vendor": "", "name": name, "version": version})
			case "person", "organization":
				name, email := splitContact(c.Creator)
				authors = append(authors, map[string]any{"name": name, "email": email})
			}
		}
		meta["tools"], meta["authors"] = tools, authors
	}
	b.finish("spdx-json", doc.DocumentNamespace, 1, meta, spdxGraph(doc, files), []any{}, []any{})
	return nil
}

// spdxGraph is the dependency graph: one node per element with edges, in
// order of first appearance, edges deduplicated; then the packages that are
// only depended on, with no edges (they are in the graph). Relationships
// with a file, NONE or NOASSERTION are left out: files are not components.
func spdxGraph(doc *spdx.Document, files map[string]bool) []dependency {
	var order []string
	on := map[string][]string{}
	seen := map[[2]string]bool{}
	targets := []string{}
	for _, r := range doc.Relationships {
		if r.RefA.SpecialID != "" || r.RefB.SpecialID != "" {
			continue
		}
		from, to := common.RenderDocElementID(r.RefA), common.RenderDocElementID(r.RefB)
		switch strings.ToUpper(r.Relationship) {
		case common.TypeRelationshipDependsOn, common.TypeRelationshipContains:
		case common.TypeRelationshipDependencyOf, common.TypeRelationshipContainedBy:
			from, to = to, from
		default:
			continue
		}
		if files[from] || files[to] || seen[[2]string{from, to}] {
			continue
		}
		seen[[2]string{from, to}] = true
		if _, ok := on[from]; !ok {
			order = append(order, from)
			on[from] = []string{}
		}
		on[from] = append(on[from], to)
		targets = append(targets, to)
	}
	ds := make([]dependency, 0, len(order))
	for _, ref := range order {
		ds = append(ds, dependency{ref: ref, on: on[ref]})
	}
	for _, t := range targets {
		if _, ok := on[t]; !ok {
			on[t] = nil
			ds = append(ds, dependency{ref: t})
		}
	}
	return ds
}

// spdxPurposes maps primaryPackagePurpose to a CycloneDX component type.
var spdxPurposes = map[string]string{
	"APPLICATION": "application", "FRAMEWORK": "framework", "LIBRARY": "library", "CONTAINER": "container",
	"OPERATING-SYSTEM": "operating-system", "DEVICE": "device", "FIRMWARE": "firmware", "FILE": "file",
	"SOURCE": "source", "ARCHIVE": "archive", "INSTALL": "install", "OTHER": "other",
}

// spdxFields states an SPDX package in neutral terms.
func spdxFields(p *spdx.Package) *componentFields {
	f := &componentFields{ref: common.RenderElementID(p.PackageSPDXIdentifier), name: p.PackageName,
		version: p.PackageVersion}
	// No purpose stated: a library, as most packages of an SPDX document
	// are (CycloneDX requires a type; the hash policy asks for one).
	f.typ = "library"
	if pp := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(p.PrimaryPackagePurpose), "_", "-")); pp != "" {
		if t, ok := spdxPurposes[pp]; ok {
			f.typ = t
		} else {
			f.typ = strings.ToLower(pp)
		}
	}
	if s := p.PackageSupplier; s != nil && !noAssertion(s.Supplier) {
		f.supplier, _ = splitContact(s.Supplier)
	}
	if o := p.PackageOriginator; o != nil && !noAssertion(o.Originator) {
		f.author, _ = splitContact(o.Originator)
	}
	var cpe22 string
	for _, r := range p.PackageExternalReferences {
		if r == nil {
			continue
		}
		cat, typ, loc := strings.ToUpper(r.Category), strings.ToLower(r.RefType), strings.TrimSpace(r.Locator)
		switch {
		case cat == "PACKAGE-MANAGER" && typ == "purl" && f.purl == "":
			f.purl = loc
		case cat == "SECURITY" && typ == "cpe23type" && f.cpe == "":
			f.cpe = loc
		case cat == "SECURITY" && typ == "cpe22type" && cpe22 == "":
			cpe22 = loc
		case cat == "SECURITY" && typ == "swid" && f.swid == "":
			f.swid = loc
		}
	}
	if f.cpe == "" {
		f.cpe = cpe22
	}
	for _, c := range p.PackageChecksums {
		f.hashes = append(f.hashes, hash{spdxAlgorithm(string(c.Algorithm)), c.Value})
	}
	lic := p.PackageLicenseConcluded
	if noAssertion(lic) {
		lic = p.PackageLicenseDeclared
	}
	if !noAssertion(lic) {
		f.licenses = []licenseEntry{{lic, true}}
	}
	return f
}

// noAssertion is an SPDX field that says nothing.
func noAssertion(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s == "NOASSERTION" || s == "NONE"
}

var shaN = regexp.MustCompile(`^SHA(1|224|256|384|512)$`)

// spdxAlgorithm spells an SPDX checksum algorithm as CycloneDX does
// (SHA256 → SHA-256); others are kept.
func spdxAlgorithm(a string) string {
	if m := shaN.FindStringSubmatch(a); m != nil {
		return "SHA-" + m[1]
	}
	return a
}

// splitContact splits "Jane Doe (jane@example.com)" into name and email.
func splitContact(s string) (name, email string) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndex(s, "("); i >= 0 {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : len(s)-1])
		}
	}
	return s, ""
}

// splitTool splits a tool creator, "syft-1.4.0", at the last "-" followed by
// a digit.
func splitTool(s string) (name, version string) {
	s = strings.TrimSpace(s)
	for i := len(s) - 2; i > 0; i-- {
		if s[i] == '-' && s[i+1] >= '0' && s[i+1] <= '9' {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}
