package sbom

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/paved-dev/paved/engine"
)

// A CycloneDX JSON document is read in one pass: the top-level object is
// decoded member by member, and the elements of its big arrays
// (components, dependencies, vulnerabilities) one at a time, each validated
// against its item schema and stated in neutral terms by a pool of workers,
// then dropped. So the document is decoded once, its schema validation
// runs on every core, and memory holds a few batches of decoded elements
// rather than the whole decoded document, several times the size of its
// text.

// streamed are the top-level arrays read element by element, with the
// definition their items must match in every embedded schema (a test
// checks the schemas say so).
var streamed = map[string]string{
	"components":      "component",
	"dependencies":    "dependency",
	"vulnerabilities": "vulnerability",
}

// batchSize is how many elements a worker takes at a time.
const batchSize = 128

// typeError is a value of the wrong JSON type where paved reads one.
type typeError struct{ ptr, want string }

func (e *typeError) Error() string { return e.ptr + ": want " + e.want }

// element is one streamed array element, read.
type element struct {
	comp *cdxComponent  // components
	dep  dependency     // dependencies
	vuln map[string]any // vulnerabilities, as decoded
	errs []schemaError  // its schema violations, located in the document
	sum  uint64         // canonical digest, for uniqueItems
	err  error          // a *typeError in a field paved reads
}

// cdxComponent is a component and its nested ones, as read.
type cdxComponent struct {
	doc    *component // made by the worker (componentDoc)
	nested []*cdxComponent
}

type schemaError struct{ path, msg string }

type batch struct {
	key   string
	base  int
	vals  []any
	out   []element
	fault error // a panic in its worker, which would otherwise end the process
}

// jsonReader reads one CycloneDX (or SPDX) JSON document.
type jsonReader struct {
	id       string
	src      []byte
	skip     int // bytes before body in src (BOM, blanks)
	maxItems int
	maxDepth int

	top     map[string]any
	spec    string
	known   bool // the schema to use is decided
	sch     *jsonschema.Schema
	items   map[string]*jsonschema.Schema
	pending []*batch // batches read before the schema was decided
	done    map[string][]*batch
	jobs    chan *batch
	wg      sync.WaitGroup
	count   int
}

// readJSON decodes body (src without its BOM and leading blanks).
func (b *builder) readJSON(src, body []byte) error {
	r := &jsonReader{id: b.id, src: src, skip: len(src) - len(body), maxItems: b.maxComponents, maxDepth: b.maxDepth,
		top: map[string]any{}, done: map[string][]*batch{}}
	defer r.stop()
	if err := r.decode(body); err != nil {
		return err
	}
	if v, ok := r.top["spdxVersion"]; ok {
		r.stop()
		return b.buildSPDX(body, v)
	}
	if f, _ := r.top["bomFormat"].(string); f != "CycloneDX" {
		return engine.Diagnostics{{File: b.id, Message: `no "bomFormat": "CycloneDX": not a CycloneDX SBOM`}}
	}
	if err := r.decide(); err != nil {
		return err
	}
	r.stop()
	b.spec = r.spec
	return b.buildJSON(r)
}

// add puts v, element n of its array, in bt and hands bt to the workers
// once full; it returns the batch to fill next.
func (r *jsonReader) add(bt *batch, v any, n int) *batch {
	if bt.key == "components" {
		r.count++
	}
	bt.vals = append(bt.vals, v)
	if len(bt.vals) < batchSize {
		return bt
	}
	r.submit(bt)
	return &batch{key: bt.key, base: n + 1}
}

// decideUpFront decides the schema before the first element is read,
// wherever bomFormat and specVersion stand (a document with sorted keys has
// components first).
func (r *jsonReader) decideUpFront(body []byte) error {
	if format, spec, ok, _ := prescan(body); ok {
		return r.decideFor(format, spec)
	}
	return nil
}

// setTop keeps a decoded top-level member; once bomFormat and specVersion
// are both read, the schema is decided.
func (r *jsonReader) setTop(key string, v any) error {
	r.top[key] = v
	if key == "specVersion" || key == "bomFormat" {
		return r.decideWhenKnown()
	}
	return nil
}

