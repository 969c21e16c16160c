package terraform

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{
			"main.tf":          {Data: []byte(src)},
			"child/main.tf":    {Data: []byte("variable \"v\" {}\nresource \"c\" \"d\" {\n  v = var.v\n}\noutput \"o\" {\n  value = var.v\n}\n")},
			"terraform.tfvars": {Data: []byte("x = 1\n")},
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		ts, err := New(Options{}).loadFS(ctx, fsys, ".", ".")
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
		ts, err := New(Options{}).loadFS(context.Background(), fsys, "plan.json", "plan.json")
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
