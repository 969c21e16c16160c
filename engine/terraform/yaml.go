package terraform

import (
	"encoding/json"
	"errors"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	"go.yaml.in/yaml/v3"

	"github.com/paved-dev/paved/internal/yamlnode"
)

// yamlencode and yamldecode go through JSON-native Go values; key order and
// quoting may differ from Terraform's encoder, which matters little to a
// policy reading the result.

var yamlencodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowNull: true}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if !args[0].IsWhollyKnown() {
			return cty.UnknownVal(cty.String), nil
		}
		v, _, ok := goValue(args[0], 0)
		if !ok {
			return cty.UnknownVal(cty.String), nil
		}
		b, err := yaml.Marshal(v)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(string(b)), nil
	},
})

var yamldecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "src", Type: cty.String}},
	Type:   function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		// Bounded like every YAML paved reads: an alias bomb or a deep
		// document is an error, not a run out of memory.
		root, err := yamlnode.Parse([]byte(args[0].AsString()))
		if err != nil {
			return cty.NilVal, err
		}
		b, err := json.Marshal(yamlnode.Value(root))
		if err != nil {
			return cty.NilVal, errors.New("YAML value has no JSON equivalent")
		}
		if checkJSONNesting(b, "") != nil {
			return cty.NilVal, errors.New("YAML nests too deep")
		}
		ty, err := ctyjson.ImpliedType(b)
		if err != nil {
			return cty.NilVal, err
		}
		return ctyjson.Unmarshal(b, ty)
	},
})
