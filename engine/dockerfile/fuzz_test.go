package dockerfile

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/paved-dev/paved/engine"
)

// FuzzParse feeds arbitrary text to Parse. It must never panic or hang,
// and what it returns is either a target whose document the engine can
// take, or diagnostics.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"testdata/golden/*.Dockerfile", "testdata/tree/*/*", "testdata/tree/Dockerfile"} {
		names, _ := filepath.Glob(glob)
		for _, n := range names {
			if b, err := os.ReadFile(n); err == nil {
				f.Add(string(b))
			}
		}
	}
	f.Add("# escape=`\nFROM a\nRUN echo `\n  b\n")
	f.Add("FROM a AS b\nFROM b AS c\nFROM c\nUSER root\n")
	f.Add("ARG X=${Y:-z}\nFROM ${X/a/b}:${X%%.*}\n")
	f.Add("FROM a\nONBUILD ONBUILD RUN x\nCOPY <<A <<B /\na\nA\nb\nB\n")
	f.Add("FROM a\nENV a=\"b\\\"c\" d='e f' g=$h\nLABEL x\n")
	f.Fuzz(func(t *testing.T, src string) {
		done := make(chan struct{})
		var tg *engine.Target
		var err error
		go func() {
			defer close(done)
			tg, err = Parse("Dockerfile", []byte(src))
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			buf := make([]byte, 1<<20)
			t.Fatalf("Parse hangs:\n%s", buf[:runtime.Stack(buf, true)])
		}
		if (tg == nil) == (err == nil) {
			t.Fatalf("target %v with error %v", tg, err)
		}
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatal(err)
			}
			return
		}
		checkJSONNative(t, tg.Input, "input")
		if _, err := ast.InterfaceToValue(tg.Input); err != nil {
			t.Fatal(err)
		}
		if len(tg.Resources) != len(tg.Input["stages"].([]any)) {
			t.Fatal("one resource per stage")
		}
	})
}
