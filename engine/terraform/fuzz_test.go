package terraform

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/paved-dev/paved/engine"
)

// FuzzLoad feeds arbitrary text to the HCL loader as main.tf of a module
// that also has a child module and a variables file. It must never panic,
// hang or return a value the engine cannot take.
func FuzzLoad(f *testing.F) {
	for _, dir := range []string{"testdata/expand", "testdata/s3split", "testdata/settings", "testdata/modules", "testdata/vars"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tf") {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err == nil {
					f.Add(string(b))
				}
			}
		}
	}
	f.Add(`resource "a" "b" { count = 3 dynamic "x" { for_each = range(2) content { v = x.value } } }`)
	f.Add("locals {\n a = local.b\n b = local.a\n}\n")
	f.Add("module \"m\" {\n  source = \"./child\"\n  for_each = {a = 1}\n  v = each.value\n}\n")
	f.Add("x = \"${\"${\"${1}\"}\"}\"\n%{ if true }")
	f.Add("resource \"a\" \"b\" {\n  v = <<EOT\n${var.x}\nEOT\n}\n")
	f.Add("resource \"a\" \"b\" {\n  p = <<EOT\n{\"S\": [\"${c.d.e}\", \"*\", ${c.d.f}]}\nEOT\n  q = jsonencode({a = [c.d.e, \"*\"]})\n  r = False\n}\n")
	f.Add("locals {\n  p = jsonencode({a = module.m.o})\n}\nmodule \"m\" {\n  source = \"./child\"\n  v = local.p\n}\nresource \"a\" \"b\" {\n  p = try(local.p, null)\n  q = module.m.nope\n}\n")
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{
			"main.tf":          {Data: []byte(src)},
			"child/main.tf":    {Data: []byte("variable \"v\" {}\nresource \"c\" \"d\" {\n  v = var.v\n}\noutput \"o\" {\n  value = var.v\n}\n")},
			"terraform.tfvars": {Data: []byte("x = 1\n")},
		}
		ts, err := watchdog(t, func() ([]*engine.Target, error) {
			return New(Options{Logger: discard}).LoadFS(context.Background(), fsys, ".", ".")
		})
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("internal error: %v", err)
		}
		for _, tg := range ts {
			checkJSONNative(t, tg.Input, "input")
		}
	})
}

// FuzzPlan feeds arbitrary bytes to plan detection and loading.
func FuzzPlan(f *testing.F) {
	if b, err := os.ReadFile("testdata/plan/plan.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","type":"a","name":"b","values":{"x":null}}]}}}`))
	f.Add([]byte(`{"format_version":"1","resource_changes":[{"address":"x","change":{"actions":["delete"],"after_unknown":[true]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		isPlan := IsPlan(b)
		fsys := fstest.MapFS{"plan.json": {Data: b}}
		ts, err := watchdog(t, func() ([]*engine.Target, error) {
			return New(Options{Logger: discard}).LoadFS(context.Background(), fsys, "plan.json", "plan.json")
		})
		if !isPlan && len(ts) > 0 {
			t.Fatal("loaded something IsPlan rejects")
		}
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatal(err)
		}
		for _, tg := range ts {
			checkJSONNative(t, tg.Input, "input")
		}
	})
}

// watchdog fails the fuzz case, with every goroutine's stack, when a load
// runs for more than 10 seconds: a hang is a bug like a panic.
func watchdog(t *testing.T, load func() ([]*engine.Target, error)) ([]*engine.Target, error) {
	t.Helper()
	type result struct {
		ts  []*engine.Target
		err error
	}
	done := make(chan result, 1)
	go func() {
		ts, err := load()
		done <- result{ts, err}
	}()
	select {
	case r := <-done:
		return r.ts, r.err
	case <-time.After(10 * time.Second):
		buf := make([]byte, 1<<20)
		t.Fatalf("load hangs:\n%s", buf[:runtime.Stack(buf, true)])
		return nil, nil
	}
}
