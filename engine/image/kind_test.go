package image

import "testing"

func TestSuggestReference(t *testing.T) {
	l := &Loader{}
	for arg, want := range map[string]string{
		"alpine:3.20":          "an image? name it image://alpine:3.20",
		"ghcr.io/acme/app:1.4": "an image? name it image://ghcr.io/acme/app:1.4",
		"registry.example:5000/app@sha256:0123456789012345678901234567890123456789012345678901234567890123": "an image? name it image://registry.example:5000/app@sha256:0123456789012345678901234567890123456789012345678901234567890123",
		"missing.tf":          "",
		"infra/stack":         "",
		"C:/infra/main.tf":    "",
		`C:\infra\main.tf`:    "",
		"image://alpine:3.20": "",
		"Not A Reference:1":   "",
	} {
		if got := l.SuggestReference(arg); got != want {
			t.Errorf("%q: %q, want %q", arg, got, want)
		}
	}
}
