package sbom

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/package-url/packageurl-go"

	"github.com/paved-dev/paved/engine"
)

// Limits of one document, used by Parse and by a Loader whose Options
// leave them zero. Every component is judged by every component policy,
// one result each: 200,000 components are some 1.6 million results, four
// times the largest real SBOMs we know (a full distribution image lists
// some 50,000 packages); beyond that paved stops reading with a Diagnostic
// rather than run out of memory.
const (
	DefaultMaxComponents = 200_000
	DefaultMaxDepth      = 64
)

var xmlNS = regexp.MustCompile(`http://cyclonedx\.org/schema/bom/(1\.[0-9]+)`)

// Parse reads one SBOM (CycloneDX JSON or XML, SPDX 2.x JSON) into a target whose ID and
// file paths are id, with the default limits. What cannot be read as an
// SBOM at all is engine.Diagnostics and no target; a JSON SBOM that breaks
// its schema still loads, with the violations in the document.
func Parse(id string, src []byte) (*engine.Target, error) {
	return New(Options{}).Parse(id, src)
}

func parse(id string, src []byte, maxComponents, maxDepth int) (t *engine.Target, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, engine.Diagnostics{{File: id, Message: fmt.Sprintf("internal error reading the SBOM: %v", r)}}
		}
	}()
	diag := func(line int, format string, args ...any) error {
		return engine.Diagnostics{{File: id, Line: line, Message: fmt.Sprintf(format, args...)}}
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(body) == 0 {
		return nil, diag(0, "empty file: not an SBOM")
	}
	b := &builder{id: id, maxComponents: maxComponents, maxDepth: maxDepth}
	var bom cdx.BOM
	switch body[0] {
	case '<':
		m := xmlNS.FindSubmatch(body[:min(len(body), xmlHead)])
		if m == nil {
			return nil, diag(0, "XML without the CycloneDX namespace http://cyclonedx.org/schema/bom/1.x: not a CycloneDX SBOM")
		}
		b.encoding, b.spec = "xml", string(m[1])
		if err := cdx.NewBOMDecoder(bytes.NewReader(src), cdx.BOMFileFormatXML).Decode(&bom); err != nil {
			return nil, diag(0, "invalid CycloneDX XML: %v", err)
		}
		// No XSD validation: the XML schemas are not embedded.
		b.schema, b.schemaErrors = "unavailable", []any{}
	case '{':
		b.encoding = "json"
		if err := b.readJSON(src, body); err != nil {
			return nil, err
		}
		return b.target(src), nil
	default:
		return nil, diag(1, "neither JSON nor XML: not an SBOM")
	}
	if err := b.build(&bom); err != nil {
		return nil, diag(0, "%v", err)
	}
	return b.target(src), nil
}

func (b *builder) target(src []byte) *engine.Target {
	sum := sha256.Sum256(src)
	return &engine.Target{Kind: Kind, ID: b.id, Path: b.id, Digest: "sha256:" + hex.EncodeToString(sum[:]),
		Identity: engine.Identity{Path: subject(b.main)}, Input: b.input, Resources: b.resources}
}

// subject names what an SBOM describes, the same from build to build: its
// main component's purl without version (or qualifiers), else its
// group/name; "" when it names none (the SBOM is then known by its path).
// So a vulnerability fixed in the next build's SBOM is resolved, not one
// finding gone and another opened.
func subject(c *component) string {
	if c == nil {
		return ""
	}
	if p, err := packageurl.FromString(strings.TrimSpace(c.purl)); err == nil && c.purl != "" {
		return packageurl.NewPackageURL(p.Type, p.Namespace, p.Name, "", nil, "").ToString()
	}
	if c.group != "" && c.name != "" {
		return c.group + "/" + c.name
	}
	return c.name
}

// builder turns a decoded SBOM, whatever its format, into the input
// document and resources: the format-specific code (build for CycloneDX,
// buildSPDX) states components, dependencies and metadata in the neutral
// terms below; addresses, duplicates, the dependency graph and the
// document's shape are made here, once for every format.
type builder struct {
	id                      string
	encoding, spec          string
	schema                  string
	schemaErrors            []any
	decodeError             string
	maxComponents, maxDepth int
	components              []any // *component
	resources               []engine.Resource
	input                   map[string]any
	byRef                   map[string]*component // bom-ref → component
	main                    *component            // metadata.component, the SBOM's subject
	firstByPurl             map[string]string     // purl_base → address of its first component
	used                    map[string]int        // addresses taken
}

