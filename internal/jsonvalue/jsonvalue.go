// Package jsonvalue decodes JSON values into the Go values encoding/json
// gives an `any` with UseNumber: map[string]any, []any, string,
// json.Number, bool and nil. It is the fast path for valid input only: it
// reports where input is not valid JSON, or nests deeper than
// encoding/json allows, without saying why, and the caller asks
// encoding/json for the error. Object keys are interned per Decoder, since
// documents such as SBOMs repeat the same few keys tens of thousands of
// times.
//
// On what it accepts, it gives what encoding/json gives: a fuzz test holds
// the two to each other.
package jsonvalue

import (
	"encoding/json"
	"unicode/utf8"
)

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

// maxInterned bounds the key cache: keys past it are copied, not cached.
const maxInterned = 4096

// Decoder decodes values; it is not safe for concurrent use.
type Decoder struct {
	keys map[string]string
}

// Value decodes the value starting at b[i] (after any white space) and
// returns it with the offset just past it. ok is false when the input is
// not valid JSON there.
func (d *Decoder) Value(b []byte, i int) (v any, next int, ok bool) {
	return d.value(b, SkipSpace(b, i), 0)
}

// SkipSpace returns the offset of the first byte at or after i that is not
// JSON white space.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

func (d *Decoder) value(b []byte, i, depth int) (any, int, bool) {
	if i >= len(b) {
		return nil, i, false
	}
	switch c := b[i]; {
	case c == '{':
		return d.object(b, i+1, depth+1)
	case c == '[':
		return d.array(b, i+1, depth+1)
	case c == '"':
		s, next, ok := str(b, i)
		return s, next, ok
	case c == '-' || c >= '0' && c <= '9':
		end, ok := number(b, i)
		if !ok {
			return nil, i, false
		}
		return json.Number(b[i:end]), end, true
	case c == 't':
		return true, i + 4, literal(b, i, "true")
	case c == 'f':
		return false, i + 5, literal(b, i, "false")
	case c == 'n':
		return nil, i + 4, literal(b, i, "null")
	}
	return nil, i, false
}

func literal(b []byte, i int, lit string) bool {
	return len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit
}

func (d *Decoder) object(b []byte, i, depth int) (any, int, bool) {
	if depth > maxDepth {
		return nil, i, false
	}
	m := map[string]any{}
	i = SkipSpace(b, i)
	if i < len(b) && b[i] == '}' {
		return m, i + 1, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, i, false
		}
		key, next, ok := d.Key(b, i)
		if !ok {
			return nil, i, false
		}
		i = SkipSpace(b, next)
		if i >= len(b) || b[i] != ':' {
			return nil, i, false
		}
		v, next, ok := d.value(b, SkipSpace(b, i+1), depth)
		if !ok {
			return nil, next, false
		}
		m[key] = v
		var more bool
		if i, more, ok = After(b, next, '}'); !ok || !more {
			return m, i, ok
		}
	}
}

func (d *Decoder) array(b []byte, i, depth int) (any, int, bool) {
	if depth > maxDepth {
		return nil, i, false
	}
	a := []any{}
	i = SkipSpace(b, i)
	if i < len(b) && b[i] == ']' {
		return a, i + 1, true
	}
	for {
		v, next, ok := d.value(b, i, depth)
		if !ok {
			return nil, next, false
		}
		a = append(a, v)
		var more bool
		if i, more, ok = After(b, next, ']'); !ok || !more {
			return a, i, ok
		}
	}
}

// After reads what follows a member or element ending at i in an object or
// array that close ('}' or ']') ends: a comma (more, i at the next value)
// or close (i past it). ok is false on anything else.
func After(b []byte, i int, close byte) (next int, more, ok bool) {
	i = SkipSpace(b, i)
	switch {
	case i >= len(b):
		return i, false, false
	case b[i] == ',':
		return SkipSpace(b, i+1), true, true
	case b[i] == close:
		return i + 1, false, true
	}
	return i, false, false
}

// Key decodes the string at b[i] (its opening quote), interning it.
func (d *Decoder) Key(b []byte, i int) (string, int, bool) {
	end, plain := scanString(b, i)
	if !plain {
		return str(b, i) // escaped, invalid UTF-8 or not a string: rare
	}
	raw := b[i+1 : end-1]
	if k, ok := d.keys[string(raw)]; ok {
		return k, end, true
	}
	k := string(raw)
	if d.keys == nil {
		d.keys = map[string]string{}
	}
	if len(d.keys) < maxInterned {
		d.keys[k] = k
	}
	return k, end, true
}

// str decodes the string whose opening quote is b[i].
func str(b []byte, i int) (string, int, bool) {
	end, plain := scanString(b, i)
	if end < 0 {
		return "", i, false
	}
	if plain {
		return string(b[i+1 : end-1]), end, true
	}
	s, ok := unquote(b[i:end])
	return s, end, ok
}

// scanString finds the end (just past the closing quote) of the string
// whose opening quote is b[i]; -1 when it has none or holds a control
// character. plain says it holds no escape and is valid UTF-8, so its
// bytes are its value.
func scanString(b []byte, i int) (end int, plain bool) {
	plain = true
	ascii := true
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			if !ascii && plain {
				plain = utf8.Valid(b[i+1 : j])
			}
			return j + 1, plain
		case c == '\\':
			plain = false
			j++ // the escaped byte; unquote checks the escape
		case c < 0x20:
			return -1, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return -1, false
}

// unquote decodes a quoted string with escapes or invalid UTF-8 the way
// encoding/json does; such strings are rare, so it asks encoding/json.
func unquote(q []byte) (string, bool) {
	var s string
	if err := json.Unmarshal(q, &s); err != nil {
		return "", false
	}
	return s, true
}

// number returns the end of the JSON number starting at b[i].
func number(b []byte, i int) (int, bool) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return i, false
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}
