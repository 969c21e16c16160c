package terraform

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/exclude"
	"github.com/zclconf/go-cty/cty"
)

// check is one expectation on a resource document: the value at path, or
// (absent) that the path does not exist.
type check struct {
	addr   string
	path   []any
	want   any
	absent bool
}

func runChecks(t *testing.T, tg *engine.Target, checks []check) {
	t.Helper()
	for _, c := range checks {
		r := resource(t, tg, c.addr)
		if c.absent {
			if has(r, c.path...) {
				t.Errorf("%s %v = %s, want absent", c.addr, c.path, js(at(r, c.path...)))
			}
			continue
		}
		if got := at(r, c.path...); !jsonEqual(got, c.want) {
			t.Errorf("%s %v = %s, want %s", c.addr, c.path, js(got), js(c.want))
		}
	}
}

func TestExpansion(t *testing.T) {
	tg := target(t, loadDir(t, "testdata/expand", Options{}), ".")
	runChecks(t, tg, []check{
		{addr: "aws_instance.web[0]", path: []any{"values", "ami"}, want: "ami-0"},
		{addr: "aws_instance.web[1]", path: []any{"values", "ami"}, want: "ami-1"},
		{addr: "aws_instance.web[1]", path: []any{"index"}, want: 1},
		{addr: "aws_instance.web[1]", path: []any{"base_address"}, want: "aws_instance.web"},
		{addr: "aws_instance.web[1]", path: []any{"values", "count"}, absent: true},
		{addr: `aws_subnet.s["public"]`, path: []any{"values", "cidr_block"}, want: "10.0.1.0/24"},
		{addr: `aws_subnet.s["private"]`, path: []any{"values", "tags", "Name"}, want: "private"},
		{addr: `aws_subnet.s["private"]`, path: []any{"index"}, want: "private"},
		{addr: `aws_iam_user.u["b"]`, path: []any{"values", "name"}, want: "b"},
		{addr: "aws_eip.maybe", path: []any{"index"}, want: nil},
		{addr: "aws_eip.maybe", path: []any{"unknown_instances"}, want: true},
		{addr: "aws_eip.maybe", path: []any{"values", "domain"}, want: "vpc"},
		{addr: "aws_instance.web[0]", path: []any{"unknown_instances"}, want: false},
		{addr: "aws_security_group.sg", path: []any{"values", "ingress"}, want: []any{
			map[string]any{"from_port": 22, "to_port": 22},
			map[string]any{"from_port": 443, "to_port": 443},
			map[string]any{"from_port": 80, "to_port": 80},
		}},
		{addr: "aws_security_group.sg", path: []any{"values", "egress"}, want: []any{
			map[string]any{"cidr_blocks": []any{"0.0.0.0/0"}, "description": "all"},
		}},
		{addr: "aws_security_group.sg", path: []any{"lines", "ingress"}, want: 47},
		{addr: "aws_security_group.sg", path: []any{"lines", "name"}, want: 45},
		{addr: "aws_security_group.unknown_dyn", path: []any{"unknown", "ingress"}, want: true},
		{addr: "aws_security_group.unknown_dyn", path: []any{"values", "ingress"}, absent: true},
	})
	for _, addr := range []string{"aws_eip.none", "aws_eip.none[0]"} {
		if findResource(tg, addr) != nil {
			t.Errorf("count = 0 produced %s", addr)
		}
	}
	if n := len(at(tg.Input, "resources", "aws_instance").([]any)); n != 2 {
		t.Errorf("aws_instance: %d instances, want 2", n)
	}
}

func TestVariables(t *testing.T) {
	opts := Options{
		VarFiles: []string{"testdata/vars/custom.tfvars.txt"},
		Vars:     map[string]string{"from_cli": "cli", "tags": `{team = "x"}`},
	}
	tg := target(t, loadDir(t, "testdata/vars", opts), ".")
	const v = "test_vars.v"
	runChecks(t, tg, []check{
		{addr: v, path: []any{"values", "from_default"}, want: "default"},
		{addr: v, path: []any{"values", "from_tfvars"}, want: "tfvars"},
		{addr: v, path: []any{"values", "from_auto"}, want: "auto-a"},
		{addr: v, path: []any{"values", "from_auto_json"}, want: "auto-json"},
		{addr: v, path: []any{"values", "from_var_file"}, want: "var-file"},
		{addr: v, path: []any{"values", "from_cli"}, want: "cli"},
		{addr: v, path: []any{"values", "port"}, want: 8080},
		{addr: v, path: []any{"values", "enabled"}, want: true},
		{addr: v, path: []any{"values", "tags"}, want: map[string]any{"team": "x"}},
		{addr: v, path: []any{"values", "obj_name"}, want: "x"},
		{addr: v, path: []any{"values", "obj_size"}, want: 10},
		{addr: v, path: []any{"values", "no_value"}, absent: true},
		{addr: v, path: []any{"unknown", "no_value"}, want: true},
		{addr: v, path: []any{"unknown", "from_cli"}, absent: true},
	})

	// Without options the tfvars still apply and the rest keep defaults.
	tg = target(t, loadDir(t, "testdata/vars", Options{}), ".")
	runChecks(t, tg, []check{
		{addr: v, path: []any{"values", "from_cli"}, want: "default"},
		{addr: v, path: []any{"values", "from_tfvars"}, want: "tfvars"},
		{addr: v, path: []any{"unknown", "tags"}, want: true},
	})
}

