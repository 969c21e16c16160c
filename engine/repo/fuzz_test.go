package repo

import (
	"encoding/json"
	"testing"
)

func FuzzWorkflow(f *testing.F) {
	for _, s := range []string{
		"on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo ${{ github.head_ref }}\n",
		"on: [push, pull_request]\npermissions: read-all\njobs: {a: {uses: o/r/.github/workflows/x.yml@main}}\n",
		"a: &a [1, 2]\nb: [*a, *a]\n<<: {c: 1}\n",
		"on:\n  pull_request_target:\n    types: [opened]\n",
		"jobs:\n  x:\n    steps: [\n",
		"- 1\n- 2\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		wf, err := parseWorkflow(src)
		if err != nil {
			if _, ok := err.(*yamlError); !ok {
				t.Fatalf("error %T %v", err, err)
			}
			return
		}
		if _, err := json.Marshal(wf); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzCodeowners(f *testing.F) {
	for _, s := range []string{
		"* @acme/platform\n/docs/ docs@example.com # comment\n",
		"[Section] @x\n\\#file @y\npath\\ with\\ space @z\n",
		"/src/** @a\n*.go bad-owner\n",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		rules, errs := parseCodeowners(src)
		defaultOwners(rules)
		uncovered(rules, []topEntry{{"src", true}, {"go.mod", false}})
		if _, err := json.Marshal(map[string]any{"r": rules, "e": errs}); err != nil {
			t.Fatal(err)
		}
	})
}
