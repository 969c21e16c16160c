package engine

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSeeAlsoParsed(t *testing.T) {
	src := strings.Replace(bucketPolicy, "#   remediation:", "#   related: [CKV_AWS_1]\n#   see_also: [AVD-AWS-0001, CKV_AWS_2]\n#   remediation:", 1)
	ps := loadTest(t, map[string]string{"a.rego": src})
	p := ps.Policies[0]
	if !slices.Equal(p.Related, []string{"CKV_AWS_1"}) || !slices.Equal(p.SeeAlso, []string{"AVD-AWS-0001", "CKV_AWS_2"}) {
		t.Fatalf("related %v, see_also %v", p.Related, p.SeeAlso)
	}
	var b strings.Builder
	if err := WritePolicyDocs(&b, ps.Policies); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "- See also (not equivalent): AVD-AWS-0001, CKV_AWS_2\n") {
		t.Fatalf("docs lack the see-also line:\n%s", b.String())
	}
}

func TestSeeAlsoValidated(t *testing.T) {
	for name, repl := range map[string]string{
		"in both custom.related and custom.see_also": "#   related: [CKV_AWS_1]\n#   see_also: [CKV_AWS_1]\n#   remediation:",
		"custom.see_also must be a list":             "#   see_also: CKV_AWS_1\n#   remediation:",
	} {
		src := strings.Replace(bucketPolicy, "#   remediation:", repl, 1)
		_, err := LoadPolicies(context.Background(), LoadOptions{}, PolicySource{Name: "p", FS: fstest.MapFS{"a.rego": {Data: []byte(src)}}})
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("want an error saying %q, got %v", name, err)
		}
	}
}
