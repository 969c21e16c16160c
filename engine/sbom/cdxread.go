package sbom

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/engine"
)

// The functions below state decoded CycloneDX JSON in neutral terms, field
// by field, as cdxFields does cyclonedx-go's types for XML: a field paved
// reads that holds the wrong JSON type is a *typeError; fields paved does
// not read are left to the schema.

// obj reads an optional object member.
func obj(m map[string]any, key, ptr string) (map[string]any, error) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, nil
	}
	o, ok := v.(map[string]any)
	if !ok {
		return nil, &typeError{ptr + "/" + key, "an object"}
	}
	return o, nil
}

// arr reads an optional array member.
func arr(m map[string]any, key, ptr string) ([]any, error) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, nil
	}
	a, ok := v.([]any)
	if !ok {
		return nil, &typeError{ptr + "/" + key, "an array"}
	}
	return a, nil
}

// fieldReader reads members of one object, keeping the first error.
type fieldReader struct {
	m   map[string]any
	ptr string
	err error
}

func (f *fieldReader) str(key string) string {
	v, ok := f.m[key]
	if !ok || v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok && f.err == nil {
		f.err = &typeError{f.ptr + "/" + key, "a string"}
	}
	return s
}

func (f *fieldReader) obj(key string) map[string]any {
	o, err := obj(f.m, key, f.ptr)
	if err != nil && f.err == nil {
		f.err = err
	}
	return o
}

// objs reads an array of objects.
func (f *fieldReader) objs(key string) []map[string]any {
	a, err := arr(f.m, key, f.ptr)
	if err != nil && f.err == nil {
		f.err = err
	}
	out := make([]map[string]any, 0, len(a))
	for i, e := range a {
		if e == nil {
			continue
		}
		o, ok := e.(map[string]any)
		if !ok {
			if f.err == nil {
				f.err = &typeError{f.ptr + "/" + key + "/" + strconv.Itoa(i), "an object"}
			}
			continue
		}
		out = append(out, o)
	}
	return out
}

