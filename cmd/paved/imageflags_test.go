package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/random"

	"github.com/paved-dev/paved/engine"
)

// The image flags reach the loader: --no-image-fs turns the walk off (the
// file policies warn), --image-max-entries cuts it short (they block,
// naming the bound), a malformed --platform or an unreadable --trusted-key
// is a usage error.
func TestCheckImageFlags(t *testing.T) {
	dir := t.TempDir()
	randomLayout(t, filepath.Join(dir, "layout"), 3)
	t.Chdir(dir)
	secrets := func(args ...string) engine.Result {
		t.Helper()
		code, out, errs := paved(t, append([]string{"check", "oci:layout", "--no-base-lookup", "-f", "json", "--config", "none"}, args...)...)
		if code == 2 {
			t.Fatalf("%v: exit 2: %s", args, errs)
		}
		for _, r := range jsonReport(t, out).Results {
			if r.Policy.ID == "IMG-009" {
				return r
			}
		}
		t.Fatalf("%v: no IMG-009 result", args)
		return engine.Result{}
	}
	if r := secrets(); r.Status != engine.StatusPass {
		t.Errorf("walked in full: IMG-009 %s: %s", r.Status, r.Message)
	}
	if r := secrets("--no-image-fs"); r.Status != engine.StatusWarn || !strings.Contains(r.Message, "turned off") {
		t.Errorf("--no-image-fs: IMG-009 %s: %s", r.Status, r.Message)
	}
	if r := secrets("--image-max-entries", "1"); r.Status != engine.StatusFail || !strings.Contains(r.Message, "could not read its whole file system") {
		t.Errorf("--image-max-entries 1: IMG-009 %s: %s", r.Status, r.Message)
	}
	if code, _, errs := paved(t, "check", "oci:layout", "--platform", "linux"); code != 2 || !strings.Contains(errs, "--platform") {
		t.Errorf("a malformed --platform: exit %d: %s", code, errs)
	}
	if code, _, errs := paved(t, "check", "oci:layout", "--no-base-lookup", "--trusted-key", "missing.pub"); code != 2 || !strings.Contains(errs, "trusted key") {
		t.Errorf("an unreadable --trusted-key: exit %d: %s", code, errs)
	}
}

// randomLayout writes an OCI layout at dir holding one random image of
// layers layers (one file each).
func randomLayout(t *testing.T, dir string, layers int64) {
	t.Helper()
	img, err := random.Image(256, layers)
	if err != nil {
		t.Fatal(err)
	}
	lp, err := layout.Write(dir, empty.Index)
	if err == nil {
		err = lp.AppendImage(img)
	}
	if err != nil {
		t.Fatal(err)
	}
}
