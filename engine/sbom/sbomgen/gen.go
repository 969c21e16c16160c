// Package sbomgen builds large CycloneDX JSON SBOMs from real ones, for
// benchmarks and scale tests: the components of every CycloneDX JSON SBOM
// in a directory are repeated, each copy with its own name, purl, bom-ref
// and hashes, until the document holds the components asked for. Licences,
// types, scopes, external references and properties are kept as written;
// each source's dependency graph is repeated over its copies; a real
// vulnerability (from the VEX examples, when present) affects one component
// in a hundred.
package sbomgen

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/package-url/packageurl-go"
)

// source is one real SBOM's components and dependency graph.
type source struct {
	name       string
	components []map[string]any
	deps       []map[string]any
}

// Generate returns a CycloneDX 1.4 JSON SBOM of n components built from
// the CycloneDX JSON SBOMs in dir (vulnerabilities from dir/vex when it
// exists). The output depends only on dir's content and n.
func Generate(dir string, n int) ([]byte, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var srcs []source
	var meta any
	for _, f := range files {
		doc, err := readJSON(f)
		if err != nil {
			return nil, err
		}
		if doc["bomFormat"] != "CycloneDX" {
			continue
		}
		s := source{name: filepath.Base(f)}
		for _, c := range list(doc["components"]) {
			if m, ok := c.(map[string]any); ok {
				s.components = append(s.components, m)
			}
		}
		for _, d := range list(doc["dependencies"]) {
			if m, ok := d.(map[string]any); ok {
				s.deps = append(s.deps, m)
			}
		}
		if len(s.components) == 0 {
			continue
		}
		srcs = append(srcs, s)
		if meta == nil || doc["specVersion"] == "1.4" {
			meta = doc["metadata"]
		}
	}
	if len(srcs) == 0 {
		return nil, fmt.Errorf("no CycloneDX JSON SBOM with components in %s", dir)
	}
	vulns := vulnerabilities(filepath.Join(dir, "vex"))

	comps := make([]any, 0, n)
	var deps, vs []any
	for round := 0; len(comps) < n; round++ {
		for i, s := range srcs {
			if len(comps) == n {
				break
			}
			refs := map[string]string{}
			take := min(len(s.components), n-len(comps))
			for _, c := range s.components[:take] {
				nc := replicate(c, round*len(srcs)+i)
				if r, _ := c["bom-ref"].(string); r != "" {
					refs[r] = nc["bom-ref"].(string)
				}
				if len(vulns) > 0 && len(comps)%100 == 0 {
					v := clone(vulns[len(comps)/100%len(vulns)]).(map[string]any)
					v["affects"] = []any{map[string]any{"ref": nc["bom-ref"]}}
					vs = append(vs, v)
				}
				comps = append(comps, nc)
			}
			for _, d := range s.deps {
				ref, ok := refs[str(d["ref"])]
				if !ok {
					continue
				}
				on := []any{}
				for _, o := range list(d["dependsOn"]) {
					if r, ok := refs[str(o)]; ok {
						on = append(on, r)
					}
				}
				deps = append(deps, map[string]any{"ref": ref, "dependsOn": on})
			}
		}
	}
	out := map[string]any{
		"$schema":      "http://cyclonedx.org/schema/bom-1.4.schema.json",
		"bomFormat":    "CycloneDX",
		"specVersion":  "1.4",
		"serialNumber": "urn:uuid:5e3c0f4e-1f5a-4c2b-9a51-" + fmt.Sprintf("%012d", n),
		"version":      1,
		"components":   comps,
		"dependencies": deps,
	}
	if meta != nil {
		out["metadata"] = meta
	}
	if len(vs) > 0 {
		out["vulnerabilities"] = vs
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// replicate makes copy k of a component: copy 0 is the component itself;
// the others get "-k" on the name (and so on purl and bom-ref) and hashes
// derived from the original ones, of the same algorithm and length. Copies
// are numbered across sources, so that a component two sources share is
// not repeated (the schema wants components unique).
func replicate(c map[string]any, k int) map[string]any {
	nc := clone(c).(map[string]any)
	delete(nc, "components")
	if k == 0 {
		return nc
	}
	suffix := "-" + strconv.Itoa(k)
	name := str(c["name"])
	nc["name"] = name + suffix
	purl := str(c["purl"])
	if p, err := packageurl.FromString(purl); err == nil {
		p.Name += suffix
		nc["purl"] = p.ToString()
	}
	switch ref := str(c["bom-ref"]); {
	case ref == "":
	case ref == purl && nc["purl"] != purl:
		nc["bom-ref"] = nc["purl"]
	default:
		nc["bom-ref"] = ref + suffix
	}
	for _, h := range list(nc["hashes"]) {
		if m, ok := h.(map[string]any); ok {
			m["content"] = derive(str(m["content"]), suffix)
		}
	}
	return nc
}

// derive is a hex digest as long as orig, determined by orig and salt.
func derive(orig, salt string) string {
	var out strings.Builder
	seed := []byte(orig + salt)
	for out.Len() < len(orig) {
		sum := sha512.Sum512(seed)
		out.WriteString(hex.EncodeToString(sum[:]))
		seed = sum[:]
	}
	return out.String()[:len(orig)]
}

// vulnerabilities are the real vulnerability records of the VEX examples,
// without what ties them to their own documents.
func vulnerabilities(dir string) []any {
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	slices.Sort(files)
	var out []any
	seen := map[string]bool{}
	for _, f := range files {
		doc, err := readJSON(f)
		if err != nil {
			continue
		}
		for _, v := range list(doc["vulnerabilities"]) {
			m, ok := v.(map[string]any)
			if !ok || seen[str(m["id"])] {
				continue
			}
			seen[str(m["id"])] = true
			m = clone(m).(map[string]any)
			delete(m, "bom-ref")
			out = append(out, m)
		}
	}
	return out
}

func readJSON(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc == nil {
		return nil, errors.New(path + ": not a JSON object")
	}
	return doc, nil
}

func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = clone(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = clone(e)
		}
		return s
	}
	return v
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