func TestVarValues(t *testing.T) {
	for in, want := range map[string]any{
		"eu-west-1":  "eu-west-1",
		"10":         10,
		"true":       true,
		`["a", "b"]`: []any{"a", "b"},
		`{a = 1}`:    map[string]any{"a": 1},
		`"quoted"`:   "quoted",
		"foo.bar":    "foo.bar",
		"${x}":       "${x}",
	} {
		got, _, _ := goValue(parseVarValue(in), 0)
		if !jsonEqual(got, want) {
			t.Errorf("parseVarValue(%q) = %s, want %s", in, js(got), js(want))
		}
	}
}

func TestFunctions(t *testing.T) {
	tests := []struct {
		expr string
		want any // nil: unknown; unset: null, so absent and not unknown
	}{
		{`format("%s-%03d", "a", 7)`, "a-007"},
		{`lower("AbC")`, "abc"},
		{`upper("abc")`, "ABC"},
		{`join(",", ["a", "b"])`, "a,b"},
		{`split(",", "a,b")`, []any{"a", "b"}},
		{`replace("a-b-c", "-", "_")`, "a_b_c"},
		{`replace("a1b22", "/[0-9]+/", "#")`, "a#b#"},
		{`trimspace("  x ")`, "x"},
		{`trimprefix("prefix-x", "prefix-")`, "x"},
		{`trimsuffix("x.tf", ".tf")`, "x"},
		{`substr("hello", 1, 3)`, "ell"},
		{`title("hello world")`, "Hello World"},
		{`regex("^(\\w+)-", "app-prod")`, []any{"app"}},
		{`regexall("[0-9]", "a1b2")`, []any{"1", "2"}},
		{`concat(["a"], ["b", "c"])`, []any{"a", "b", "c"}},
		{`merge({a = 1}, {b = 2}, {a = 3})`, map[string]any{"a": 3, "b": 2}},
		{`lookup({a = "x"}, "b", "dflt")`, "dflt"},
		{`element(["a", "b", "c"], 4)`, "b"},
		{`length(["a", "b"])`, 2},
		{`length("héllo")`, 5},
		{`length({a = 1})`, 1},
		{`keys({b = 1, a = 2})`, []any{"a", "b"}},
		{`values({b = 1, a = 2})`, []any{2, 1}},
		{`flatten([["a"], ["b", ["c"]]])`, []any{"a", "b", "c"}},
		{`distinct(["a", "b", "a"])`, []any{"a", "b"}},
		{`contains(["a"], "a")`, true},
		{`coalesce("", null, "x")`, "x"},
		{`coalescelist([], ["a"])`, []any{"a"}},
		{`compact(["a", "", "b"])`, []any{"a", "b"}},
		{`zipmap(["a", "b"], [1, 2])`, map[string]any{"a": 1, "b": 2}},
		{`setunion(["a"], ["b"])`, []any{"a", "b"}},
		{`setintersection(["a", "b"], ["b"])`, []any{"b"}},
		{`length(setproduct(["a", "b"], [1, 2]))`, 4},
		{`tolist(toset(["b", "a"]))`, []any{"a", "b"}},
		{`tomap({a = "x"})`, map[string]any{"a": "x"}},
		{`try(local.obj.missing, "fallback")`, "fallback"},
		{`try(local.obj.name, "fallback")`, "n"},
		{`can(local.obj.missing)`, false},
		{`one(["x"])`, "x"},
		{`one([])`, unset},
		{`range(3)`, []any{0, 1, 2}},
		{`reverse([1, 2])`, []any{2, 1}},
		{`slice(["a", "b", "c"], 1, 3)`, []any{"b", "c"}},
		{`sort(["b", "a"])`, []any{"a", "b"}},
		{`index(["a", "b"], "b")`, 1},
		{`jsonencode({a = [1, true]})`, `{"a":[1,true]}`},
		{`jsondecode("{\"a\": [1, 2]}").a[1]`, 2},
		{`base64encode("hi")`, "aGk="},
		{`base64decode("aGk=")`, "hi"},
		{`yamlencode({a = 1})`, "a: 1\n"},
		{`yamldecode("a: [1, 2]").a[0]`, 1},
		{`min(3, 1, 2)`, 1},
		{`max(3, 1, 2)`, 3},
		{`ceil(1.2)`, 2},
		{`floor(1.8)`, 1},
		{`abs(-3)`, 3},
		{`parseint("ff", 16)`, 255},
		{`signum(-9)`, -1},
		{`tostring(5)`, "5"},
		{`tonumber("5")`, 5},
		{`tobool("true")`, true},
		{`startswith("abc", "ab")`, true},
		{`endswith("abc", "bc")`, true},
		{`strcontains("abc", "x")`, false},
		{`alltrue([true, true])`, true},
		{`anytrue([false])`, false},
		{`sum([1, 2, 3])`, 6},
		{`sha256("x")`, "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"},
		{`md5("x")`, "9dd4e461268c8034f5c8564e155c67a6"},
		{`cidrsubnet("10.0.0.0/16", 8, 2)`, "10.0.2.0/24"},
		{`cidrsubnet("fd00::/56", 8, 3)`, "fd00:0:0:3::/64"},
		{`cidrhost("10.0.1.0/24", 5)`, "10.0.1.5"},
		{`cidrhost("10.0.1.0/24", -2)`, "10.0.1.254"},
		{`cidrnetmask("10.0.0.0/20")`, "255.255.240.0"},
		{`cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)`, []any{"10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"}},
		{`basename("a/b/c.txt")`, "c.txt"},
		{`nonsensitive(sensitive("s"))`, "s"},
		{`file("${path.module}/policy.json")`, "{\"Version\": \"2012-10-17\"}\n"},
		{`templatefile("${path.module}/user_data.tpl", { name = "web" })`, "hello web\n"},
		{`fileexists("${path.module}/missing.txt")`, false},
		{`file("/etc/passwd")`, nil},
		{`file("../outside.txt")`, nil},
		{`timestamp()`, nil},
		{`uuid()`, nil},
		{`provider::aws::arn_parse("x")`, nil},
		{`aws_s3_bucket.other.bucket`, nil},
		{`terraform.workspace`, "default"},
		{`path.module`, "."},
		{`true ? "yes" : "no"`, "yes"},
		{`var.unknown ? "yes" : "no"`, nil},
		{`[for s in ["a", "b"] : upper(s)]`, []any{"A", "B"}},
		{`{for k, v in {a = 1} : v => k}`, map[string]any{"1": "a"}},
	}
	var src strings.Builder
	src.WriteString("variable \"unknown\" {}\nlocals {\n  obj = { name = \"n\" }\n}\nresource \"test_functions\" \"f\" {\n")
	for i, tt := range tests {
		src.WriteString("  a" + js(i) + " = " + tt.expr + "\n")
	}
	src.WriteString("}\n")
	tg := loadOne(t, map[string]string{
		"main.tf":       src.String(),
		"policy.json":   "{\"Version\": \"2012-10-17\"}\n",
		"user_data.tpl": "hello ${name}\n",
	})
	r := resource(t, tg, "test_functions.f")
	for i, tt := range tests {
		name := "a" + js(i)
		if tt.want == unset {
			if has(r, "values", name) || has(r, "unknown", name) {
				t.Errorf("%s = %s, want unset", tt.expr, js(at(r, "values", name)))
			}
			continue
		}
		if tt.want == nil {
			if has(r, "values", name) || at(r, "unknown", name) != true {
				t.Errorf("%s = %s, want unknown", tt.expr, js(at(r, "values", name)))
			}
			continue
		}
		if got := at(r, "values", name); !jsonEqual(got, tt.want) {
			t.Errorf("%s = %s, want %s", tt.expr, js(got), js(tt.want))
		}
	}
}

