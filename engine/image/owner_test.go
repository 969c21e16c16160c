package image

import (
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

func TestOwnerLabel(t *testing.T) {
	for _, c := range []struct {
		labels map[string]string
		want   string
	}{
		{nil, ""},
		{map[string]string{"team": "payments", "owner": " @acme/web "}, "@acme/web"},
		{map[string]string{"team": "payments", "dev.paved.owner": "@acme/platform", "owner": "x"}, "@acme/platform"},
		{map[string]string{"team": "payments"}, "payments"},
		{map[string]string{"owner": "  "}, ""},
	} {
		if got := ownerLabel(&v1.ConfigFile{Config: v1.Config{Labels: c.labels}}); got != c.want {
			t.Errorf("%v: %q, want %q", c.labels, got, c.want)
		}
	}
	if ownerLabel(nil) != "" {
		t.Error("no config has an owner")
	}
}
