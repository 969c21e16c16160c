package engine

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"golang.org/x/sync/errgroup"
)

// parallelInput is the length from which a top-level array of the input
// converts on every core: an SBOM's 50,000 components took over a second on
// one.
const parallelInput = 4096

// Valuer is a part of a target's Input that makes its own OPA value: a
// loader's typed records (an SBOM's components) convert faster that way
// than through Go maps. Its JSON encoding must be the same document.
type Valuer interface {
	ASTValue() ast.Value
}

// inputValue converts a target's input document to an OPA value, as
// ast.InterfaceToValue does, with its big top-level arrays converted in
// chunks side by side. With consume, the elements of those arrays are
// dropped from in as they are converted, so a big input is not held twice
// at its peak.
func inputValue(in map[string]any, workers int, consume bool) (ast.Value, error) {
	cv := newConverter()
	kvs := make([][2]*ast.Term, 0, len(in))
	for k, v := range in {
		var val ast.Value
		var err error
		if a, ok := v.([]any); ok && len(a) >= parallelInput && workers > 1 {
			val, err = arrayValue(a, workers, consume)
		} else {
			val, err = cv.value(v)
		}
		if err != nil {
			return nil, err
		}
		kvs = append(kvs, [2]*ast.Term{cv.key(k), ast.NewTerm(val)})
	}
	return ast.NewObject(kvs...), nil
}

func arrayValue(a []any, workers int, consume bool) (ast.Value, error) {
	terms := make([]*ast.Term, len(a))
	size := (len(a) + workers - 1) / workers
	var g errgroup.Group
	for lo := 0; lo < len(a); lo += size {
		hi := min(lo+size, len(a))
		g.Go(func() error {
			cv := newConverter()
			for i := lo; i < hi; i++ {
				v, err := cv.value(a[i])
				if err != nil {
					return err
				}
				terms[i] = ast.NewTerm(v)
				if consume {
					a[i] = nil
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return ast.NewArray(terms...), nil
}

// converter turns JSON-native Go values into OPA values as
// ast.InterfaceToValue does, but makes the term of each object key once:
// inputs repeat a few keys over and over (27 in each of an SBOM's 50,000
// components), and a term per occurrence was a quarter of the conversion.
// Terms are immutable once built, so objects may share them.
type converter struct {
	keys map[string]*ast.Term
}

func newConverter() *converter { return &converter{keys: map[string]*ast.Term{}} }

// maxKeys bounds the cache: keys beyond it are made as they come.
const maxKeys = 4096

func (cv *converter) key(k string) *ast.Term {
	if t, ok := cv.keys[k]; ok {
		return t
	}
	t := ast.InternedTerm(k)
	if len(cv.keys) < maxKeys {
		cv.keys[k] = t
	}
	return t
}

func (cv *converter) value(x any) (ast.Value, error) {
	switch x := x.(type) {
	case map[string]any:
		kvs := make([][2]*ast.Term, 0, len(x))
		terms := make([]ast.Term, len(x)) // one allocation for the values' terms
		i := 0
		for k, v := range x {
			val, err := cv.value(v)
			if err != nil {
				return nil, err
			}
			terms[i].Value = val
			kvs = append(kvs, [2]*ast.Term{cv.key(k), &terms[i]})
			i++
		}
		return ast.NewObject(kvs...), nil
	case Valuer:
		return x.ASTValue(), nil
	case []any:
		terms := make([]ast.Term, len(x))
		ptrs := make([]*ast.Term, len(x))
		for i, e := range x {
			val, err := cv.value(e)
			if err != nil {
				return nil, err
			}
			terms[i].Value = val
			ptrs[i] = &terms[i]
		}
		return ast.NewArray(ptrs...), nil
	}
	return ast.InterfaceToValue(x)
}