// unset marks an expectation of null: the attribute is neither set nor unknown.
const unset = "\x00unset"

func TestLocals(t *testing.T) {
	tg := loadOne(t, map[string]string{
		"main.tf": `
locals {
  c      = "${local.b}-c"
  b      = "${local.a}-b"
  a      = "a"
  loop1  = local.loop2
  loop2  = local.loop1
  tags   = merge(var.tags, { Name = "x" })
  mixed  = { Name = "x", Owner = var.owner }
  nested = { inner = { known = 1, unknown = var.owner } }
}

variable "tags" {
  type = map(string)
}

variable "owner" {}

resource "test_locals" "l" {
  chain   = local.c
  loop    = local.loop1
  tags    = local.tags
  mixed   = local.mixed
  nested  = local.nested
  nothing = null
}
`,
	})
	runChecks(t, tg, []check{
		{addr: "test_locals.l", path: []any{"values", "chain"}, want: "a-b-c"},
		{addr: "test_locals.l", path: []any{"unknown", "loop"}, want: true},
		{addr: "test_locals.l", path: []any{"unknown", "tags"}, want: true},
		{addr: "test_locals.l", path: []any{"values", "tags"}, absent: true},
		{addr: "test_locals.l", path: []any{"values", "mixed"}, want: map[string]any{"Name": "x"}},
		{addr: "test_locals.l", path: []any{"unknown", "mixed"}, want: map[string]any{"Owner": true}},
		{addr: "test_locals.l", path: []any{"values", "nested"}, want: map[string]any{"inner": map[string]any{"known": 1}}},
		{addr: "test_locals.l", path: []any{"unknown", "nested", "inner", "unknown"}, want: true},
		{addr: "test_locals.l", path: []any{"values", "nothing"}, absent: true},
		{addr: "test_locals.l", path: []any{"unknown", "nothing"}, absent: true},
	})
}