// decode reads the top-level object.
func (r *jsonReader) decode(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // '{', sniffed by the caller
		return r.jsonErr(err)
	}
	if err := r.decideUpFront(body); err != nil {
		return err
	}
	for dec.More() {
		base := valueStart(body, dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return r.jsonErrAt(base, err)
		}
		key := tok.(string)
		if _, dup := r.top[key]; dup {
			return r.diagAt(dec.InputOffset(), fmt.Sprintf("the top-level member %q appears twice", key))
		}
		if _, ok := streamed[key]; ok && r.nextIsArray(body, dec.InputOffset()) {
			if err := r.stream(dec, key); err != nil {
				return err
			}
			r.top[key] = []any{}
			continue
		}
		var v any
		base = valueStart(body, dec.InputOffset())
		if err := dec.Decode(&v); err != nil {
			return r.jsonErrAt(base, err)
		}
		if err := r.setTop(key, v); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return r.jsonErr(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return r.diagAt(dec.InputOffset(), "invalid JSON: data after the top-level object")
	}
	return nil
}

// nextIsArray reports whether the value after the key ending at off opens
// an array.
func (r *jsonReader) nextIsArray(body []byte, off int64) bool {
	rest := body[min(int(off), len(body)):]
	rest = bytes.TrimLeft(rest, " \t\r\n")
	rest = bytes.TrimPrefix(rest, []byte(":"))
	rest = bytes.TrimLeft(rest, " \t\r\n")
	return len(rest) > 0 && rest[0] == '['
}

// stream reads one streamed array, handing its elements to the workers in
// batches.
func (r *jsonReader) stream(dec *json.Decoder, key string) error {
	if _, err := dec.Token(); err != nil { // '['
		return r.jsonErr(err)
	}
	body := r.src[r.skip:]
	bt := &batch{key: key}
	n := 0
	for dec.More() {
		if key == "components" && r.count >= r.maxItems {
			return r.diagAt(dec.InputOffset(), fmt.Sprintf("more than %d components", r.maxItems))
		}
		var v any
		base := valueStart(body, dec.InputOffset())
		if err := dec.Decode(&v); err != nil {
			return r.jsonErrAt(base, err)
		}
		bt = r.add(bt, v, n)
		n++
	}
	if len(bt.vals) > 0 {
		r.submit(bt)
	}
	if _, err := dec.Token(); err != nil { // ']'
		return r.jsonErr(err)
	}
	return nil
}

func (r *jsonReader) submit(bt *batch) {
	r.done[bt.key] = append(r.done[bt.key], bt)
	if !r.known {
		r.pending = append(r.pending, bt)
		return
	}
	r.jobs <- bt
}

// decideWhenKnown picks the schema once bomFormat and specVersion are both
// read, and starts the workers.
func (r *jsonReader) decideWhenKnown() error {
	_, f := r.top["bomFormat"]
	_, s := r.top["specVersion"]
	if r.known || !f || !s {
		return nil
	}
	return r.decide()
}

// decide picks the schema from the decoded top-level members.
func (r *jsonReader) decide() error {
	spec, ok := r.top["specVersion"]
	if !ok {
		spec = absent{}
	}
	return r.decideFor(r.top["bomFormat"], spec)
}

// absent stands for a member the document lacks.
type absent struct{}

// decideFor picks the schema (none for an unknown format or a version
// without an embedded schema), starts the workers and hands them what
// waited.
func (r *jsonReader) decideFor(format, sv any) error {
	if r.known {
		return nil
	}
	r.known = true
	if f, _ := format.(string); f == "CycloneDX" {
		_, missing := sv.(absent)
		ok := !missing
		r.spec, _ = sv.(string)
		if ok && (!isString(sv) || !cdxVersions[r.spec]) {
			return engine.Diagnostics{{File: r.id, Message: fmt.Sprintf("unsupported CycloneDX specVersion %s (1.0 to 1.7 are read; 1.4 to 1.6 validated)", compact(sv))}}
		}
		sch, items, err := schemasFor(r.spec)
		if err != nil {
			return engine.Diagnostics{{File: r.id, Message: err.Error()}}
		}
		r.sch, r.items = sch, items
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *batch, 2*workers)
	r.jobs = jobs
	for range workers {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			for bt := range jobs {
				r.safeWork(bt)
			}
		}()
	}
	for _, bt := range r.pending {
		r.jobs <- bt
	}
	r.pending = nil
	return nil
}

