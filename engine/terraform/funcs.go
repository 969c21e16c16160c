package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"math/big"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Bounds on what one function call may build, so a short expression cannot
// allocate gigabytes.
const (
	maxProduct   = 100000   // elements of a setproduct
	maxStringLen = 16 << 20 // bytes of a string built by replace, format or join
	// maxIterations bounds the iterations of for expressions in one target.
	maxIterations = 250000
)

// pureFunctions is Terraform's function library without the functions that
// read files; it is built once per Loader and shared read-only.
func pureFunctions() map[string]function.Function {
	fs := map[string]function.Function{
		// numeric
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
		"log": stdlib.LogFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "signum": stdlib.SignumFunc,
		// string
		"chomp": stdlib.ChompFunc, "formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc,
		"join": joinFunc, "lower": stdlib.LowerFunc, "regex": stdlib.RegexFunc,
		"regexall": stdlib.RegexAllFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc,
		"substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc, "trimsuffix": stdlib.TrimSuffixFunc,
		"trimspace": stdlib.TrimSpaceFunc, "upper": stdlib.UpperFunc,
		// collection
		"chunklist": stdlib.ChunklistFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"keys": stdlib.KeysFunc, "lookup": stdlib.LookupFunc, "merge": stdlib.MergeFunc,
		"range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setsubtract": stdlib.SetSubtractFunc,
		"setsymmetricdifference": stdlib.SetSymmetricDifferenceFunc, "setunion": stdlib.SetUnionFunc,
		"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc,
		// encoding
		"csvdecode": stdlib.CSVDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
		// date and time
		"formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,
		// conversion
		"tobool": stdlib.MakeToFunc(cty.Bool), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tostring": stdlib.MakeToFunc(cty.String), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		// Terraform's own semantics, where they differ from cty's stdlib
		"coalesce": coalesceFunc, "index": indexFunc, "length": lengthFunc, "replace": replaceFunc,
		"format": formatFunc, "setproduct": setproductFunc, "jsondecode": jsondecodeFunc,
		"one": oneFunc, "sum": sumFunc, "alltrue": boolReduceFunc(true), "anytrue": boolReduceFunc(false),
		"startswith": stringTestFunc(strings.HasPrefix), "endswith": stringTestFunc(strings.HasSuffix),
		"strcontains":  stringTestFunc(strings.Contains),
		"base64encode": stringFunc(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
		"base64decode": stringFunc(base64Decode),
		"urlencode":    stringFunc(func(s string) (string, error) { return url.QueryEscape(s), nil }),
		"basename":     stringFunc(func(s string) (string, error) { return path.Base(s), nil }),
		"dirname":      stringFunc(func(s string) (string, error) { return path.Dir(s), nil }),
		"md5":          hashFunc(md5.New, hex.EncodeToString), "sha1": hashFunc(sha1.New, hex.EncodeToString),
		"sha256": hashFunc(sha256.New, hex.EncodeToString), "sha512": hashFunc(sha512.New, hex.EncodeToString),
		"base64sha256": hashFunc(sha256.New, base64.StdEncoding.EncodeToString),
		"base64sha512": hashFunc(sha512.New, base64.StdEncoding.EncodeToString),
		"cidrhost":     cidrHostFunc, "cidrnetmask": cidrNetmaskFunc, "cidrsubnet": cidrSubnetFunc,
		"cidrsubnets": cidrSubnetsFunc,
		"yamlencode":  yamlencodeFunc, "yamldecode": yamldecodeFunc,
		"sensitive": identityFunc, "nonsensitive": identityFunc, "ephemeralasnull": identityFunc,
		"issensitive": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true}},
			Type:   function.StaticReturnType(cty.Bool),
			Impl:   func([]cty.Value, cty.Type) (cty.Value, error) { return cty.False, nil },
		}),
	}
	// Values only known at apply time, or from outside the configuration.
	for _, name := range []string{"timestamp", "plantimestamp", "uuid", "uuidv5", "bcrypt", "abspath",
		"pathexpand", "rsadecrypt", "fileset"} {
		fs[name] = unknownFunc
	}
	return fs
}

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

var unknownFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl:     func([]cty.Value, cty.Type) (cty.Value, error) { return cty.DynamicVal, nil },
})

// coalesce returns its first argument that is neither null nor "".
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		for _, a := range args {
			if !a.IsKnown() {
				return cty.DynamicVal, nil
			}
			if a.IsNull() || (a.Type() == cty.String && a.AsString() == "") {
				continue
			}
			return a, nil
		}
		return cty.NilVal, errors.New("no non-null, non-empty-string arguments")
	},
})