func TestModules(t *testing.T) {
	ts := loadDir(t, "testdata/modules", Options{})
	if len(ts) != 1 {
		t.Fatalf("got targets %v, want only the root (modules/* are used by it)", len(ts))
	}
	tg := target(t, ts, ".")
	runChecks(t, tg, []check{
		{addr: "module.bucket.aws_s3_bucket.this", path: []any{"values", "bucket"}, want: "logs"},
		{addr: "module.bucket.aws_s3_bucket.this", path: []any{"module"}, want: "module.bucket"},
		{addr: "module.bucket.aws_s3_bucket.this", path: []any{"file"}, want: "modules/bucket/main.tf"},
		{addr: "module.bucket.aws_s3_bucket.this", path: []any{"line"}, want: 9},
		{addr: `module.buckets["a"].aws_s3_bucket.this`, path: []any{"values", "bucket"}, want: "data-a"},
		{addr: `module.buckets["b"].aws_s3_bucket.this`, path: []any{"base_address"}, want: `module.buckets["b"].aws_s3_bucket.this`},
		{addr: "module.replicas[1].aws_s3_bucket.this", path: []any{"values", "bucket"}, want: "replica-1"},
		{addr: "module.replicas[1].aws_s3_bucket_versioning.this", path: []any{"values", "versioning_configuration", 0, "status"}, want: "Suspended"},
		{addr: "module.bucket.aws_s3_bucket_versioning.this", path: []any{"values", "versioning_configuration", 0, "status"}, want: "Enabled"},
		{addr: "module.bucket.aws_s3_bucket_versioning.this", path: []any{"references", "bucket"}, want: []any{"module.bucket.aws_s3_bucket.this"}},
		{addr: "module.bucket.module.kms.aws_kms_alias.this", path: []any{"values", "name"}, want: "alias/logs"},
		{addr: "module.bucket.module.kms.aws_kms_alias.this", path: []any{"references", "target_key_id"}, want: []any{"module.bucket.module.kms.aws_kms_key.this"}},
		{addr: `module.buckets["b"].module.kms.aws_kms_alias.this`, path: []any{"values", "name"}, want: "alias/data-b"},
		// Through a module output to the resource behind it.
		{addr: "aws_s3_bucket_policy.p", path: []any{"references", "bucket"}, want: []any{"module.bucket.aws_s3_bucket.this"}},
		{addr: "aws_s3_bucket_policy.p", path: []any{"unknown", "bucket"}, want: true},
		{addr: "aws_s3_bucket_logging.l", path: []any{"references", "bucket"}, want: []any{`module.buckets["a"].aws_s3_bucket.this`}},
		{addr: "aws_s3_bucket_logging.l", path: []any{"references", "target_bucket"}, want: []any{"module.replicas[1].aws_s3_bucket.this"}},
		// A known output is a known value.
		{addr: "aws_s3_bucket_public_access_block.pab", path: []any{"values", "bucket"}, want: "logs"},
	})

	calls := map[string]map[string]any{}
	for _, c := range at(tg.Input, "module_calls").([]any) {
		c := c.(map[string]any)
		calls[c["address"].(string)] = c
	}
	for addr, want := range map[string]map[string]any{
		"module.bucket":                  {"kind": "local", "resolved": true, "source": "./modules/bucket", "version": "", "file": "main.tf", "line": 1},
		"module.bucket.module.kms":       {"kind": "local", "resolved": true, "file": "modules/bucket/main.tf"},
		`module.buckets["a"].module.kms`: {"kind": "local", "resolved": true},
		"module.replicas[0].module.kms":  {"kind": "local", "resolved": true},
		"module.vpc":                     {"kind": "registry", "resolved": false, "version": "~> 5.0", "source": "terraform-aws-modules/vpc/aws"},
		"module.git":                     {"kind": "git", "resolved": false},
		"module.gh":                      {"kind": "git", "resolved": false},
	} {
		c := calls[addr]
		if c == nil {
			t.Errorf("module_calls has no %s; have %v", addr, slices.Sorted(func(yield func(string) bool) {
				for k := range calls {
					if !yield(k) {
						return
					}
				}
			}))
			continue
		}
		for k, v := range want {
			if !jsonEqual(c[k], v) {
				t.Errorf("module_calls %s.%s = %s, want %s", addr, k, js(c[k]), js(v))
			}
		}
	}

	// Engine resources: every instance, every module call, every module.
	types := map[string][]string{}
	for _, r := range tg.Resources {
		types[r.Type] = append(types[r.Type], r.Address)
	}
	for _, want := range []struct{ typ, addr string }{
		{"terraform", "terraform"},
		{"terraform", "module.bucket.terraform"},
		{"terraform", `module.buckets["a"].module.kms.terraform`},
		{"module", "module.vpc"},
		{"module", "module.bucket.module.kms"},
		{"aws_kms_key", "module.replicas[0].module.kms.aws_kms_key.this"},
	} {
		if !slices.Contains(types[want.typ], want.addr) {
			t.Errorf("Resources has no %s %s; have %v", want.typ, want.addr, types[want.typ])
		}
	}
	checkJSONNative(t, tg.Input, "input")
	golden(t, "modules", tg.Input)
}

