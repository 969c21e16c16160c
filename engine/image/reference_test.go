package image

import (
	"testing"
)

func TestParseReference(t *testing.T) {
	exists := func(p string) bool {
		return map[string]bool{"build/layout": true, "out/app.tar": true, "dir:with:colons": true}[p]
	}
	for _, c := range []struct {
		arg       string
		source    Source
		tag, path string
		err       bool
	}{
		{arg: "image://r.example/acme/app:1.4", source: SourceRegistry, tag: "1.4"},
		{arg: "image://r.example/acme/app", source: SourceRegistry, tag: "latest"},
		{arg: "image://r.example/acme/app@sha256:" + hex64, source: SourceRegistry},
		{arg: "image://r.example/acme/app:1.4@sha256:" + hex64, source: SourceRegistry, tag: "1.4"},
		{arg: "image://localhost:5000/app", source: SourceRegistry, tag: "latest"},
		{arg: "image://alpine", source: SourceRegistry, tag: "latest"},
		{arg: "image://", err: true},
		{arg: "image://r.example/UPPER", err: true},
		{arg: "oci:build/layout", source: SourceLayout, path: "build/layout"},
		{arg: "oci:build/layout:1.4", source: SourceLayout, path: "build/layout", tag: "1.4"},
		{arg: "oci:build/layout:r.example/app:1.4", source: SourceLayout, path: "build/layout", tag: "r.example/app:1.4"},
		{arg: "oci:dir:with:colons", source: SourceLayout, path: "dir:with:colons"},
		{arg: "oci:missing:1", source: SourceLayout, path: "missing", tag: "1"},
		{arg: "oci:", err: true},
		{arg: "oci::1", err: true},
		{arg: "docker-archive:out/app.tar", source: SourceArchive, path: "out/app.tar"},
		{arg: "docker-archive:out/app.tar:app:1", source: SourceArchive, path: "out/app.tar", tag: "app:1"},
		{arg: "docker:app", err: true},
	} {
		r, err := parseReference(c.arg, exists)
		if (err != nil) != c.err {
			t.Errorf("%s: error %v", c.arg, err)
			continue
		}
		if err != nil {
			continue
		}
		if r.Source != c.source || r.Tag != c.tag || r.Path != c.path || r.Raw != c.arg {
			t.Errorf("%s: %+v", c.arg, r)
		}
	}
}

const hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestParsePlatform(t *testing.T) {
	for s, ok := range map[string]bool{"linux/amd64": true, "linux/arm/v7": true, "linux": false, "": false, "linux/arm64/v8/x": false, "windows/amd64:10.0": false} {
		if _, err := ParsePlatform(s); (err == nil) != ok {
			t.Errorf("%q: %v", s, err)
		}
	}
}
