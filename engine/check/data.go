package check

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/paved-dev/paved/engine"
	"sigs.k8s.io/yaml"
)

// maxDataFile bounds a --data file.
const maxDataFile = 16 << 20

// LoadData reads JSON or YAML parameter files and merges their top-level
// keys in order (later files win). Policies see the result as data.params.
func LoadData(paths []string) (map[string]any, error) {
	out := map[string]any{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		b, err := engine.ReadAllLimit(f, maxDataFile)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		js, err := yaml.YAMLToJSON(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		var m map[string]any
		if err := json.Unmarshal(js, &m); err != nil {
			return nil, fmt.Errorf("%s: want a mapping of parameter names to values: %w", p, err)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, nil
}