func TestReferences(t *testing.T) {
	tg := target(t, loadDir(t, "testdata/s3split", Options{}), ".")
	runChecks(t, tg, []check{
		{addr: "aws_s3_bucket_versioning.v", path: []any{"values", "bucket"}, absent: true},
		{addr: "aws_s3_bucket_versioning.v", path: []any{"unknown", "bucket"}, want: true},
		{addr: "aws_s3_bucket_versioning.v", path: []any{"references", "bucket"}, want: []any{"aws_s3_bucket.b"}},
		{addr: "aws_s3_bucket_versioning.v", path: []any{"values", "versioning_configuration", 0, "status"}, want: "Enabled"},
		{addr: "aws_s3_bucket_versioning.v", path: []any{"references", "versioning_configuration"}, absent: true},
		{addr: "aws_s3_bucket_server_side_encryption_configuration.many[1]", path: []any{"references", "bucket"}, want: []any{"aws_s3_bucket.many[1]"}},
		{addr: "aws_s3_bucket_server_side_encryption_configuration.many[0]", path: []any{"references", "rule"}, want: []any{"aws_kms_key.k"}},
		{addr: "aws_s3_bucket_server_side_encryption_configuration.many[0]", path: []any{"unknown", "rule", 0, "apply_server_side_encryption_by_default", 0, "kms_master_key_id"}, want: true},
		{addr: "aws_s3_bucket_server_side_encryption_configuration.many[0]", path: []any{"values", "rule", 0, "apply_server_side_encryption_by_default", 0, "sse_algorithm"}, want: "aws:kms"},
		{addr: "aws_s3_bucket_logging.l", path: []any{"references", "bucket"}, want: []any{"aws_s3_bucket.b"}},
		{addr: "aws_s3_bucket_logging.l", path: []any{"references", "target_bucket"}, want: []any{"aws_s3_bucket.many[0]"}},
		{addr: "aws_s3_bucket_policy.p", path: []any{"references", "policy"}, want: []any{"data.aws_iam_policy_document.p"}},
		{addr: "data.aws_iam_policy_document.p", path: []any{"mode"}, want: "data"},
		{addr: "data.aws_iam_policy_document.p", path: []any{"references", "statement"}, want: []any{"aws_s3_bucket.b"}},
		// A list keeps its known elements: an unknown one is null in values, true in the mirror.
		{addr: "data.aws_iam_policy_document.p", path: []any{"unknown", "statement", 0, "resources"}, want: []any{true}},
		{addr: "data.aws_iam_policy_document.p", path: []any{"values", "statement", 0, "resources"}, want: []any{nil}},
		{addr: "data.aws_iam_policy_document.p", path: []any{"values", "statement", 0, "actions"}, want: []any{"s3:*"}},
	})
	if at(tg.Input, "data", "aws_iam_policy_document") == nil || at(tg.Input, "resources", "aws_iam_policy_document") != nil {
		t.Error("data sources must be grouped under data, not resources")
	}
	golden(t, "s3split", tg.Input)
}

func TestSettings(t *testing.T) {
	tg := target(t, loadDir(t, "testdata/settings", Options{}), ".")
	blocks := at(tg.Input, "terraform_blocks").([]any)
	if len(blocks) != 1 {
		t.Fatalf("terraform_blocks: %s", js(blocks))
	}
	want := map[string]any{
		"module": "", "file": "versions.tf", "line": 1, "required_version": ">= 1.5",
		"required_providers": map[string]any{
			"aws":    map[string]any{"source": "hashicorp/aws", "version": ">= 5.0"},
			"random": map[string]any{"source": "", "version": "~> 3.0"},
		},
		"backend": map[string]any{"type": "s3", "line": 12,
			"config": map[string]any{"bucket": "state", "key": "app.tfstate", "encrypt": true}},
	}
	if !jsonEqual(blocks[0], want) {
		t.Errorf("terraform block = %s\nwant %s", js(blocks[0]), js(want))
	}
	providers := at(tg.Input, "providers").([]any)
	wantProviders := []any{
		map[string]any{"name": "aws", "alias": "", "module": "", "file": "providers.tf", "line": 3,
			"config": map[string]any{"region": "eu-west-1", "default_tags": []any{map[string]any{"tags": map[string]any{"owner": "platform"}}}}},
		map[string]any{"name": "aws", "alias": "us", "module": "", "file": "providers.tf", "line": 11,
			"config": map[string]any{"alias": "us"}},
	}
	if !jsonEqual(providers, wantProviders) {
		t.Errorf("providers = %s\nwant %s", js(providers), js(wantProviders))
	}

	// The cloud block is a backend of type "cloud"; no block gives null.
	tg = loadOne(t, map[string]string{
		"main.tf": "terraform {\n  cloud {\n    organization = \"acme\"\n  }\n}\nterraform {\n  required_version = \"~> 1.9\"\n}\n",
	})
	blocks = at(tg.Input, "terraform_blocks").([]any)
	if at(blocks, 0, "backend", "type") != "cloud" || at(blocks, 0, "backend", "config", "organization") != "acme" {
		t.Errorf("cloud block: %s", js(blocks))
	}
	if !has(blocks, 1, "backend") || at(blocks, 1, "backend") != nil {
		t.Errorf("no backend must be null: %s", js(blocks[1]))
	}
}

