package terraform

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

// loadDiags loads an in-memory tree and returns its diagnostics, failing
// when the load has none.
func loadDiags(t *testing.T, files map[string]string) engine.Diagnostics {
	t.Helper()
	_, err := loadFiles(t, files, Options{})
	var diags engine.Diagnostics
	if !errors.As(err, &diags) {
		t.Fatalf("load: %v, want diagnostics", err)
	}
	return diags
}

var discard = slog.New(slog.DiscardHandler)

// TestInvalidReferences: what Terraform rejects is a diagnostic at the
// reference, worded as Terraform words it, and the target is not returned.
func TestInvalidReferences(t *testing.T) {
	tests := []struct {
		name string
		expr string // the value of encrypted in aws_ebs_volume.v, on line 6
		col  int
		want string
	}{
		{"bare identifier", "False", 15, `Invalid reference: A reference to a resource type must be followed by at least one attribute access, specifying the resource name.`},
		{"undeclared variable", "var.nope", 15, `Reference to undeclared input variable: An input variable with the name "nope" has not been declared. This variable can be declared with a variable "nope" {} block.`},
		{"undeclared variable, near a declared one", "var.encrypt", 15, `Reference to undeclared input variable: An input variable with the name "encrypt" has not been declared. Did you mean "encrypted"?`},
		{"undeclared local", "local.nope", 15, `Reference to undeclared local value: A local value with the name "nope" has not been declared.`},
		{"undeclared local, near a declared one", "local.flags", 15, `Reference to undeclared local value: A local value with the name "flags" has not been declared. Did you mean "flag"?`},
		{"undeclared module", "module.nope.encrypted", 15, `Reference to undeclared module: No module call named "nope" is declared in the root module.`},
		{"output a local module lacks", "module.child.nope", 27, `Unsupported attribute: This object does not have an attribute named "nope".`},
		{"var alone", "var", 15, `Invalid reference: The "var" object cannot be accessed directly. Instead, access one of its attributes.`},
		{"local indexed", `local["flag"]`, 20, `Invalid reference: The "local" object does not support this operation.`},
		{"data source without a name", "data.aws_ebs_default_kms_key", 15, `Invalid reference: The "data" object must be followed by two attribute names: the data source type and the resource name.`},
		{"count outside count", "count.index == 0", 15, `Reference to "count" in non-counted context: The "count" object can only be used in "module", "resource", and "data" blocks, and only when the "count" argument is set.`},
		{"each outside for_each", "each.value", 15, `Reference to "each" in context without for_each: The "each" object can be used only in "module" or "resource" blocks, and only when the "for_each" argument is set.`},
		{"self outside provisioner", "self.id != null", 15, `Invalid "self" reference: The "self" object is not available in this context. This object can be used only in resource provisioner, connection, and postcondition blocks.`},
		{"path attribute", "path.nope == null", 15, `Invalid "path" attribute: The "path" object does not have an attribute named "nope".`},
		{"terraform attribute", `terraform.env == "x"`, 15, `Invalid "terraform" attribute: The terraform.env attribute was deprecated in v0.10 and removed in v0.12. The "state environment" concept was renamed to "workspace" in v0.12, and so the workspace name can now be accessed using the terraform.workspace attribute.`},
		{"unknown function", "no_such_function(1)", 15, `Call to unknown function: There is no function named "no_such_function".`},
		{"unknown function, near a known one", `tobol("true")`, 15, `Call to unknown function: There is no function named "tobol". Did you mean "tobool"?`},
		{"removed function", `length(list("a")) > 0`, 22, `Error in function call: Call to function "list" failed: the "list" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list.`},
		{"reserved name", "template.x", 15, `Reserved symbol name: The symbol name "template" is reserved for use in a future Terraform version. If you are using a provider that already uses this as a resource type name, add the prefix "resource." to force interpretation as a resource type name.`},
		{"resource with count, no key", "aws_kms_key.many.enable_key_rotation", 15, "Missing resource instance key: Because aws_kms_key.many has \"count\" set, its attributes must be accessed on specific instances.\n\nFor example, to correlate with indices of a referring resource, use:\n    aws_kms_key.many[count.index]"},
		{"resource without count, keyed", "aws_kms_key.one[0].enable_key_rotation", 15, `Unexpected resource instance key: Because aws_kms_key.one does not have "count" or "for_each" set, references to it must not include an index key. Remove the bracketed index to refer to the single instance of this resource.`},
		{"resource count attribute", "aws_kms_key.one.count > 0", 15, `Invalid resource count attribute: The special "count" attribute is no longer supported after Terraform v0.12. Instead, use length(aws_kms_key.one) to count resource instances.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := loadDiags(t, map[string]string{
				"main.tf": `variable "encrypted" {}
locals { flag = true }
module "child" { source = "./child" }
resource "aws_ebs_volume" "v" {
  size      = 8
  encrypted = ` + tt.expr + `
}
resource "aws_kms_key" "one" {}
resource "aws_kms_key" "many" { count = 2 }
`,
				"child/main.tf": "output \"id\" { value = \"x\" }\n",
			})
			want := engine.Diagnostic{File: "main.tf", Line: 6, Column: tt.col, Message: tt.want}
			if len(diags) != 1 || diags[0] != want {
				t.Errorf("got  %q\nwant %q", diags.Error(), want.Error())
			}
		})
	}
}

// TestIssueExamples are the three volumes of the issue: each is a
// diagnostic at its line, and the check no longer passes them.
func TestIssueExamples(t *testing.T) {
	diags := loadDiags(t, map[string]string{"main.tf": `resource "aws_ebs_volume" "a" {
  availability_zone = "eu-west-1a"
  encrypted         = False
}
resource "aws_ebs_volume" "b" {
  availability_zone = "eu-west-1a"
  encrypted         = var.nope
}
resource "aws_ebs_volume" "c" {
  availability_zone = "eu-west-1a"
  encrypted         = local.nope
}
`})
	got := diags.Error()
	for _, want := range []string{"main.tf:3:23: Invalid reference", "main.tf:7:23: Reference to undeclared input variable", "main.tf:11:23: Reference to undeclared local value"} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if len(diags) != 3 {
		t.Errorf("%d diagnostics, want 3:\n%s", len(diags), got)
	}
}

// TestInvalidReferencesInModules: a local module's own problems are found
// through its caller, located in the module's file and, where Terraform
// names the module, with its address.
func TestInvalidReferencesInModules(t *testing.T) {
	diags := loadDiags(t, map[string]string{
		"main.tf": `module "net" {
  source = "./net"
  count  = 2
  name   = "n-${count.index}"
}
output "first" { value = module.net.id }
output "ok" { value = module.net[0].id }
`,
		"net/main.tf": `variable "name" {}
resource "aws_vpc" "v" {
  cidr_block = var.cidr
  tags       = { Name = var.name }
}
output "id" { value = module.sub.id }
`,
	})
	want := []string{
		`main.tf:6:36: Unsupported attribute: Can't access attributes on a list of objects. Did you mean to access attribute "id" for a specific element of the list, or across all elements of the list?`,
		`net/main.tf:3:16: Reference to undeclared input variable: An input variable with the name "cidr" has not been declared. This variable can be declared with a variable "cidr" {} block.`,
		`net/main.tf:6:23: Reference to undeclared module: No module call named "sub" is declared in module.net.`,
	}
	if got := diags.Error(); got != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// TestValidReferences: constructs Terraform accepts load without a
// diagnostic, and their values stay what they were.
func TestValidReferences(t *testing.T) {
	var logs bytes.Buffer
	ts, err := loadFiles(t, map[string]string{
		"main.tf": `variable "cidrs" {
  type    = list(object({ cidr = string, port = optional(number, 22) }))
  default = []
}
variable "unset" {}
locals {
  names = [for n in ["a", "b"] : upper(n)]
  conv  = convert(["x"], list(string))
  json  = core::jsonencode({ a = 1 })
  arn   = provider::aws::arn_parse("arn:aws:iam::123456789012:root")
}
provider "aws" {
  alias  = "west"
  region = "eu-west-1"
}
module "child" {
  source    = "./child"
  for_each  = toset(["a"])
  name      = each.key
  providers = { aws = aws.west }
}
module "remote" {
  source = "terraform-aws-modules/vpc/aws"
}
resource "aws_security_group" "sg" {
  count    = 2
  provider = aws.west
  name     = "sg-${count.index}-${var.unset}"
  dynamic "ingress" {
    for_each = var.cidrs
    iterator = rule
    content {
      cidr_blocks = [rule.value.cidr]
      from_port   = rule.value.port
      to_port     = rule.value.port
    }
  }
  dynamic "egress" {
    for_each = var.cidrs
    content {
      cidr_blocks = [egress.value.cidr]
    }
  }
  lifecycle {
    ignore_changes        = [tags, description]
    replace_triggered_by  = [aws_kms_key.k]
    postcondition {
      condition     = self.name != ""
      error_message = "named"
    }
  }
  provisioner "local-exec" {
    when       = destroy
    on_failure = continue
    command    = "echo ${self.id}"
    connection {
      host = self.id
    }
  }
  depends_on = [module.child, aws_kms_key.k, data.aws_caller_identity.me]
}
resource "aws_kms_key" "k" {
  description = "${module.child["a"].id} ${module.remote.vpc_id} ${data.aws_caller_identity.me.account_id} ${aws_security_group.sg[0].id}"
  tags        = { for k, v in module.child : k => v.id }
}
data "aws_caller_identity" "me" {}
ephemeral "random_password" "p" { length = 8 }
output "everything" { value = [module.child, aws_security_group.sg, path.module, terraform.workspace, ephemeral.random_password.p.result, local.names] }
`,
		"child/main.tf": "variable \"name\" {}\noutput \"id\" { value = var.name }\n",
	}, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil || len(ts) != 1 {
		t.Fatalf("%d targets, %v", len(ts), err)
	}
	runChecks(t, ts[0], []check{
		{addr: "aws_security_group.sg[1]", path: []any{"values", "ingress"}, want: []any{}},
		{addr: "aws_security_group.sg[1]", path: []any{"unknown", "name"}, want: true},
	})
	if logs.Len() != 0 {
		t.Errorf("warnings: %s", logs.String())
	}
}

// TestModuleJudgedAlone: a module loaded by itself has variables without
// values; they are unknown, not errors.
func TestModuleJudgedAlone(t *testing.T) {
	tg := loadOne(t, map[string]string{"main.tf": `variable "encrypted" { type = bool }
resource "aws_ebs_volume" "v" {
  encrypted = var.encrypted
}
`})
	runChecks(t, tg, []check{
		{addr: "aws_ebs_volume.v", path: []any{"unknown", "encrypted"}, want: true},
		{addr: "aws_ebs_volume.v", path: []any{"values", "encrypted"}, absent: true},
	})
}

// TestUndeclaredResourceWarns: a reference to a resource or data source
// the module does not declare (a fragment scanned alone) stays unknown and
// is a warning, never an error.
func TestUndeclaredResourceWarns(t *testing.T) {
	var logs bytes.Buffer
	ts, err := loadFiles(t, map[string]string{"main.tf": `resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}
data "aws_iam_policy_document" "q" {}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  expected_bucket_owner = aws_iam_policy_document.q.id
}
`}, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil || len(ts) != 1 {
		t.Fatalf("%d targets, %v", len(ts), err)
	}
	runChecks(t, ts[0], []check{
		{addr: "aws_s3_bucket_policy.p", path: []any{"unknown", "bucket"}, want: true},
		{addr: "aws_s3_bucket_policy.p", path: []any{"unknown", "policy"}, want: true},
	})
	got := logs.String()
	for _, want := range []string{
		`level=WARN msg="main.tf:2:12: Reference to undeclared resource: A managed resource \"aws_s3_bucket\" \"b\" has not been declared in the root module." kind=terraform`,
		`main.tf:3:12: Reference to undeclared resource: A data resource \"aws_iam_policy_document\" \"p\" has not been declared in the root module.`,
		`main.tf:8:27: Reference to undeclared resource: A managed resource \"aws_iam_policy_document\" \"q\" has not been declared in the root module.\n\nDid you mean the data resource data.aws_iam_policy_document.q?`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %s:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "level=WARN"); n != 4 {
		t.Errorf("%d warnings, want 4:\n%s", n, got)
	}
}

// TestVariableDefaultConstant: a default must be a constant, as Terraform
// requires.
func TestVariableDefaultConstant(t *testing.T) {
	diags := loadDiags(t, map[string]string{"main.tf": `variable "a" { default = "x" }
variable "b" { default = var.a }
variable "c" { default = upper("x") }
variable "d" { default = [for x in ["a"] : x] }
`})
	want := "main.tf:2:26: Variables not allowed: Variables may not be used here.\nmain.tf:3:26: Function calls not allowed: Functions may not be called here."
	if diags.Error() != want {
		t.Errorf("got:\n%s\nwant:\n%s", diags.Error(), want)
	}
}

func TestVariableDefaultForExpression(t *testing.T) {
	tg := loadOne(t, map[string]string{"main.tf": `variable "d" { default = [for x in ["a", "b"] : x if x != "b"] }
resource "test" "t" { v = var.d }
`})
	runChecks(t, tg, []check{{addr: "test.t", path: []any{"values", "v"}, want: []any{"a"}}})
}
