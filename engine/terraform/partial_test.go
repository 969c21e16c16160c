package terraform

import (
	"testing"
)

// The statement every case builds: a wildcard beside an ARN known only
// after apply.
var wildcardStatement = map[string]any{
	"Effect":    "Allow",
	"Principal": map[string]any{"AWS": []any{nil, "*"}},
	"Action":    "sqs:SendMessage",
}

var wildcardMirror = map[string]any{"Statement": []any{map[string]any{
	"Principal": map[string]any{"AWS": []any{true, false}},
	"Resource":  true,
}}}

// TestPartialDocuments: a JSON document with one value not known before
// apply is decoded, its known parts in values and the others marked in the
// unknown mirror, however it is built.
func TestPartialDocuments(t *testing.T) {
	tg := loadOne(t, map[string]string{
		"main.tf": `resource "aws_sqs_queue" "q" {}

resource "aws_sqs_queue_policy" "jsonencode" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = [aws_sqs_queue.q.arn, "*"] }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.q.arn
    }]
  })
}

resource "aws_sqs_queue_policy" "heredoc" {
  queue_url = aws_sqs_queue.q.id
  policy    = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": ["${aws_sqs_queue.q.arn}", "*"]},
        "Action": "sqs:SendMessage",
        "Resource": "arn:aws:sqs:*:${var.account}:q"
      }]
    }
  EOT
}

variable "account" {}

locals {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = [aws_sqs_queue.q.arn, "*"] }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.q.arn
    }]
  })
}

resource "aws_sqs_queue_policy" "local" {
  queue_url = aws_sqs_queue.q.id
  policy    = try(local.policy, null)
}

resource "aws_sqs_queue_policy" "templatefile" {
  queue_url = aws_sqs_queue.q.id
  policy    = templatefile("${path.module}/policy.json.tpl", { arn = aws_sqs_queue.q.arn })
}

module "policy" {
  source = "./policy"
  arn    = aws_sqs_queue.q.arn
}

resource "aws_sqs_queue_policy" "module" {
  queue_url = aws_sqs_queue.q.id
  policy    = module.policy.json
}

# Structure from an unknown value: the document is unknown as a whole.
resource "aws_sqs_queue_policy" "structure" {
  queue_url = aws_sqs_queue.q.id
  policy    = <<-EOT
    {"Version": "2012-10-17", ${var.account}}
  EOT
}

# Not a JSON document: unknown as a string.
resource "aws_sqs_queue" "named" {
  name = "q-${var.account}"
}
`,
		"policy.json.tpl": `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": ["${arn}", "*"]},
    "Action": "sqs:SendMessage",
    "Resource": "${arn}"
  }]
}
`,
		"policy/main.tf": `variable "arn" {}
output "json" {
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = [var.arn, "*"] }
      Action    = "sqs:SendMessage"
      Resource  = var.arn
    }]
  })
}
`,
	})
	doc := map[string]any{"Version": "2012-10-17", "Statement": []any{wildcardStatement}}
	for _, name := range []string{"jsonencode", "heredoc", "local", "templatefile", "module"} {
		addr := "aws_sqs_queue_policy." + name
		runChecks(t, tg, []check{
			{addr: addr, path: []any{"values", "policy"}, want: doc},
			{addr: addr, path: []any{"unknown", "policy"}, want: wildcardMirror},
		})
	}
	runChecks(t, tg, []check{
		{addr: "aws_sqs_queue_policy.structure", path: []any{"values", "policy"}, absent: true},
		{addr: "aws_sqs_queue_policy.structure", path: []any{"unknown", "policy"}, want: true},
		{addr: "aws_sqs_queue.named", path: []any{"values", "name"}, absent: true},
		{addr: "aws_sqs_queue.named", path: []any{"unknown", "name"}, want: true},
	})
	checkJSONNative(t, tg.Input, "input")
}

// TestPartialLists: a list keeps its known elements beside unknown ones,
// which are null in values and true in a mirror list.
func TestPartialLists(t *testing.T) {
	tg := loadOne(t, map[string]string{"main.tf": `variable "cidr" {}
resource "aws_security_group_rule" "r" {
  cidr_blocks = [var.cidr, "0.0.0.0/0"]
  tags_list   = [{ a = var.cidr, b = 1 }]
  set         = toset([var.cidr, "x"])
  known       = ["a"]
}
`})
	runChecks(t, tg, []check{
		{addr: "aws_security_group_rule.r", path: []any{"values", "cidr_blocks"}, want: []any{nil, "0.0.0.0/0"}},
		{addr: "aws_security_group_rule.r", path: []any{"unknown", "cidr_blocks"}, want: []any{true, false}},
		{addr: "aws_security_group_rule.r", path: []any{"values", "tags_list"}, want: []any{map[string]any{"b": 1}}},
		{addr: "aws_security_group_rule.r", path: []any{"unknown", "tags_list"}, want: []any{map[string]any{"a": true}}},
		// A set with an unknown element has no known order or size.
		{addr: "aws_security_group_rule.r", path: []any{"values", "set"}, absent: true},
		{addr: "aws_security_group_rule.r", path: []any{"unknown", "set"}, want: true},
		{addr: "aws_security_group_rule.r", path: []any{"unknown", "known"}, absent: true},
	})
}
