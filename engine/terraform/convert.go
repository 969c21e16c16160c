package terraform

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"path"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// maxValueDepth bounds the nesting of values converted for the document.
const maxValueDepth = 1000

// goValue converts a cty value into the JSON-native Go values the engine
// hands to Rego. known is false when the value is unknown as a whole. A
// value with some unknown parts keeps its known parts, and mirror marks the
// others (docs/terraform-input.md): an unknown member of an object or map is
// left out and true in the mirror; an unknown element of a list or tuple is
// null, in its place, and true in a mirror list that holds false for the
// known elements. A set with an unknown element is unknown as a whole:
// neither its order nor its size is known.
func goValue(v cty.Value, depth int) (val, mirror any, known bool) {
	if !v.IsKnown() || depth > maxValueDepth {
		return nil, nil, false
	}
	if v.IsMarked() {
		v, _ = v.UnmarkDeep()
	}
	if v.IsNull() {
		return nil, nil, true
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString(), nil, true
	case ty == cty.Bool:
		return v.True(), nil, true
	case ty == cty.Number:
		n, ok := goNumber(v.AsBigFloat())
		return n, nil, ok
	case ty.IsSetType():
		if !v.IsWhollyKnown() {
			return nil, nil, false
		}
		fallthrough
	case ty.IsListType() || ty.IsTupleType():
		list := make([]any, 0, v.LengthInt())
		var mir []any
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			ev, em, ok := goValue(e, depth+1)
			if !ok {
				ev, em = nil, true
			}
			if em != nil && mir == nil {
				mir = make([]any, len(list), v.LengthInt())
				for i := range mir {
					mir[i] = false
				}
			}
			if mir != nil {
				if em == nil {
					em = false
				}
				mir = append(mir, em)
			}
			list = append(list, ev)
		}
		if mir == nil {
			return list, nil, true
		}
		return list, mir, true
	case ty.IsMapType() || ty.IsObjectType():
		m := make(map[string]any, v.LengthInt())
		var mir map[string]any
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			ev, em, ok := goValue(e, depth+1)
			key := k.AsString()
			if !ok {
				if mir == nil {
					mir = map[string]any{}
				}
				mir[key] = true
				continue
			}
			m[key] = ev
			if em != nil {
				if mir == nil {
					mir = map[string]any{}
				}
				mir[key] = em
			}
		}
		if mir == nil {
			return m, nil, true
		}
		return m, mir, true
	}
	return nil, nil, false // capsules and other values Rego has no use for
}

// goNumber is an int when the number is a whole int64, else a float64, else
// (too large for either) a json.Number. Infinities are not JSON: unknown.
func goNumber(bf *big.Float) (any, bool) {
	if bf.IsInf() {
		return nil, false
	}
	if bf.IsInt() {
		if i, acc := bf.Int64(); acc == big.Exact {
			return int(i), true
		}
		return json.Number(bf.Text('f', 0)), true
	}
	f, _ := bf.Float64()
	if math.IsInf(f, 0) {
		return json.Number(bf.Text('g', -1)), true
	}
	return f, true
}

// convertValue is convert.Convert made safe for the odd values a fuzzer or
// a broken configuration produces.
func convertValue(v cty.Value, ty cty.Type) (out cty.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = cty.DynamicVal, fmt.Errorf("convert: %v", r)
		}
	}()
	return convert.Convert(v, ty)
}

// relPath is target relative to base, both slash paths in the same tree.
func relPath(base, target string) string {
	if base == target {
		return "."
	}
	if base == "." {
		return target
	}
	if strings.HasPrefix(target, base+"/") {
		return target[len(base)+1:]
	}
	bs := strings.Split(base, "/")
	ts := strings.Split(target, "/")
	if target == "." {
		ts = nil
	}
	i := 0
	for i < len(bs) && i < len(ts) && bs[i] == ts[i] {
		i++
	}
	parts := make([]string, 0, len(bs)-i+len(ts)-i)
	for range bs[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, ts[i:]...)
	return path.Join(parts...)
}
