package terraform

import (
	"slices"
	"strings"
	"testing"
)

func TestPlan(t *testing.T) {
	ts := loadDir(t, "testdata/plan/plan.json", Options{})
	if len(ts) != 1 {
		t.Fatalf("%d targets", len(ts))
	}
	tg := ts[0]
	if tg.ID != "plan.json" || tg.Kind != "terraform" || at(tg.Input, "source") != "plan" {
		t.Fatalf("target %q kind %q source %v", tg.ID, tg.Kind, at(tg.Input, "source"))
	}
	const enc = "aws_s3_bucket_server_side_encryption_configuration.logs"
	runChecks(t, tg, []check{
		{addr: "aws_s3_bucket.logs", path: []any{"values", "bucket"}, want: "acme-prod-logs"},
		{addr: "aws_s3_bucket.logs", path: []any{"values", "bucket_prefix"}, absent: true},
		{addr: "aws_s3_bucket.logs", path: []any{"unknown", "arn"}, want: true},
		{addr: "aws_s3_bucket.logs", path: []any{"unknown", "tags"}, absent: true},
		{addr: "aws_s3_bucket.logs", path: []any{"file"}, want: "plan.json"},
		{addr: "aws_s3_bucket.logs", path: []any{"line"}, want: 0},
		{addr: enc, path: []any{"values", "bucket"}, absent: true},
		{addr: enc, path: []any{"unknown", "bucket"}, want: true},
		{addr: enc, path: []any{"references", "bucket"}, want: []any{"aws_s3_bucket.logs"}},
		{addr: enc, path: []any{"references", "rule"}, want: []any{"aws_kms_key.logs"}},
		{addr: enc, path: []any{"unknown", "rule", 0, "apply_server_side_encryption_by_default", 0, "kms_master_key_id"}, want: true},
		{addr: enc, path: []any{"values", "rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"}, want: "aws:kms"},
		{addr: "module.db.aws_db_instance.this[0]", path: []any{"module"}, want: "module.db"},
		{addr: "module.db.aws_db_instance.this[0]", path: []any{"base_address"}, want: "module.db.aws_db_instance.this"},
		{addr: "module.db.aws_db_instance.this[0]", path: []any{"index"}, want: 0},
		{addr: "module.db.aws_db_instance.this[0]", path: []any{"values", "storage_encrypted"}, want: true},
		{addr: "module.db.aws_db_instance.this[0]", path: []any{"unknown", "kms_key_id"}, want: true},
		{addr: "module.db.aws_db_instance.this[0]", path: []any{"references", "db_subnet_group_name"}, want: []any{"module.db.aws_db_subnet_group.this[0]", "module.db.aws_db_subnet_group.this"}},
		{addr: "module.db.aws_db_instance.this[0]", path: []any{"references", "kms_key_id"}, absent: true},
		{addr: "data.aws_iam_policy_document.logs", path: []any{"mode"}, want: "data"},
		{addr: "data.aws_iam_policy_document.logs", path: []any{"references", "statement"}, want: []any{"aws_s3_bucket.logs"}},
	})
	if findResource(tg, "aws_s3_bucket.legacy") != nil {
		t.Error("a resource being deleted is examined")
	}
	wantCall := map[string]any{"address": "module.db", "name": "db", "source": "terraform-aws-modules/rds/aws",
		"version": "~> 6.0", "kind": "registry", "resolved": true, "file": "plan.json", "line": 0}
	if c := at(tg.Input, "module_calls", 0); !jsonEqual(c, wantCall) {
		t.Errorf("module call %s, want %s", js(c), js(wantCall))
	}
	if p := at(tg.Input, "terraform_blocks", 0, "required_providers", "aws"); !jsonEqual(p, map[string]any{"source": "hashicorp/aws", "version": ">= 5.0"}) {
		t.Errorf("required aws: %s", js(p))
	}
	if p := at(tg.Input, "terraform_blocks", 1); at(p, "module") != "module.db" || at(p, "required_providers", "aws", "version") != ">= 5.62" {
		t.Errorf("module terraform block: %s", js(p))
	}
	if p := at(tg.Input, "providers", 0, "config"); !jsonEqual(p, map[string]any{"region": "eu-west-1", "default_tags": []any{map[string]any{"tags": map[string]any{"Owner": "platform"}}}}) {
		t.Errorf("provider config: %s", js(p))
	}
	var types []string
	for _, r := range tg.Resources {
		types = append(types, r.Type+" "+r.Address)
	}
	for _, want := range []string{"terraform terraform", "terraform module.db.terraform", "module module.db", "aws_db_instance module.db.aws_db_instance.this[0]"} {
		if !slices.Contains(types, want) {
			t.Errorf("Resources lack %q: %v", want, types)
		}
	}
	checkJSONNative(t, tg.Input, "input")
	golden(t, "plan", tg.Input)
}