func TestTreeTargets(t *testing.T) {
	ts := loadDir(t, "testdata/tree", Options{})
	var ids []string
	for _, tg := range ts {
		ids = append(ids, tg.ID)
	}
	if want := []string{"app", "examples/basic", "standalone"}; !slices.Equal(ids, want) {
		t.Fatalf("targets %v, want %v (modules/net is judged through its callers)", ids, want)
	}
	runChecks(t, target(t, ts, "examples/basic"), []check{
		{addr: "module.net.aws_vpc.this", path: []any{"values", "cidr_block"}, want: "10.1.0.0/16"},
		{addr: "module.net.aws_vpc.this", path: []any{"file"}, want: "modules/net/main.tf"},
	})
	runChecks(t, target(t, ts, "app"), []check{
		{addr: "module.net.aws_vpc.this", path: []any{"values", "cidr_block"}, want: "10.9.0.0/16"},
	})
	app := target(t, ts, "app")
	if app.Path != "app" || at(app.Input, "path") != "app" {
		t.Errorf("app: Path %q, input.path %v", app.Path, at(app.Input, "path"))
	}

	// A single directory or file argument: the module itself, whoever calls it.
	ts, err := New(Options{}).Load(context.Background(), "testdata/tree/modules/net/main.tf")
	if err != nil || len(ts) != 1 || ts[0].ID != "testdata/tree/modules/net" {
		t.Fatalf("single file: %v", ts)
	}
	runChecks(t, ts[0], []check{{addr: "aws_vpc.this", path: []any{"values", "cidr_block"}, want: "10.0.0.0/16"}})

	// A directory argument whose local modules lie outside it (inside the
	// repository) still expands them. The repository is a copy of the tree
	// with a .git of its own, so the test holds outside a git checkout too.
	repo := t.TempDir()
	if err := os.CopyFS(repo, os.DirFS("testdata/tree")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	ts = loadDir(t, filepath.Join(repo, "examples", "basic"), Options{})
	runChecks(t, target(t, ts, "."), []check{
		{addr: "module.net.aws_vpc.this", path: []any{"values", "cidr_block"}, want: "10.1.0.0/16"},
		{addr: "module.net.aws_vpc.this", path: []any{"file"}, want: "../../modules/net/main.tf"},
	})
}

func TestTreeWalkSkips(t *testing.T) {
	ts, err := loadFiles(t, map[string]string{
		"main.tf":                        `resource "a" "b" {}`,
		".terraform/modules/x/main.tf":   `resource "a" "b" {`,
		".git/main.tf":                   `resource`,
		"node_modules/pkg/main.tf":       `resource`,
		".hidden/main.tf":                `resource`,
		"sub/.hidden.tf":                 `resource`,
		"sub/main.tf.bak":                `resource`,
		"plans/tfplan.json":              mustRead(t, "testdata/plan/plan.json"),
		"package.json":                   `{"name": "x"}`,
		"sub/terraform.tfvars.json":      `{"format_version": "1", "planned_values": {}}`,
		"other/settings.json":            `{"format_version": "1.0", "variables": {}}`,
		"examples/a/main.tf":             "module \"m\" {\n  source = \"../../\"\n}\n",
		"examples/a/terraform.tfvars":    `x = 1`,
		"examples/a/.terraform.lock.hcl": `provider`,
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tg := range ts {
		ids = append(ids, tg.ID)
	}
	if want := []string{"examples/a", "plans/tfplan.json"}; !slices.Equal(ids, want) {
		t.Fatalf("targets %v, want %v", ids, want)
	}
	if at(target(t, ts, "plans/tfplan.json").Input, "source") != "plan" {
		t.Error("plan found in the walk is not loaded as a plan")
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestJSONConfig(t *testing.T) {
	tg := target(t, loadDir(t, "testdata/json", Options{}), ".")
	runChecks(t, tg, []check{
		{addr: "aws_s3_bucket.b", path: []any{"values", "bucket"}, want: "app-prod"},
		{addr: "aws_s3_bucket.b", path: []any{"values", "tags"}, want: map[string]any{"Env": "prod"}},
		{addr: "aws_s3_bucket.b", path: []any{"lines", "bucket"}, want: 9},
		{addr: "aws_s3_bucket_versioning.v", path: []any{"references", "bucket"}, want: []any{"aws_s3_bucket.b"}},
		{addr: "aws_s3_bucket_versioning.v", path: []any{"unknown", "bucket"}, want: true},
		{addr: "aws_s3_bucket_versioning.v", path: []any{"values", "versioning_configuration"}, want: []any{map[string]any{"status": "Enabled"}}},
		{addr: "aws_security_group.sg", path: []any{"values", "ingress"}, want: []any{map[string]any{"from_port": 22}, map[string]any{"from_port": 443}}},
		{addr: "aws_security_group.sg", path: []any{"values", "egress"}, want: []any{map[string]any{"from_port": 80}, map[string]any{"from_port": 443}}},
		{addr: "aws_security_group.sg", path: []any{"values", "//"}, absent: true},
	})
	if c := at(tg.Input, "module_calls", 0); at(c, "kind") != "registry" || at(c, "version") != "4.0.0" {
		t.Errorf("module call: %s", js(c))
	}
	if b := at(tg.Input, "terraform_blocks", 0); at(b, "required_providers", "aws", "version") != "~> 5.0" || at(b, "backend", "config", "bucket") != "state" {
		t.Errorf("terraform block: %s", js(b))
	}
	if p := at(tg.Input, "providers", 0); at(p, "config", "region") != "us-east-1" {
		t.Errorf("provider: %s", js(p))
	}
	golden(t, "json", tg.Input)
}

func TestSourceKind(t *testing.T) {
	for src, want := range map[string]string{
		"./modules/x":                   "local",
		"../../":                        "local",
		"terraform-aws-modules/vpc/aws": "registry",
		"terraform-aws-modules/vpc/aws//modules/ep":          "registry",
		"app.terraform.io/acme/vpc/aws":                      "registry",
		"git::https://example.com/x.git?ref=v1":              "git",
		"github.com/acme/x":                                  "git",
		"git@github.com:acme/x.git":                          "git",
		"https://example.com/x.zip":                          "http",
		"s3::https://s3.amazonaws.com/b/x.zip":               "s3",
		"bucket.s3-eu-west-1.amazonaws.com/x.zip":            "s3",
		"gcs::https://www.googleapis.com/storage/v1/b/x.zip": "gcs",
		"hg::https://example.com/x":                          "other",
		"/abs/path":                                          "other",
		"":                                                   "other",
	} {
		if got := sourceKind(src); got != want {
			t.Errorf("sourceKind(%q) = %s, want %s", src, got, want)
		}
	}
}

func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		want  []string // substrings of the diagnostics, in order
		ids   []string // targets still returned
	}{
		{
			name:  "syntax error",
			files: map[string]string{"bad/main.tf": "resource \"a\" \"b\" {\n  x = \n}\n", "good/main.tf": `resource "a" "b" {}`},
			want:  []string{"bad/main.tf:2:"},
			ids:   []string{"good"},
		},
		{
			name:  "json syntax error",
			files: map[string]string{"main.tf.json": "{\"resource\": {\n  \"a\": \n}"},
			want:  []string{"main.tf.json:"},
		},
		{
			name:  "error in a called module fails the caller",
			files: map[string]string{"main.tf": "module \"m\" {\n  source = \"./m\"\n}\n", "m/main.tf": "resource {"},
			want:  []string{"m/main.tf:1:"},
		},
		{
			name:  "oversize file",
			files: map[string]string{"main.tf": `resource "a" "b" {}` + strings.Repeat(" ", 200)},
			opts:  Options{MaxFileSize: 100},
			want:  []string{"main.tf: file too large"},
		},
		{
			name:  "bad labels",
			files: map[string]string{"main.tf": "resource \"a\" {\n}\n"},
			want:  []string{"main.tf:1:1: Invalid block"},
		},
		{
			name:  "duplicate resource",
			files: map[string]string{"main.tf": "resource \"a\" \"b\" {}\nresource \"a\" \"b\" {}\n"},
			want:  []string{"main.tf:2:1: Duplicate resource block"},
		},
		{
			name:  "module cycle",
			files: map[string]string{"main.tf": "module \"self\" {\n  source = \"./\"\n}\n"},
			want:  []string{"main.tf:1:1: Module cycle"},
		},
		{
			name:  "missing local module",
			files: map[string]string{"main.tf": "module \"m\" {\n  source = \"./nowhere\"\n}\n"},
			want:  []string{"main.tf:1:1: Unreadable module directory"},
		},
		{
			name:  "too many instances",
			files: map[string]string{"main.tf": "resource \"a\" \"b\" {\n  count = 20000\n}\n"},
			want:  []string{"main.tf:1:1: Too many instances"},
		},
		{
			name:  "too deep",
			files: map[string]string{"main.tf": "locals {\n  x = " + strings.Repeat("[", 600) + strings.Repeat("]", 600) + "\n}\n"},
			want:  []string{"main.tf:2:1: Nesting too deep"},
		},
		{
			name:  "tfvars with a reference",
			files: map[string]string{"main.tf": `variable "a" {}`, "terraform.tfvars": "a = var.b\n"},
			want:  []string{"terraform.tfvars:1:5: Variables not allowed"},
		},
		{
			name: "runaway for expressions",
			files: map[string]string{"main.tf": `locals {
  r = range(1000)
}
resource "a" "b" {
  v = length(flatten([for x in local.r : [for y in local.r : [for z in local.r : 1]]]))
  w = "%{for x in local.r}%{for y in local.r}%{for z in local.r}.%{endfor}%{endfor}%{endfor}"
}`},
			want: []string{"for expressions iterate more than 250000 times"},
		},
		{
			name:  "module nesting",
			files: nestedModules(12),
			want:  []string{"Modules nest too deep"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := loadFiles(t, tt.files, tt.opts)
			var diags engine.Diagnostics
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
			} else if !errors.As(err, &diags) {
				t.Fatalf("error %v (%T), want engine.Diagnostics", err, err)
			}
			for _, w := range tt.want {
				msg := err.Error()
				if !strings.Contains(msg, w) {
					t.Errorf("diagnostics %q do not contain %q", msg, w)
				}
			}
			var ids []string
			for _, tg := range ts {
				ids = append(ids, tg.ID)
			}
			if !slices.Equal(ids, tt.ids) {
				t.Errorf("targets %v, want %v", ids, tt.ids)
			}
		})
	}
}

func nestedModules(n int) map[string]string {
	files := map[string]string{}
	dir := ""
	for i := range n {
		files[dir+"main.tf"] = "module \"m\" {\n  source = \"./m\"\n}\n"
		_ = i
		dir += "m/"
	}
	files[dir+"main.tf"] = `resource "a" "b" {}`
	return files
}

func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "evil.tf"), []byte(`resource "aws_s3_bucket" "evil" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "main.tf"), []byte(`resource "aws_s3_bucket" "ok" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "evil.tf"), filepath.Join(root, "evil.tf")); err != nil {
		t.Skipf("symlinks unsupported: %v", err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("main.tf", filepath.Join(root, "alias.tf.json")); err != nil {
		t.Fatal(err)
	}
	ts, err := New(Options{}).Load(context.Background(), root)
	// alias.tf.json points inside the tree but is HCL, not JSON: that error
	// proves in-tree symlinks are read, while out-of-tree ones are not.
	if err == nil || !strings.Contains(err.Error(), "alias.tf.json") {
		t.Errorf("in-tree symlink not read: %v", err)
	}
	for _, tg := range ts {
		if findResource(tg, "aws_s3_bucket.evil") != nil {
			t.Fatalf("read a file through a symlink out of the root")
		}
	}
	if err := os.Remove(filepath.Join(root, "alias.tf.json")); err != nil {
		t.Fatal(err)
	}
	ts = loadDir(t, root, Options{})
	if len(ts) != 1 || findResource(ts[0], "aws_s3_bucket.ok") == nil || findResource(ts[0], "aws_s3_bucket.evil") != nil {
		t.Fatalf("targets %v", ts)
	}
}

func TestDigest(t *testing.T) {
	files := map[string]string{
		"main.tf":   "module \"m\" {\n  source = \"./m\"\n}\n",
		"m/main.tf": `resource "a" "b" {}`,
	}
	d1 := loadOne(t, files).Digest
	if !strings.HasPrefix(d1, "sha256:") || len(d1) != 71 {
		t.Fatalf("digest %q", d1)
	}
	if d2 := loadOne(t, files).Digest; d2 != d1 {
		t.Error("digest is not stable")
	}
	files["m/main.tf"] = `resource "a" "c" {}`
	if d3 := loadOne(t, files).Digest; d3 == d1 {
		t.Error("digest ignores the child module's files")
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ts, err := New(Options{}).Load(ctx, "testdata/modules")
	if !errors.Is(err, context.Canceled) || len(ts) != 0 {
		t.Fatalf("cancelled load: %d targets, %v", len(ts), err)
	}
}

func TestOverridesAndVarFileOrder(t *testing.T) {
	tg := loadOne(t, map[string]string{
		"main.tf": `
variable "v" {}
locals {
  x = "base"
}
resource "aws_s3_bucket" "b" {
  bucket = "a"
  acl    = "private"
  tag    = local.x
  versioning {
    enabled = false
  }
}
`,
		"override.tf": `
resource "aws_s3_bucket" "b" {
  bucket = "overridden"
  versioning {
    enabled = true
  }
}
`,
		"b_override.tf":         "locals {\n  x = \"over\"\n}\n",
		"terraform.tfvars":      `v = "tfvars"`,
		"terraform.auto.tfvars": `v = "auto"`,
		"x.tf":                  `resource "test" "v" { v = var.v }`,
	})
	runChecks(t, tg, []check{
		{addr: "aws_s3_bucket.b", path: []any{"values", "bucket"}, want: "overridden"},
		{addr: "aws_s3_bucket.b", path: []any{"values", "acl"}, want: "private"},
		{addr: "aws_s3_bucket.b", path: []any{"values", "tag"}, want: "over"},
		{addr: "aws_s3_bucket.b", path: []any{"values", "versioning"}, want: []any{map[string]any{"enabled": true}}},
		{addr: "test.v", path: []any{"values", "v"}, want: "auto"},
	})
}

// Reported paths start with the scanned path as the user wrote it, so a
// report made at a repository root names files as the repository does.
func TestReportedPaths(t *testing.T) {
	ts, err := New(Options{}).Load(context.Background(), "testdata/tree")
	if err != nil {
		t.Fatal(err)
	}
	tg := target(t, ts, "testdata/tree/examples/basic")
	for _, r := range tg.Resources {
		if !strings.HasPrefix(r.File, "testdata/tree/") {
			t.Errorf("%s: file %q is not prefixed with the scanned path", r.Address, r.File)
		}
	}
	ts, err = New(Options{}).Load(context.Background(), "testdata/plan/plan.json")
	if err != nil || len(ts) != 1 || ts[0].ID != "testdata/plan/plan.json" {
		t.Fatalf("plan target: %v %v", ts, err)
	}
}

func TestExclude(t *testing.T) {
	files := map[string]string{
		"app/main.tf":              `resource "aws_s3_bucket" "a" {}`,
		"app/testdata/bad/main.tf": `resource "x" {`,
		"gen/main.tf":              `resource "aws_s3_bucket" "g" {}`,
	}
	ts, err := loadFiles(t, files, Options{Exclude: exclude.New([]string{"testdata/", "/gen"})})
	if err != nil {
		t.Fatalf("an excluded broken fixture must not be read: %v", err)
	}
	if len(ts) != 1 || ts[0].ID != "app" {
		t.Fatalf("targets %v, want only app", ts)
	}
}

// yamldecode reads YAML within yamlnode's bounds: aliases work, a
// billion-laughs document and a deep one are errors.
func TestYAMLDecodeBounded(t *testing.T) {
	call := func(src string) (cty.Value, error) {
		return yamldecodeFunc.Call([]cty.Value{cty.StringVal(src)})
	}
	v, err := call("a: &x [1, 2]\nb: *x\n")
	if err != nil || !v.GetAttr("b").Index(cty.NumberIntVal(1)).RawEquals(cty.NumberIntVal(2)) {
		t.Errorf("aliases: %#v, %v", v, err)
	}
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	if _, err := call(bomb.String()); err == nil {
		t.Error("a billion-laughs document decoded")
	}
	if _, err := call(strings.Repeat("- ", 200) + "x\n"); err == nil {
		t.Error("a document 200 deep decoded")
	}
	if v, err := call(""); err != nil || !v.IsNull() {
		t.Errorf(`yamldecode(""): %#v, %v; want null`, v, err)
	}
}