// componentFields is one component as its format states it.
type componentFields struct {
	ref, typ, name, group, version, purl, cpe, swid  string
	supplier, manufacturer, publisher, author, scope string
	hashes                                           []hash
	licenses                                         []licenseEntry
}

// licenseEntry is one licence statement: an SPDX expression, or an id or
// name (expression false).
type licenseEntry struct {
	text       string
	expression bool
}

// dependency is one node of the dependency graph and its edges, as written.
type dependency struct {
	ref string
	on  []string
}

var errTooDeep = errors.New("components nested too deeply")

func (b *builder) init() { b.initFor(0) }

// initFor starts a document of about n components: its tables are sized
// once rather than grown (and rehashed) step by step.
func (b *builder) initFor(n int) {
	n = min(n, b.maxComponents)
	b.byRef = make(map[string]*component, n)
	b.firstByPurl = make(map[string]string, n)
	b.used = make(map[string]int, n+1)
	b.used["sbom"] = 1
	b.components = make([]any, 0, n)
	b.resources = make([]engine.Resource, 1, n+1)
	b.resources[0] = engine.Resource{Type: "sbom", Address: "sbom", File: b.id}
}

func newMetadata() map[string]any {
	return map[string]any{"timestamp": "", "timestamp_ns": nil, "tools": []any{}, "authors": []any{},
		"supplier": nil, "manufacturer": nil, "component": nil}
}

// setTimestamp records a timestamp as written and, when it is RFC 3339,
// parsed.
func setTimestamp(meta map[string]any, ts string) {
	meta["timestamp"] = ts
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(ts)); err == nil {
		meta["timestamp_ns"] = int(t.UnixNano())
	}
}

// finish assembles the document.
func (b *builder) finish(format, serial string, version int, meta map[string]any, ds []dependency, vulns, findings []any) {
	deps, graph := b.dependencies(ds)
	b.input = map[string]any{
		"kind": "sbom", "path": b.id, "format": format, "encoding": b.encoding,
		"spec_version": b.spec, "serial_number": serial, "version": version,
		"schema": b.schema, "schema_errors": b.schemaErrors, "decode_error": b.decodeError,
		"metadata": meta, "components": b.components, "component_count": len(b.components),
		"dependencies": deps, "dependency_graph": graph,
		"vulnerabilities": vulns, "findings": findings,
	}
}

func (b *builder) build(bom *cdx.BOM) error {
	b.init()
	if bom.Components != nil {
		if err := b.flatten(*bom.Components, "/components", "", 1); err != nil {
			return err
		}
	}
	meta := newMetadata()
	if m := bom.Metadata; m != nil {
		setTimestamp(meta, m.Timestamp)
		meta["tools"] = tools(m.Tools)
		authors := []any{}
		if m.Authors != nil {
			for _, a := range *m.Authors {
				authors = append(authors, map[string]any{"name": a.Name, "email": a.Email})
			}
		}
		meta["authors"] = authors
		meta["supplier"] = entity(m.Supplier)
		if m.Manufacturer != nil {
			meta["manufacturer"] = entity(m.Manufacturer)
		} else {
			meta["manufacturer"] = entity(m.Manufacture)
		}
		if m.Component != nil {
			meta["component"] = b.describe(cdxFields(m.Component), "/metadata/component")
		}
	}
	var ds []dependency
	if bom.Dependencies != nil {
		ds = make([]dependency, 0, len(*bom.Dependencies))
		for _, d := range *bom.Dependencies {
			var on []string
			if d.Dependencies != nil {
				on = *d.Dependencies
			}
			ds = append(ds, dependency{ref: d.Ref, on: on})
		}
	}
	vulns, findings := b.vulnerabilities(bom.Vulnerabilities)
	b.finish("CycloneDX", bom.SerialNumber, bom.Version, meta, ds, vulns, findings)
	return nil
}