func TestIsPlan(t *testing.T) {
	plan := mustRead(t, "testdata/plan/plan.json")
	for _, tt := range []struct {
		name string
		in   string
		want bool
	}{
		{"plan", plan, true},
		{"minimal", `{"format_version":"1.2","planned_values":{}}`, true},
		{"changes only", ` {"format_version":"1.2","resource_changes":[]}`, true},
		{"state, not plan", `{"format_version":"1.0","values":{}}`, false},
		{"package.json", `{"name":"x","version":"1.0.0"}`, false},
		{"array", `[{"format_version":"1","planned_values":{}}]`, false},
		{"wrong types", `{"format_version":1,"planned_values":[]}`, false},
		{"truncated", plan[:len(plan)/2], false},
		{"nested only", `{"x":{"format_version":"1","planned_values":{}}}`, false},
		{"empty", ``, false},
	} {
		if got := IsPlan([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: IsPlan = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPlanEdges(t *testing.T) {
	// Keys with dots and brackets, deletions listed in planned values,
	// nested module instances, nulls inside blocks.
	ts, err := loadFiles(t, map[string]string{"p.json": `{
  "format_version": "1.2",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_x.a[\"k.1\"]", "mode": "managed", "type": "aws_x", "name": "a", "index": "k.1",
       "values": {"blk": [{"x": null, "y": 1}]}},
      {"address": "aws_x.gone", "mode": "managed", "type": "aws_x", "name": "gone", "values": {}}
    ],
    "child_modules": [{"address": "module.m[\"a\"]", "child_modules": [{"address": "module.m[\"a\"].module.n[0]",
      "resources": [{"address": "module.m[\"a\"].module.n[0].aws_y.b", "mode": "managed", "type": "aws_y", "name": "b", "values": {}}]}]}]
  }},
  "resource_changes": [{"address": "aws_x.gone", "change": {"actions": ["delete"]}}],
  "configuration": {"root_module": {
    "resources": [{"address": "aws_x.a", "type": "aws_x", "name": "a", "mode": "managed", "expressions": {}}],
    "module_calls": {"m": {"source": "./m", "module": {"module_calls": {"n": {"source": "../n", "module": {
      "resources": [{"address": "aws_y.b", "mode": "managed", "type": "aws_y", "name": "b",
        "expressions": {"v": {"references": ["aws_y.c.id", "aws_y.c", "var.x", "module.z.out"]}}},
        {"address": "aws_y.c", "mode": "managed", "type": "aws_y", "name": "c"}]}}}}}}
  }}
}`}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tg := ts[0]
	runChecks(t, tg, []check{
		{addr: `aws_x.a["k.1"]`, path: []any{"base_address"}, want: "aws_x.a"},
		{addr: `aws_x.a["k.1"]`, path: []any{"values", "blk"}, want: []any{map[string]any{"y": 1}}},
		{addr: `module.m["a"].module.n[0].aws_y.b`, path: []any{"references", "v"}, want: []any{`module.m["a"].module.n[0].aws_y.c`}},
		{addr: `module.m["a"].module.n[0].aws_y.b`, path: []any{"module"}, want: `module.m["a"].module.n[0]`},
	})
	if findResource(tg, "aws_x.gone") != nil {
		t.Error("deleted resource kept")
	}
	if c := at(tg.Input, "module_calls", 1, "address"); c != "module.m.module.n" {
		t.Errorf("nested module call %v", c)
	}
	if got := stripKeys(`module.m["a]b"].module.n[0]`); got != "module.m.module.n" {
		t.Errorf("stripKeys = %q", got)
	}
}

func TestPlanErrors(t *testing.T) {
	_, err := loadFiles(t, map[string]string{"p.json": `{"format_version": "1.2", "planned_values": {"root_module": {"resources": 5}}}`}, Options{})
	if err == nil || !strings.Contains(err.Error(), "p.json: invalid plan") {
		t.Errorf("bad plan: %v", err)
	}
	_, err = loadFiles(t, map[string]string{"x.json": `{"a": 1}`}, Options{})
	if err != nil {
		t.Errorf("a JSON file that is not a plan is not an error in a tree: %v", err)
	}
}
