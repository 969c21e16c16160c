package sbom

import (
	"encoding/json"

	"github.com/open-policy-agent/opa/v1/ast"
)

// component is one component of the input document (docs/sbom-input.md,
// Component). It is a typed record rather than a map: a big SBOM's
// components as Go maps of some thirty entries cost more to build and to
// hold than anything else the loader does, and then had to be walked again
// into OPA values. ASTValue makes the OPA object directly (engine.Valuer).
type component struct {
	address                                           string
	index                                             int
	bomRef, typ, name, group, version, purl, purlBase string
	purlValid                                         bool
	cpe, swid                                         string
	supplier, manufacturer, publisher, author, scope  string
	hashes                                            []hash
	licenses, licenseErrors                           []string
	licenseChoices                                    [][]string
	licenseReading, licenseBasis                      string // licenseSet.reading, .basis
	pointer, parent                                   string
	depth                                             int
	duplicateOf                                       string
	dependsOn                                         []string
	inDependencyGraph                                 bool
}

type hash struct{ alg, content string }

// The component document's keys, in the order ASTValue writes them.
const (
	kAddress = iota
	kIndex
	kBomRef
	kType
	kName
	kGroup
	kVersion
	kPurl
	kPurlBase
	kPurlValid
	kCPE
	kSWID
	kSupplier
	kManufacturer
	kPublisher
	kAuthor
	kScope
	kHashes
	kLicenses
	kLicenseChoices
	kLicenseErrors
	kLicenseReading
	kPointer
	kParent
	kDepth
	kDuplicateOf
	kDependsOn
	kInDependencyGraph
	nComponentKeys
)

// componentKeys are the key terms, made once and shared by every
// component object (terms are immutable once built).
var componentKeys = func() [nComponentKeys]*ast.Term {
	names := [nComponentKeys]string{
		kAddress: "address", kIndex: "index", kBomRef: "bom_ref", kType: "type", kName: "name",
		kGroup: "group", kVersion: "version", kPurl: "purl", kPurlBase: "purl_base", kPurlValid: "purl_valid",
		kCPE: "cpe", kSWID: "swid", kSupplier: "supplier", kManufacturer: "manufacturer",
		kPublisher: "publisher", kAuthor: "author", kScope: "scope", kHashes: "hashes",
		kLicenses: "licenses", kLicenseChoices: "license_choices", kLicenseErrors: "license_errors",
		kLicenseReading: "license_reading", kPointer: "pointer", kParent: "parent", kDepth: "depth", kDuplicateOf: "duplicate_of",
		kDependsOn: "depends_on", kInDependencyGraph: "in_dependency_graph",
	}
	var keys [nComponentKeys]*ast.Term
	for i, n := range names {
		keys[i] = ast.StringTerm(n)
	}
	return keys
}()

var hashKeys = [2]*ast.Term{ast.StringTerm("alg"), ast.StringTerm("content")}

// readingTerms are the license_reading objects, one per reading there is,
// made once and shared by every component, so they cost nothing per
// component. Reading and basis are one object under one key rather than
// two keys: a 29th key would double every component object's hash table.
var readingTerms = func() map[[2]string]*ast.Term {
	m := map[[2]string]*ast.Term{}
	for _, r := range [][2]string{{"", ""}, {readingSingle, ""}, {readingExpression, ""}, {readingTogether, ""},
		{readingChoice, listChoice("maven")}, {readingChoice, listChoice("composer")}} {
		m[r] = readingObject(r[0], r[1])
	}
	return m
}()

func readingObject(as, basis string) *ast.Term {
	return ast.ObjectTerm([2]*ast.Term{ast.StringTerm("as"), ast.StringTerm(as)}, [2]*ast.Term{ast.StringTerm("basis"), ast.StringTerm(basis)})
}

// readingTerm is the license_reading object {"as": as, "basis": basis}.
func readingTerm(as, basis string) *ast.Term {
	if t, ok := readingTerms[[2]string{as, basis}]; ok {
		return t
	}
	return readingObject(as, basis)
}

