package jsonvalue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// decodeStd is what encoding/json makes of a whole document, with UseNumber.
func decodeStd(data []byte) (any, bool) {
	if !json.Valid(data) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

func decodeFast(d *Decoder, data []byte) (any, bool) {
	v, next, ok := d.Value(data, 0)
	if !ok || SkipSpace(data, next) != len(data) {
		return nil, false
	}
	return v, true
}

// check holds the decoder to encoding/json on one document.
func check(t *testing.T, d *Decoder, data []byte) {
	t.Helper()
	want, wantOK := decodeStd(data)
	got, gotOK := decodeFast(d, data)
	if gotOK != wantOK {
		t.Fatalf("%q: accepted %v, encoding/json %v", data, gotOK, wantOK)
	}
	if gotOK && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: got %#v, encoding/json %#v", data, got, want)
	}
}

var seeds = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `1.5e+10`, `-12.25E-3`, `true`, `false`, `null`,
	` {"a": [1, 2, {"b": null}], "c": "d", "a": "dup"} `,
	`{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"x","version":"1.0","purl":"pkg:npm/x@1.0","licenses":[{"license":{"id":"MIT"}}]}]}`,
	`"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \ud800 \udc00x"`,
	`"naïve ☃ 日本"`, "\"bad \xff utf8\"", "{\"k\xfe\": 1}", `{"\u006b": 2}`,
	`01`, `1.`, `.5`, `-`, `1e`, `1e+`, `+1`, `tru`, `nul`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{1:2}`,
	`[1 2]`, "\"ctl \x01\"", `"unterminated`, `{"a":1}x`, `[`, `{`, `"\u12"`, `"\x"`, ``, ` `,
	`1 2`, `[true, false, null, "", -0.0e0]`,
}

// deep are at and past encoding/json's nesting limit (kept out of the fuzz
// seeds, whose mutations of them are slow to minimize).
var deep = []string{
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001),
}

func TestMatchesEncodingJSON(t *testing.T) {
	var d Decoder
	for _, s := range append(seeds, deep...) {
		check(t, &d, []byte(s))
	}
}

func TestKeysInterned(t *testing.T) {
	var d Decoder
	v, ok := decodeFast(&d, []byte(`[{"name":"a"},{"name":"b"}]`))
	if !ok {
		t.Fatal("rejected")
	}
	a := v.([]any)
	var k1, k2 string
	for k := range a[0].(map[string]any) {
		k1 = k
	}
	for k := range a[1].(map[string]any) {
		k2 = k
	}
	if k1 != "name" || k2 != "name" || unsafeData(k1) != unsafeData(k2) {
		t.Errorf("the two name keys are separate strings")
	}
}

func FuzzMatchesEncodingJSON(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d Decoder
		check(t, &d, data)
		check(t, &d, data) // with its keys interned
	})
}

// components is a CycloneDX-like array of n components.
func components(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type": "library", "bom-ref": "pkg:npm/lib-%d@1.%d.0", "name": "lib-%d", "version": "1.%d.0",
 "purl": "pkg:npm/lib-%d@1.%d.0", "licenses": [{"license": {"id": "MIT"}}], "scope": "required",
 "hashes": [{"alg": "SHA-256", "content": "%064d"}], "description": "a library \u2014 number %d"}`, i, i, i, i, i, i, i, i)
	}
	b.WriteByte(']')
	return b.Bytes()
}

func BenchmarkDecode(b *testing.B) {
	data := components(2000)
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("jsonvalue", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var d Decoder
			if _, ok := decodeFast(&d, data); !ok {
				b.Fatal("rejected")
			}
		}
	})
}

// The key cache stops growing at maxInterned; keys past it still decode.
func TestKeyCacheBounded(t *testing.T) {
	var b strings.Builder
	b.WriteByte('{')
	for i := range maxInterned + 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d": %d`, i, i)
	}
	b.WriteByte('}')
	var d Decoder
	check(t, &d, []byte(b.String()))
	if len(d.keys) != maxInterned {
		t.Errorf("%d keys cached, want the bound %d", len(d.keys), maxInterned)
	}
}

func unsafeData(s string) *byte { return unsafe.StringData(s) }
