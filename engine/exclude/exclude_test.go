package exclude

import "testing"

func TestMatch(t *testing.T) {
	m := New([]string{"testdata/", "examples/**/insecure-*", "*.gen.tf", "!keep.gen.tf"})
	cases := []struct {
		path  string
		isDir bool
		want  bool
	}{
		{"engine/terraform/testdata", true, true},
		{"testdata", true, true},
		{"testdata", false, false}, // a file named testdata: the pattern is for directories
		{"examples/terraform/insecure-stack", true, true},
		{"examples/terraform/compliant-stack", true, false},
		{"infra/main.gen.tf", false, true},
		{"infra/keep.gen.tf", false, false},
		{"infra/main.tf", false, false},
		{".", true, false},
	}
	for _, c := range cases {
		if got := m.Match(c.path, c.isDir); got != c.want {
			t.Errorf("Match(%q, %v) = %v, want %v", c.path, c.isDir, got, c.want)
		}
	}
	var none *Matcher
	if none.Match("anything", false) || New(nil) != nil {
		t.Error("no patterns exclude nothing")
	}
}