// index finds an element's position in a list (cty's index is element access).
var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}, {Name: "value", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		l := args[0]
		if !(l.Type().IsListType() || l.Type().IsTupleType()) {
			return cty.NilVal, errors.New("argument must be a list or tuple")
		}
		if !l.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		i := 0
		for it := l.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if eq, err := stdlib.Equal(e, args[1]); err == nil && eq.IsKnown() && eq.True() {
				return cty.NumberIntVal(int64(i)), nil
			}
		}
		return cty.NilVal, errors.New("item not found")
	},
})

// length counts collection elements or a string's characters.
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if v.Type() == cty.String {
			if !v.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			return stdlib.Strlen(v)
		}
		if v.Type().IsObjectType() {
			return cty.NumberIntVal(int64(len(v.Type().AttributeTypes()))), nil
		}
		return stdlib.Length(v)
	},
})

// replace replaces a substring, or a regular expression written /like this/.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.NilVal, err
			}
			if n := len(re.FindAllStringIndex(s, -1)); len(s)+n*len(rep) > maxStringLen {
				return cty.NilVal, errors.New("result too large")
			}
			return cty.StringVal(re.ReplaceAllString(s, rep)), nil
		}
		if sub != "" && len(s)+strings.Count(s, sub)*len(rep) > maxStringLen {
			return cty.NilVal, errors.New("result too large")
		}
		if sub == "" && len(s)*(len(rep)+1) > maxStringLen {
			return cty.NilVal, errors.New("result too large")
		}
		return cty.StringVal(strings.ReplaceAll(s, sub, rep)), nil
	},
})

// join is cty's join with the result bounded.
var joinFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "separator", Type: cty.String}},
	VarParam: &function.Parameter{Name: "lists", Type: cty.List(cty.String)},
	Type:     function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n := 0
		for _, l := range args[1:] {
			if !l.IsWhollyKnown() {
				return cty.UnknownVal(cty.String), nil
			}
			for it := l.ElementIterator(); it.Next(); {
				_, e := it.Element()
				if !e.IsNull() {
					n += len(e.AsString()) + len(args[0].AsString())
				}
			}
		}
		if n > maxStringLen {
			return cty.NilVal, errors.New("result too large")
		}
		return stdlib.Join(args[0], args[1:]...)
	},
})

// formatWidth finds widths and precisions in a format string.
var formatWidth = regexp.MustCompile(`%[-+# 0]*(\d+)?(?:\.(\d+))?`)

// format is cty's format with widths bounded.
var formatFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "format", Type: cty.String}},
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true},
	Type:     function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		for _, m := range formatWidth.FindAllStringSubmatch(args[0].AsString(), -1) {
			if len(m[1]) > 6 || len(m[2]) > 6 {
				return cty.NilVal, errors.New("format width too large")
			}
		}
		return stdlib.Format(args[0], args[1:]...)
	},
})

var setproductFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "sets", Type: cty.DynamicPseudoType},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n := 1
		for _, a := range args {
			ty := a.Type()
			if !a.IsKnown() || !(ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) {
				return cty.DynamicVal, nil
			}
			n *= max(a.LengthInt(), 1)
			if n > maxProduct {
				return cty.NilVal, errors.New("product too large")
			}
		}
		return stdlib.SetProduct(args...)
	},
})

// jsondecode bounds nesting before cty's recursive decoder sees the text.
var jsondecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		b := []byte(args[0].AsString())
		if checkJSONNesting(b, "") != nil {
			return cty.NilVal, errors.New("JSON nests too deep")
		}
		ty, err := ctyjson.ImpliedType(b)
		if err != nil {
			return cty.NilVal, err
		}
		return ctyjson.Unmarshal(b, ty)
	},
})

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		l := args[0]
		ty := l.Type()
		if !(ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) {
			return cty.NilVal, errors.New("must be a list, set or tuple")
		}
		if !l.IsKnown() {
			return cty.DynamicVal, nil
		}
		switch l.LengthInt() {
		case 0:
			if ty.IsTupleType() {
				return cty.NullVal(cty.DynamicPseudoType), nil
			}
			return cty.NullVal(ty.ElementType()), nil
		case 1:
			it := l.ElementIterator()
			it.Next()
			_, v := it.Element()
			return v, nil
		}
		return cty.NilVal, errors.New("must have no more than one element")
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		l := args[0]
		if !(l.Type().IsListType() || l.Type().IsSetType() || l.Type().IsTupleType()) || l.LengthInt() == 0 {
			return cty.NilVal, errors.New("must be a non-empty list or set of numbers")
		}
		if !l.IsWhollyKnown() {
			return cty.UnknownVal(cty.Number), nil
		}
		total := new(big.Float)
		for it := l.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n, err := convertValue(e, cty.Number)
			if err != nil || n.IsNull() {
				return cty.NilVal, errors.New("elements must be numbers")
			}
			total.Add(total, n.AsBigFloat())
		}
		return cty.NumberVal(total), nil
	},
})

func boolReduceFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			unknown := false
			for it := args[0].ElementIterator(); it.Next(); {
				_, e := it.Element()
				switch {
				case !e.IsKnown():
					unknown = true
				case e.IsNull():
					if all {
						return cty.False, nil
					}
				case e.True() != all:
					return cty.BoolVal(!all), nil
				}
			}
			if unknown {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(all), nil
		},
	})
}

func stringTestFunc(f func(s, x string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "x", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func stringFunc(f func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := f(args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(s), nil
		},
	})
}

func base64Decode(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", errors.New("the decoded bytes are not valid UTF-8")
	}
	return string(b), nil
}

func hashFunc(h func() hash.Hash, enc func([]byte) string) function.Function {
	return stringFunc(func(s string) (string, error) {
		d := h()
		d.Write([]byte(s))
		return enc(d.Sum(nil)), nil
	})
}

// functions is the table for one target: the pure functions and the ones
// that read files of the target's modules.
func (ev *evaluation) functions(pure map[string]function.Function) map[string]function.Function {
	fs := make(map[string]function.Function, len(pure)+8)
	for k, v := range pure {
		fs[k] = v
	}
	fs["file"] = ev.fileFunc(func(b []byte) (cty.Value, error) {
		if !utf8.Valid(b) {
			return cty.NilVal, errors.New("file is not valid UTF-8; use filebase64")
		}
		return cty.StringVal(string(b)), nil
	})
	fs["filebase64"] = ev.fileFunc(func(b []byte) (cty.Value, error) {
		return cty.StringVal(base64.StdEncoding.EncodeToString(b)), nil
	})
	for name, h := range map[string]func() hash.Hash{"filemd5": md5.New, "filesha1": sha1.New, "filesha256": sha256.New, "filesha512": sha512.New} {
		fs[name] = ev.fileFunc(func(b []byte) (cty.Value, error) {
			d := h()
			d.Write(b)
			return cty.StringVal(hex.EncodeToString(d.Sum(nil))), nil
		})
	}
	fs["filebase64sha256"] = ev.fileFunc(func(b []byte) (cty.Value, error) {
		d := sha256.Sum256(b)
		return cty.StringVal(base64.StdEncoding.EncodeToString(d[:])), nil
	})
	fs["fileexists"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			_, err := ev.readFile(args[0].AsString())
			if errors.Is(err, errOutside) {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(err == nil), nil
		},
	})
	fs[iterateFunc] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "collection", Type: cty.DynamicPseudoType,
			AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}},
		Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v := args[0]
			if v.IsKnown() && !v.IsNull() && v.CanIterateElements() {
				n := v.LengthInt()
				if ev.inDoc {
					// Evaluating again for a JSON document (partial.go): its
					// own budget, and past it the document is unknown.
					ev.docIterations += n
					if ev.docIterations > maxIterations {
						return cty.NilVal, errors.New("too many iterations in for expressions")
					}
					return v, nil
				}
				ev.iterations += n
				if ev.iterations > maxIterations {
					if ev.iterations-n <= maxIterations {
						// Reported once, so the target fails instead of passing on unknowns.
						ev.diags = append(ev.diags, fileDiag(ev.rootDir, fmt.Sprintf(
							"for expressions iterate more than %d times; paved stops evaluating them", maxIterations)))
					}
					return cty.NilVal, errors.New("too many iterations in for expressions")
				}
			}
			return v, nil
		},
	})
	fs["templatefile"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return ev.templateFile(args[0].AsString(), args[1], pure)
		},
	})
	return fs
}

func (ev *evaluation) fileFunc(f func([]byte) (cty.Value, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			b, err := ev.readFile(args[0].AsString())
			if err != nil {
				if errors.Is(err, errOutside) {
					return cty.UnknownVal(cty.String), nil
				}
				return cty.NilVal, err
			}
			return f(b)
		},
	})
}

var errOutside = errors.New("outside the module directories")

// readFile reads a file named by a configuration, relative to the root
// module as Terraform resolves it, only from inside the directory of a module
// this target reads. Anything else is unknown rather than read.
func (ev *evaluation) readFile(name string) ([]byte, error) {
	name = strings.ReplaceAll(name, "\\", "/")
	if path.IsAbs(name) {
		return nil, errOutside
	}
	p := path.Join(ev.rootDir, name)
	inside := false
	for _, m := range ev.modules {
		if m.dir == "." || strings.HasPrefix(p, m.dir+"/") {
			inside = true
			break
		}
	}
	if !inside || !fs.ValidPath(p) {
		return nil, errOutside
	}
	if b, ok := ev.reads[p]; ok {
		return b, nil
	}
	b, ok, diag := ev.ld.readFile(p, nil)
	if diag != nil || !ok {
		return nil, fmt.Errorf("cannot read %s", name)
	}
	if ev.reads == nil {
		ev.reads = map[string][]byte{}
	}
	ev.reads[p] = b
	return b, nil
}