// flatten appends components and their nested ones, depth first, in
// document order.
func (b *builder) flatten(cs []cdx.Component, ptr, parent string, depth int) error {
	if depth > b.maxDepth {
		return fmt.Errorf("%s: %w (limit %d)", ptr, errTooDeep, b.maxDepth)
	}
	for i := range cs {
		p := ptr + "/" + strconv.Itoa(i)
		addr, err := b.add(cdxFields(&cs[i]), p, parent, depth)
		if err != nil {
			return err
		}
		if cs[i].Components != nil {
			if err := b.flatten(*cs[i].Components, p+"/components", addr, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// add appends a component and its resource, and returns its address.
func (b *builder) add(f *componentFields, ptr, parent string, depth int) (string, error) {
	return b.addDoc(componentDoc(f, ptr, depth), parent)
}

// addDoc appends a component whose document is made (componentDoc), with
// what only the document order decides: its address, index, parent and the
// component it duplicates.
func (b *builder) addDoc(c *component, parent string) (string, error) {
	if len(b.components) >= b.maxComponents {
		return "", fmt.Errorf("more than %d components", b.maxComponents)
	}
	c.parent = parent
	addr := b.address(c, "component["+strconv.Itoa(len(b.components))+"]")
	c.address = addr
	c.index = len(b.components)
	if pb := c.purlBase; pb != "" {
		if first, seen := b.firstByPurl[pb]; seen {
			c.duplicateOf = first
		} else {
			b.firstByPurl[pb] = addr
		}
	}
	b.register(c)
	b.components = append(b.components, c)
	b.resources = append(b.resources, engine.Resource{Type: "component", Address: addr, File: b.id})
	return addr, nil
}

// describe makes the component the SBOM describes (metadata.component: an
// address, a node of the dependency graph, not a resource).
func (b *builder) describe(f *componentFields, ptr string) *component {
	c := componentDoc(f, ptr, 0)
	c.address = b.address(c, "metadata")
	b.register(c)
	b.main = c
	return c
}

// register makes c the component its bom-ref names, unless one already is.
func (b *builder) register(c *component) {
	if c.bomRef != "" {
		if _, dup := b.byRef[c.bomRef]; !dup {
			b.byRef[c.bomRef] = c
		}
	}
}

// address is a component's resource address: its purl without qualifiers,
// else group/name@version, else its bom-ref, else fallback; a repeat gets
// "#2", "#3"… in document order.
func (b *builder) address(c *component, fallback string) string {
	a := c.purlBase
	if a == "" && c.name != "" {
		a = c.name
		if c.group != "" {
			a = c.group + "/" + a
		}
		if c.version != "" {
			a += "@" + c.version
		}
	}
	if a == "" {
		a = c.bomRef
	}
	if a == "" {
		a = fallback
	}
	b.used[a]++
	if n := b.used[a]; n > 1 {
		// The next free suffix: a component may itself be named "x#2".
		for b.used[a+"#"+strconv.Itoa(n)] > 0 {
			n++
		}
		b.used[a] = n
		a += "#" + strconv.Itoa(n)
		b.used[a]++
	}
	return a
}

// cdxFields states a CycloneDX component in neutral terms.
func cdxFields(c *cdx.Component) *componentFields {
	f := &componentFields{ref: c.BOMRef, typ: string(c.Type), name: c.Name, group: c.Group, version: c.Version,
		purl: c.PackageURL, cpe: c.CPE, publisher: c.Publisher, author: c.Author, scope: string(c.Scope)}
	if c.SWID != nil {
		f.swid = c.SWID.TagID
	}
	if c.Hashes != nil {
		for _, h := range *c.Hashes {
			f.hashes = append(f.hashes, hash{string(h.Algorithm), h.Value})
		}
	}
	if c.Licenses != nil {
		for _, l := range *c.Licenses {
			switch {
			case l.Expression != "":
				f.licenses = append(f.licenses, licenseEntry{l.Expression, true})
			case l.License != nil && l.License.ID != "":
				f.licenses = append(f.licenses, licenseEntry{l.License.ID, false})
			case l.License != nil && l.License.Name != "":
				f.licenses = append(f.licenses, licenseEntry{l.License.Name, false})
			}
		}
	}
	if f.author == "" && c.Authors != nil {
		var names []string
		for _, a := range *c.Authors {
			names = append(names, a.Name)
		}
		f.author = strings.Join(names, ", ")
	}
	if c.Supplier != nil {
		f.supplier = c.Supplier.Name
	}
	if c.Manufacturer != nil {
		f.manufacturer = c.Manufacturer.Name
	}
	return f
}

// purlBase is a purl without qualifiers and subpath; ok is false when it
// does not parse.
func purlBase(purl string) (base string, ok bool) {
	p, err := packageurl.FromString(purl)
	if err != nil {
		return "", false
	}
	return packageurl.NewPackageURL(p.Type, p.Namespace, p.Name, p.Version, nil, "").ToString(), true
}

// componentDoc makes a component's document, all but what the document
// order decides (see addDoc). It depends on the component alone, so the
// JSON reader's workers make it side by side.
func componentDoc(f *componentFields, ptr string, depth int) *component {
	purl, base, valid := strings.TrimSpace(f.purl), "", false
	if purl != "" {
		base, valid = purlBase(purl)
	}
	ls := readLicenses(f.licenses, purlType(base))
	return &component{
		bomRef: f.ref, typ: f.typ, name: f.name, group: f.group, version: f.version,
		purl: purl, purlBase: base, purlValid: valid, cpe: f.cpe, swid: f.swid,
		supplier: f.supplier, manufacturer: f.manufacturer, publisher: f.publisher, author: f.author,
		scope: f.scope, hashes: f.hashes,
		licenses: ls.exprs, licenseChoices: ls.choices, licenseErrors: ls.errors,
		licenseReading: ls.reading, licenseBasis: ls.basis,
		pointer: ptr, depth: depth,
	}
}

// dependencies lists the graph as written and annotates components with
// their edges; cycles are found without recursion (Kahn's algorithm).
func (b *builder) dependencies(ds []dependency) ([]any, map[string]any) {
	out := []any{}
	edges, unknown := 0, []any{}
	indeg := map[string]int{}
	adj := map[string][]string{}
	seenUnknown := map[string]bool{}
	note := func(ref string) {
		if _, ok := b.byRef[ref]; !ok && !seenUnknown[ref] && len(unknown) < 20 {
			seenUnknown[ref] = true
			unknown = append(unknown, ref)
		}
	}
	for _, d := range ds {
		out = append(out, map[string]any{"ref": d.ref, "depends_on": strs(d.on)})
		note(d.ref)
		if _, ok := indeg[d.ref]; !ok {
			indeg[d.ref] = 0
		}
		for _, o := range d.on {
			note(o)
			adj[d.ref] = append(adj[d.ref], o)
			indeg[o]++
			edges++
		}
		if c, ok := b.byRef[d.ref]; ok {
			c.inDependencyGraph = true
			c.dependsOn = append(c.dependsOn, d.on...)
		}
	}
	queue := make([]string, 0, len(indeg))
	for n, d := range indeg {
		if d == 0 {
			queue = append(queue, n)
		}
	}
	done := 0
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		done++
		for _, m := range adj[n] {
			if indeg[m]--; indeg[m] == 0 {
				queue = append(queue, m)
			}
		}
	}
	return out, map[string]any{"refs": len(indeg), "edges": edges, "cyclic": done < len(indeg), "unknown_refs": unknown}
}

var severityRank = map[string]int{"critical": 6, "high": 5, "medium": 4, "low": 3, "info": 2, "none": 1, "unknown": 0}

// vulnerability is one vulnerability as its format states it.
type vulnerability struct {
	id, bomRef, source string
	ratings            []rating
	analysis           *analysis
	affects            []string // refs
	aliases            []string // CycloneDX references[].id: the same flaw in other databases
	published          string
	description        string
}

type rating struct {
	severity, method, vector, source string
	score                            *float64
}

type analysis struct {
	state, justification, detail string
	response                     []string
}

// vulnerabilities states decoded CycloneDX vulnerabilities in neutral terms.
func (b *builder) vulnerabilities(vs *[]cdx.Vulnerability) ([]any, []any) {
	var in []vulnerability
	if vs != nil {
		for _, v := range *vs {
			nv := vulnerability{id: v.ID, bomRef: v.BOMRef, published: v.Published, description: v.Description}
			if v.References != nil {
				for _, r := range *v.References {
					nv.aliases = append(nv.aliases, r.ID)
				}
			}
			if v.Source != nil {
				nv.source = v.Source.Name
			}
			if v.Ratings != nil {
				for _, r := range *v.Ratings {
					nr := rating{severity: string(r.Severity), method: string(r.Method), vector: r.Vector, score: r.Score}
					if r.Source != nil {
						nr.source = r.Source.Name
					}
					nv.ratings = append(nv.ratings, nr)
				}
			}
			if a := v.Analysis; a != nil {
				na := &analysis{state: string(a.State), justification: string(a.Justification), detail: a.Detail}
				if a.Response != nil {
					for _, r := range *a.Response {
						na.response = append(na.response, string(r))
					}
				}
				nv.analysis = na
			}
			if v.Affects != nil {
				for _, a := range *v.Affects {
					nv.affects = append(nv.affects, a.Ref)
				}
			}
			in = append(in, nv)
		}
	}
	return b.neutralVulnerabilities(in)
}

// neutralVulnerabilities lists vulnerabilities with their worst rating and
// VEX analysis, and one finding per (vulnerability, affected component).
func (b *builder) neutralVulnerabilities(vs []vulnerability) ([]any, []any) {
	vulns, findings := []any{}, []any{}
	seen := map[string]bool{}
	for i, v := range vs {
		ratings, sev, score := []any{}, "", any(nil)
		for _, r := range v.ratings {
			rs := strings.ToLower(r.severity)
			var sc any
			if r.score != nil {
				sc = *r.score
				if score == nil || *r.score > score.(float64) {
					score = *r.score
				}
			}
			ratings = append(ratings, map[string]any{"severity": rs, "score": sc, "method": r.method, "vector": r.vector, "source": r.source})
			if _, ok := severityRank[rs]; ok && (sev == "" || severityRank[rs] > severityRank[sev]) {
				sev = rs
			}
		}
		if sev == "" {
			sev = "unknown"
		}
		var an any
		state := ""
		if a := v.analysis; a != nil {
			state = a.state
			an = map[string]any{"state": state, "justification": a.justification, "response": strs(a.response), "detail": a.detail}
		}
		vid := v.id
		if vid == "" {
			vid = v.bomRef
		}
		if vid == "" {
			vid = "vulnerability[" + strconv.Itoa(i) + "]"
		}
		affects := []any{}
		var targets []map[string]any
		for _, ref := range v.affects {
			t := map[string]any{"ref": ref, "component": "", "purl_base": ""}
			if c, ok := b.byRef[ref]; ok {
				t["component"], t["purl_base"] = c.address, c.purlBase
			} else if pb, ok := purlBase(ref); ok {
				t["purl_base"] = pb
			}
			affects = append(affects, t)
			targets = append(targets, t)
		}
		published := parseDate(v.published)
		vm := map[string]any{"id": vid, "bom_ref": v.bomRef, "source": v.source, "ratings": ratings,
			"severity": sev, "score": score, "analysis": an, "state": state, "affects": affects,
			"summary": v.description, "fixed": []any{}}
		setDates(vm, published, strs(v.aliases))
		vulns = append(vulns, vm)
		if len(targets) == 0 {
			targets = []map[string]any{{"ref": "", "component": "", "purl_base": ""}}
		}
		for _, t := range targets {
			on := t["purl_base"].(string)
			if on == "" {
				on, _ = t["component"].(string)
			}
			if on == "" {
				on = t["ref"].(string)
			}
			addr := vid
			if on != "" {
				addr += "@" + on
			}
			if seen[addr] {
				continue
			}
			seen[addr] = true
			findings = append(findings, map[string]any{"address": addr, "id": vid, "vulnerability": len(vulns) - 1,
				"component": t["component"], "ref": t["ref"], "purl_base": t["purl_base"],
				"severity": sev, "score": score, "state": state, "analysis": an,
				"source": "sbom", "fixed": []any{}, "matched": []any{}})
			setDates(findings[len(findings)-1].(map[string]any), published, strs(v.aliases))
			b.resources = append(b.resources, engine.Resource{Type: "vulnerability", Address: addr, File: b.id})
		}
	}
	return vulns, findings
}

func tools(t *cdx.ToolsChoice) []any {
	out := []any{}
	if t == nil {
		return out
	}
	if t.Tools != nil {
		for _, x := range *t.Tools {
			out = append(out, map[string]any{"vendor": x.Vendor, "name": x.Name, "version": x.Version})
		}
	}
	if t.Components != nil {
		for _, x := range *t.Components {
			vendor := x.Group
			if x.Supplier != nil && x.Supplier.Name != "" {
				vendor = x.Supplier.Name
			}
			out = append(out, map[string]any{"vendor": vendor, "name": x.Name, "version": x.Version})
		}
	}
	if t.Services != nil {
		for _, x := range *t.Services {
			vendor := x.Group
			if x.Provider != nil && x.Provider.Name != "" {
				vendor = x.Provider.Name
			}
			out = append(out, map[string]any{"vendor": vendor, "name": x.Name, "version": x.Version})
		}
	}
	return out
}

func entity(e *cdx.OrganizationalEntity) any {
	if e == nil {
		return nil
	}
	urls := []string{}
	if e.URL != nil {
		urls = *e.URL
	}
	return map[string]any{"name": e.Name, "url": strs(urls)}
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