// strs reads an array of strings.
func (f *fieldReader) strs(key string) []string {
	a, err := arr(f.m, key, f.ptr)
	if err != nil && f.err == nil {
		f.err = err
	}
	out := make([]string, 0, len(a))
	for i, e := range a {
		s, ok := e.(string)
		if !ok {
			if f.err == nil {
				f.err = &typeError{f.ptr + "/" + key + "/" + strconv.Itoa(i), "a string"}
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// sub reads a member object with its own fieldReader.
func (f *fieldReader) sub(key string) *fieldReader {
	return &fieldReader{m: f.obj(key), ptr: f.ptr + "/" + key}
}

func (f *fieldReader) keep(err error) {
	if err != nil && f.err == nil {
		f.err = err
	}
}

// readComponent reads a component and the ones nested in it.
func readComponent(v any, ptr string, depth, maxDepth int) (*cdxComponent, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%s: %w (limit %d)", ptr, errTooDeep, maxDepth)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, &typeError{ptr, "an object"}
	}
	f := &fieldReader{m: m, ptr: ptr}
	fields := jsonFields(f)
	c := &cdxComponent{doc: componentDoc(&fields, ptr, depth)}
	for i, n := range f.objs("components") {
		nc, err := readComponent(n, ptr+"/components/"+strconv.Itoa(i), depth+1, maxDepth)
		if err != nil {
			return nil, err
		}
		c.nested = append(c.nested, nc)
	}
	return c, f.err
}

// jsonFields states a CycloneDX JSON component in neutral terms (cdxFields
// for the decoded XML).
func jsonFields(f *fieldReader) componentFields {
	c := componentFields{ref: f.str("bom-ref"), typ: f.str("type"), name: f.str("name"), group: f.str("group"),
		version: f.str("version"), purl: f.str("purl"), cpe: f.str("cpe"), publisher: f.str("publisher"),
		author: f.str("author"), scope: f.str("scope")}
	c.swid = f.sub("swid").str("tagId")
	for _, h := range f.objs("hashes") {
		hr := &fieldReader{m: h, ptr: f.ptr + "/hashes"}
		c.hashes = append(c.hashes, hash{hr.str("alg"), hr.str("content")})
		f.keep(hr.err)
	}
	for _, l := range f.objs("licenses") {
		lr := &fieldReader{m: l, ptr: f.ptr + "/licenses"}
		lic := lr.sub("license")
		switch expr, id, name := lr.str("expression"), lic.str("id"), lic.str("name"); {
		case expr != "":
			c.licenses = append(c.licenses, licenseEntry{expr, true})
		case id != "":
			c.licenses = append(c.licenses, licenseEntry{id, false})
		case name != "":
			c.licenses = append(c.licenses, licenseEntry{name, false})
		}
		f.keep(lr.err)
		f.keep(lic.err)
	}
	if authors := f.objs("authors"); c.author == "" && len(authors) > 0 {
		names := make([]string, 0, len(authors))
		for _, a := range authors {
			ar := &fieldReader{m: a, ptr: f.ptr + "/authors"}
			names = append(names, ar.str("name"))
			f.keep(ar.err)
		}
		c.author = strings.Join(names, ", ")
	}
	sup, man := f.sub("supplier"), f.sub("manufacturer")
	c.supplier, c.manufacturer = sup.str("name"), man.str("name")
	f.keep(sup.err)
	f.keep(man.err)
	return c
}

// readDependency reads one dependency.
func readDependency(v any, ptr string) (dependency, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return dependency{}, &typeError{ptr, "an object"}
	}
	f := &fieldReader{m: m, ptr: ptr}
	d := dependency{ref: f.str("ref")}
	if on := f.strs("dependsOn"); len(on) > 0 {
		d.on = on
	}
	return d, f.err
}

// buildJSON assembles the document read by r.
func (b *builder) buildJSON(r *jsonReader) error {
	b.schema, b.schemaErrors = "unavailable", []any{}
	var errs []schemaError
	if r.sch != nil {
		b.schema = "valid"
		errs = validationErrors(r.sch.Validate(r.top), "")
	}
	var typeErr error
	keep := func(err error) {
		if err != nil && typeErr == nil {
			typeErr = err
		}
	}
	for _, bts := range r.done {
		for _, bt := range bts {
			if bt.fault != nil {
				return engine.Diagnostics{{File: b.id, Message: bt.fault.Error()}}
			}
		}
	}
	// Limits are diagnostics whatever the schema says.
	for _, bt := range r.done["components"] {
		for j := range bt.out {
			var te *typeError
			if err := bt.out[j].err; err != nil && !errors.As(err, &te) {
				return engine.Diagnostics{{File: b.id, Message: err.Error()}}
			}
		}
	}
	var comps []*cdxComponent
	var deps []dependency
	var vulns []map[string]any
	for _, key := range []string{"components", "dependencies", "vulnerabilities"} {
		first := map[uint64]int{}
		i := 0
		for _, bt := range r.done[key] {
			for j := range bt.out {
				e := &bt.out[j]
				keep(e.err)
				errs = append(errs, e.errs...)
				if r.sch != nil {
					if k, dup := first[e.sum]; dup {
						errs = append(errs, schemaError{"/" + key, printer.Sprintf("items at %d and %d are equal", k, i)})
					} else {
						first[e.sum] = i
					}
				}
				switch key {
				case "components":
					comps = append(comps, e.comp)
				case "dependencies":
					deps = append(deps, e.dep)
				case "vulnerabilities":
					vulns = append(vulns, e.vuln)
				}
				i++
			}
		}
	}
	if len(errs) > 0 {
		b.schema = "invalid"
		for _, e := range errs[:min(len(errs), maxSchemaErrors)] {
			b.schemaErrors = append(b.schemaErrors, map[string]any{"path": e.path, "msg": e.msg})
		}
	}
	top := &fieldReader{m: r.top}
	// Members read whole: a wrong type where a streamed array belongs.
	for key := range streamed {
		if _, err := arr(r.top, key, ""); err != nil {
			keep(err)
		}
	}
	serial := top.str("serialNumber")
	version := 0
	if v, ok := r.top["version"]; ok && v != nil {
		n, isNum := v.(json.Number)
		i, err := n.Int64()
		if !isNum || err != nil || i != int64(int(i)) {
			keep(&typeError{"/version", "an integer"})
		}
		version = int(i)
	}
	meta := top.sub("metadata")
	keep(top.err)
	if typeErr != nil {
		if b.schema != "invalid" {
			return engine.Diagnostics{{File: b.id, Message: "invalid CycloneDX JSON: " + typeErr.Error()}}
		}
		// Schema-invalid beyond what paved can read: the target stands,
		// empty, so that the schema policy fails it.
		b.decodeError = typeErr.Error()
		b.init()
		b.finish("CycloneDX", "", 0, newMetadata(), nil, []any{}, []any{})
		return nil
	}
	b.initFor(r.count)
	for _, c := range comps {
		if err := b.addRead(c, ""); err != nil {
			return engine.Diagnostics{{File: b.id, Message: err.Error()}}
		}
	}
	md, err := b.jsonMetadata(meta)
	if err == nil {
		var vs []any
		var findings []any
		vs, findings, err = b.jsonVulnerabilities(vulns)
		if err == nil {
			b.finish("CycloneDX", serial, version, md, deps, vs, findings)
			return nil
		}
	}
	if b.schema == "invalid" {
		b.decodeError = err.Error()
		b.init()
		b.finish("CycloneDX", "", 0, newMetadata(), nil, []any{}, []any{})
		return nil
	}
	return engine.Diagnostics{{File: b.id, Message: "invalid CycloneDX JSON: " + err.Error()}}
}

// addRead adds a read component and its nested ones, depth first.
func (b *builder) addRead(c *cdxComponent, parent string) error {
	addr, err := b.addDoc(c.doc, parent)
	if err != nil {
		return err
	}
	for _, n := range c.nested {
		if err := b.addRead(n, addr); err != nil {
			return err
		}
	}
	return nil
}

// jsonMetadata reads metadata.
func (b *builder) jsonMetadata(f *fieldReader) (map[string]any, error) {
	meta := newMetadata()
	if f.m == nil {
		return meta, f.err
	}
	setTimestamp(meta, f.str("timestamp"))
	tools := []any{}
	switch t := f.m["tools"].(type) {
	case nil:
	case []any:
		for _, x := range f.objs("tools") {
			tr := &fieldReader{m: x, ptr: f.ptr + "/tools"}
			tools = append(tools, map[string]any{"vendor": tr.str("vendor"), "name": tr.str("name"), "version": tr.str("version")})
			f.keep(tr.err)
		}
	case map[string]any:
		tf := f.sub("tools")
		for _, x := range tf.objs("components") {
			tr := &fieldReader{m: x, ptr: tf.ptr + "/components"}
			vendor := tr.str("group")
			if s := tr.sub("supplier").str("name"); s != "" {
				vendor = s
			}
			tools = append(tools, map[string]any{"vendor": vendor, "name": tr.str("name"), "version": tr.str("version")})
			f.keep(tr.err)
		}
		for _, x := range tf.objs("services") {
			tr := &fieldReader{m: x, ptr: tf.ptr + "/services"}
			vendor := tr.str("group")
			if s := tr.sub("provider").str("name"); s != "" {
				vendor = s
			}
			tools = append(tools, map[string]any{"vendor": vendor, "name": tr.str("name"), "version": tr.str("version")})
			f.keep(tr.err)
		}
		f.keep(tf.err)
	default:
		_ = t
		f.keep(&typeError{f.ptr + "/tools", "an array or an object"})
	}
	meta["tools"] = tools
	authors := []any{}
	for _, a := range f.objs("authors") {
		ar := &fieldReader{m: a, ptr: f.ptr + "/authors"}
		authors = append(authors, map[string]any{"name": ar.str("name"), "email": ar.str("email")})
		f.keep(ar.err)
	}
	meta["authors"] = authors
	meta["supplier"] = jsonEntity(f, "supplier")
	if _, ok := f.m["manufacturer"]; ok {
		meta["manufacturer"] = jsonEntity(f, "manufacturer")
	} else {
		meta["manufacturer"] = jsonEntity(f, "manufacture")
	}
	if c := f.obj("component"); c != nil {
		cr := &fieldReader{m: c, ptr: f.ptr + "/component"}
		fields := jsonFields(cr)
		f.keep(cr.err)
		meta["component"] = b.describe(&fields, "/metadata/component")
	}
	return meta, f.err
}

func jsonEntity(f *fieldReader, key string) any {
	e := f.sub(key)
	if e.m == nil {
		f.keep(e.err)
		return nil
	}
	name, urls := e.str("name"), e.strs("url")
	f.keep(e.err)
	return map[string]any{"name": name, "url": strs(urls)}
}

// jsonVulnerabilities reads vulnerabilities into the neutral form
// vulnerabilities builds.
func (b *builder) jsonVulnerabilities(vs []map[string]any) ([]any, []any, error) {
	in := make([]vulnerability, 0, len(vs))
	for i, m := range vs {
		f := &fieldReader{m: m, ptr: "/vulnerabilities/" + strconv.Itoa(i)}
		v := vulnerability{id: f.str("id"), bomRef: f.str("bom-ref"), source: f.sub("source").str("name"),
			published: f.str("published"), description: f.str("description")}
		for _, r := range f.objs("references") {
			rr := &fieldReader{m: r, ptr: f.ptr + "/references"}
			v.aliases = append(v.aliases, rr.str("id"))
			f.keep(rr.err)
		}
		for _, r := range f.objs("ratings") {
			rr := &fieldReader{m: r, ptr: f.ptr + "/ratings"}
			rt := rating{severity: rr.str("severity"), method: rr.str("method"), vector: rr.str("vector"), source: rr.sub("source").str("name")}
			if s, ok := r["score"]; ok && s != nil {
				n, isNum := s.(json.Number)
				x, err := n.Float64()
				if !isNum || err != nil {
					rr.keep(&typeError{rr.ptr + "/score", "a number"})
				}
				rt.score = &x
			}
			v.ratings = append(v.ratings, rt)
			f.keep(rr.err)
		}
		if a := f.sub("analysis"); a.m != nil {
			v.analysis = &analysis{state: a.str("state"), justification: a.str("justification"), response: a.strs("response"), detail: a.str("detail")}
			f.keep(a.err)
		}
		for _, a := range f.objs("affects") {
			ar := &fieldReader{m: a, ptr: f.ptr + "/affects"}
			v.affects = append(v.affects, ar.str("ref"))
			f.keep(ar.err)
		}
		if f.err != nil {
			return nil, nil, f.err
		}
		in = append(in, v)
	}
	vulns, findings := b.neutralVulnerabilities(in)
	return vulns, findings, nil
}