// ASTValue is the component's document as an OPA object.
func (c *component) ASTValue() ast.Value {
	var kv [nComponentKeys][2]*ast.Term
	for i := range kv {
		kv[i][0] = componentKeys[i]
	}
	strs := [...]struct {
		k int
		s string
	}{
		{kAddress, c.address}, {kBomRef, c.bomRef}, {kType, c.typ}, {kName, c.name}, {kGroup, c.group},
		{kVersion, c.version}, {kPurl, c.purl}, {kPurlBase, c.purlBase}, {kCPE, c.cpe}, {kSWID, c.swid},
		{kSupplier, c.supplier}, {kManufacturer, c.manufacturer}, {kPublisher, c.publisher},
		{kAuthor, c.author}, {kScope, c.scope}, {kPointer, c.pointer}, {kParent, c.parent},
		{kDuplicateOf, c.duplicateOf},
	}
	n := 0 // the non-empty ones, whose terms share one allocation
	for _, v := range strs {
		if v.s != "" {
			n++
		}
	}
	s := newTermBlock(n)
	for _, v := range strs {
		kv[v.k][1] = s.str(v.s)
	}
	kv[kIndex][1] = ast.InternedTerm(c.index)
	kv[kDepth][1] = ast.InternedTerm(c.depth)
	kv[kPurlValid][1] = ast.InternedTerm(c.purlValid)
	kv[kInDependencyGraph][1] = ast.InternedTerm(c.inDependencyGraph)
	kv[kLicenses][1] = strArray(c.licenses)
	kv[kLicenseReading][1] = readingTerm(c.licenseReading, c.licenseBasis)
	kv[kLicenseErrors][1] = strArray(c.licenseErrors)
	kv[kDependsOn][1] = strArray(c.dependsOn)
	kv[kHashes][1] = ast.InternedEmptyArray
	if len(c.hashes) > 0 {
		hs := make([]*ast.Term, len(c.hashes))
		for i, h := range c.hashes {
			hs[i] = ast.ObjectTerm([2]*ast.Term{hashKeys[0], ast.StringTerm(h.alg)}, [2]*ast.Term{hashKeys[1], ast.StringTerm(h.content)})
		}
		kv[kHashes][1] = ast.ArrayTerm(hs...)
	}
	kv[kLicenseChoices][1] = ast.InternedEmptyArray
	if len(c.licenseChoices) > 0 {
		cs := make([]*ast.Term, len(c.licenseChoices))
		for i, alt := range c.licenseChoices {
			cs[i] = strArray(alt)
		}
		kv[kLicenseChoices][1] = ast.ArrayTerm(cs...)
	}
	return ast.NewObject(kv[:]...)
}

// termBlock hands out string terms from one allocation.
type termBlock []ast.Term

func newTermBlock(n int) termBlock { return make(termBlock, 0, n) }

func (b *termBlock) str(s string) *ast.Term {
	if s == "" {
		return ast.InternedEmptyString
	}
	*b = append(*b, ast.Term{Value: ast.String(s)})
	return &(*b)[len(*b)-1]
}

func strArray(ss []string) *ast.Term {
	if len(ss) == 0 {
		return ast.InternedEmptyArray
	}
	b := newTermBlock(len(ss))
	ts := make([]*ast.Term, len(ss))
	for i, s := range ss {
		ts[i] = b.str(s)
	}
	return ast.ArrayTerm(ts...)
}

// Map is the component's document as JSON-native Go values, as the rest
// of the input document is (integers as int), for tests and for whatever
// reads an input as JSON.
func (c *component) Map() map[string]any {
	v, err := ast.JSON(c.ASTValue())
	if err != nil {
		panic(err) // an object of strings, numbers, booleans and arrays always converts
	}
	m := v.(map[string]any)
	m["index"], m["depth"] = c.index, c.depth
	return m
}

// MarshalJSON writes the component's document.
func (c *component) MarshalJSON() ([]byte, error) { return json.Marshal(c.Map()) }