// stop ends the workers and waits for them; safe to call twice.
func (r *jsonReader) stop() {
	if r.jobs != nil {
		close(r.jobs)
		r.jobs = nil
	}
	r.wg.Wait()
}

// prescan finds the top-level bomFormat and specVersion of a JSON object
// without decoding it: a scan of its bytes that tracks strings and depth.
// ok is false when bomFormat is not there (the decoder then decides);
// spdx is true when the object has a top-level spdxVersion (the scan ends
// there).
func prescan(body []byte) (format, spec any, ok, spdx bool) {
	depth, i := 0, 0
	var key []byte
	expectKey := false
	spec = absent{}
	for i < len(body) {
		c := body[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(body) && body[j] != '"' {
				if body[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(body) {
				return nil, nil, false, false
			}
			if depth == 1 && expectKey {
				key = body[i : j+1]
				expectKey = false
			}
			i = j + 1
			continue
		case c == '{' || c == '[':
			depth++
			expectKey = c == '{' && depth == 1
		case c == '}' || c == ']':
			depth--
		case c == ',' && depth == 1:
			expectKey = true
		case c == ':' && depth == 1 && key != nil:
			name := string(key)
			key = nil
			if name == `"spdxVersion"` {
				return nil, nil, false, true
			}
			if name != `"bomFormat"` && name != `"specVersion"` {
				break
			}
			var v any
			dec := json.NewDecoder(bytes.NewReader(body[i+1:]))
			dec.UseNumber()
			if dec.Decode(&v) != nil {
				return nil, nil, false, false
			}
			if name == `"bomFormat"` {
				format, ok = v, true
			} else {
				spec = v
			}
			if _, missing := spec.(absent); ok && !missing {
				return format, spec, ok, false
			}
		}
		i++
	}
	return format, spec, ok, false
}

// cdxVersions are the specVersion values of CycloneDX.
var cdxVersions = map[string]bool{"1.0": true, "1.1": true, "1.2": true, "1.3": true, "1.4": true, "1.5": true, "1.6": true, "1.7": true}

// safeWork is work with a panic recovered into the batch: parse's own
// recover does not reach the workers' goroutines.
func (r *jsonReader) safeWork(bt *batch) {
	defer func() {
		if p := recover(); p != nil {
			bt.fault = fmt.Errorf("internal error reading the SBOM: %v", p)
		}
	}()
	r.work(bt)
}

// work validates and reads one batch.
func (r *jsonReader) work(bt *batch) {
	bt.out = make([]element, len(bt.vals))
	item := r.items[bt.key]
	for i, v := range bt.vals {
		e := &bt.out[i]
		ptr := "/" + bt.key + "/" + strconv.Itoa(bt.base+i)
		if item != nil {
			e.errs = validationErrors(item.Validate(v), ptr)
			e.sum = digest(v)
		}
		switch bt.key {
		case "components":
			e.comp, e.err = readComponent(v, ptr, 1, r.maxDepth)
		case "dependencies":
			e.dep, e.err = readDependency(v, ptr)
		case "vulnerabilities":
			m, ok := v.(map[string]any)
			if !ok {
				e.err = &typeError{ptr, "an object"}
			}
			e.vuln = m
		}
	}
	bt.vals = nil // the decoded values are garbage now
}

// validationErrors lists a validation error's leaves under prefix.
func validationErrors(err error, prefix string) []schemaError {
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []schemaError{{prefix, err.Error()}}
	}
	// leaves gives them in document order, whatever order the validator
	// met an object's members in.
	var out []schemaError
	for _, leaf := range leaves(ve) {
		out = append(out, schemaError{prefix + pointer(leaf.InstanceLocation), clip(leaf.ErrorKind.LocalizedString(printer))})
	}
	return out[:min(len(out), maxSchemaErrors)]
}

// comparePointers orders JSON pointers segment by segment, array indexes
// by number: /hashes/2 before /hashes/10.
func comparePointers(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := range min(len(as), len(bs)) {
		x, errX := strconv.Atoi(as[i])
		y, errY := strconv.Atoi(bs[i])
		c := strings.Compare(as[i], bs[i])
		if errX == nil && errY == nil {
			c = cmp.Compare(x, y)
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

// valueStart is where the decoder starts scanning the next value, off
// being its InputOffset: past the separator (':' or ',') that precedes it.
func valueStart(body []byte, off int64) int64 {
	i := int(off)
	for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n') {
		i++
	}
	if i < len(body) && (body[i] == ',' || body[i] == ':') {
		return int64(i + 1)
	}
	return off
}

// jsonErrAt is jsonErr for an error of a Decode that started at base. A
// json.Decoder counts a SyntaxError's offset from the start of its buffer,
// which slides as it reads on, so the value is decoded again by a fresh
// decoder from base, whose buffer starts there, to place the error.
func (r *jsonReader) jsonErrAt(base int64, err error) error {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return r.jsonErr(err)
	}
	body := r.src[r.skip:]
	dec := json.NewDecoder(bytes.NewReader(body[min(int(base), len(body)):]))
	var v any
	if errors.As(dec.Decode(&v), &se) {
		return r.diagAt(base+se.Offset, "invalid JSON: "+se.Error())
	}
	return r.jsonErr(err)
}

// jsonErr turns a decoding error into a Diagnostic at its line.
func (r *jsonReader) jsonErr(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return r.diagAt(se.Offset, "invalid JSON: "+err.Error())
	}
	return engine.Diagnostics{engine.JSONDiagnostic(r.id, "invalid JSON", r.src, err)}
}

// diagAt is a Diagnostic at a byte offset of the body.
func (r *jsonReader) diagAt(off int64, msg string) error {
	off += int64(r.skip)
	line := 0
	if off >= 0 && off <= int64(len(r.src)) {
		line = 1 + bytes.Count(r.src[:off], []byte("\n"))
	}
	return engine.Diagnostics{{File: r.id, Line: line, Message: msg}}
}

// digestSeed keys digest for the process: equal values share a digest,
// and distinct ones collide with odds of about n²/2⁶⁵ that no document can
// aim at.
var digestSeed = maphash.MakeSeed()

// digest is a digest of a decoded JSON value that equal values (in JSON
// Schema's sense: numbers by value, objects whatever their key order)
// share; uniqueItems compares digests, the elements being gone. An object
// adds up its members' digests, so its keys need no sorting.
func digest(v any) uint64 {
	switch x := v.(type) {
	case nil:
		return mix(1)
	case bool:
		if x {
			return mix(2)
		}
		return mix(3)
	case json.Number:
		if f, err := x.Float64(); err == nil && !math.IsInf(f, 0) {
			if f == 0 {
				f = 0 // -0 equals 0
			}
			return mix(4 ^ math.Float64bits(f))
		}
		return mix(5 ^ maphash.String(digestSeed, string(x)))
	case string:
		return mix(6 ^ maphash.String(digestSeed, x))
	case []any:
		h := mix(7 ^ uint64(len(x)))
		for _, e := range x {
			h = mix(h ^ digest(e))
		}
		return h
	case map[string]any:
		var sum uint64
		for k, e := range x {
			sum += mix(maphash.String(digestSeed, k) + 0x9e3779b97f4a7c15*digest(e))
		}
		return mix(8 ^ uint64(len(x)) ^ mix(sum))
	}
	return 0
}

// mix is a 64-bit finaliser (MurmurHash3's): every input bit moves every
// output bit.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// compact shows a JSON value in a message, briefly.
func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return clip(string(b))
}
