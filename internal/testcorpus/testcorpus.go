// Package testcorpus finds, for tests, the real-world corpus and the
// published schemas that live beside the repository in ../shared (see
// ../shared/corpus/README.md and ../shared/schemas/README.md): data too
// big or too foreign to copy into testdata/. They are found from the
// module root, wherever the test runs. A test that needs one skips, saying
// so, when it is absent, or fails under PAVED_REQUIRE_SERVICES=1 (testenv);
// .ci/run also refuses to start without them.
package testcorpus

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/paved-dev/paved/internal/testenv"
)

// Path is ../shared/<rel> beside the module root, whether or not it is
// there ("" when no go.mod is found above the working directory). Most
// tests want Dir or Schema, which skip when it is absent.
func Path(rel string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared", filepath.FromSlash(rel))
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Dir is the corpus directory ../shared/corpus/<sub> (sbom, terraform). It
// skips tb when the directory is absent.
func Dir(tb testing.TB, sub string) string {
	tb.Helper()
	return find(tb, "corpus/"+sub)
}

// Schema is the published schema ../shared/schemas/<name> (a file, such
// as schemastore/sarif-2.1.0.json, or a folder). It skips tb when it is
// absent.
func Schema(tb testing.TB, name string) string {
	tb.Helper()
	return find(tb, "schemas/"+name)
}

func find(tb testing.TB, rel string) string {
	tb.Helper()
	p := Path(rel)
	if p == "" {
		testenv.Missing(tb, "../shared/%s not found: no go.mod above the working directory", rel)
	}
	if _, err := os.Stat(p); err != nil {
		testenv.Missing(tb, "../shared/%s not found beside the module root (%v)", rel, err)
	}
	return p
}
