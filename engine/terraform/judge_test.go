package terraform

import (
	"context"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/internal/testpolicies"
)

// TestPoliciesJudgePartialDocuments runs the built-in policies that read
// policy documents over loader output: a document known only in part still
// shows its wildcard, while a value known only after apply never fails a
// policy.
func TestPoliciesJudgePartialDocuments(t *testing.T) {
	ctx := context.Background()
	ev, _ := testpolicies.Evaluator(t, "terraform")
	tg := loadOne(t, map[string]string{"main.tf": `
resource "aws_sqs_queue" "q" {}
resource "aws_s3_bucket" "b" {}
variable "condition" {}

# TF-AWS-IAM-002: any principal.
resource "aws_sqs_queue_policy" "wildcard_jsonencode" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn,
      Principal = { AWS = [aws_sqs_queue.q.arn, "*"] } }]
  })
}
resource "aws_iam_role" "wildcard_heredoc" {
  assume_role_policy = <<-EOT
    {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
      "Principal": {"AWS": ["${aws_sqs_queue.q.arn}", "*"]}}]}
  EOT
}
data "aws_iam_policy_document" "wildcard_document" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.q.arn]
    principals {
      type        = "AWS"
      identifiers = [aws_sqs_queue.q.arn, "*"]
    }
  }
}
resource "aws_sqs_queue_policy" "named_principal" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Principal = { AWS = [aws_sqs_queue.q.arn] } }]
  })
}
resource "aws_sqs_queue_policy" "conditioned" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Principal = "*",
      Condition = { ArnEquals = { "aws:SourceArn" = aws_s3_bucket.b.arn } } }]
  })
}
resource "aws_sqs_queue_policy" "maybe_conditioned" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Principal = "*", Resource = aws_sqs_queue.q.arn,
      Condition = var.condition }]
  })
}
resource "aws_sqs_queue_policy" "maybe_allow" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [{ Effect = var.condition, Action = "sqs:SendMessage", Principal = "*", Resource = aws_sqs_queue.q.arn }]
  })
}

# TF-AWS-IAM-001: administrator access.
resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = [aws_s3_bucket.b.arn, "*"] }]
  })
}
resource "aws_iam_policy" "scoped" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = [aws_s3_bucket.b.arn] }]
  })
}

# TF-AWS-S3-005: a bucket policy denying plain HTTP.
resource "aws_s3_bucket" "tls" {}
resource "aws_s3_bucket_policy" "tls" {
  bucket = aws_s3_bucket.tls.id
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = "s3:*", Principal = "*",
      Resource = [aws_s3_bucket.tls.arn, "${aws_s3_bucket.tls.arn}/*"],
      Condition = { Bool = { "aws:SecureTransport" = "false" } } }]
  })
}
resource "aws_s3_bucket" "no_tls" {}
resource "aws_s3_bucket_policy" "no_tls" {
  bucket = aws_s3_bucket.no_tls.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Principal = { AWS = aws_sqs_queue.q.arn },
      Resource = "${aws_s3_bucket.no_tls.arn}/*" }]
  })
}
resource "aws_s3_bucket" "maybe_tls" {}
resource "aws_s3_bucket_policy" "maybe_tls" {
  bucket = aws_s3_bucket.maybe_tls.id
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = "s3:*", Principal = "*", Resource = aws_s3_bucket.maybe_tls.arn,
      Condition = var.condition }]
  })
}

# TF-AWS-EBS-001: a computed attribute of a declared resource is unknown.
resource "aws_kms_key" "k" {}
resource "aws_ebs_volume" "computed" {
  availability_zone = "eu-west-1a"
  encrypted         = aws_kms_key.k.enable_key_rotation
}
`})
	status := map[string]engine.Status{}
	for _, r := range ev.EvaluateTarget(ctx, tg) {
		if r.Status == engine.StatusError {
			t.Errorf("%s %s: %s", r.Policy.ID, r.Resource, r.Message)
		}
		switch r.Policy.ID {
		case "TF-AWS-IAM-001", "TF-AWS-IAM-002", "TF-AWS-S3-005", "TF-AWS-EBS-001":
			status[r.Policy.ID+" "+r.Resource] = r.Status
		}
	}
	for res, want := range map[string]engine.Status{
		"TF-AWS-IAM-002 aws_sqs_queue_policy.wildcard_jsonencode":       engine.StatusFail,
		"TF-AWS-IAM-002 aws_iam_role.wildcard_heredoc":                  engine.StatusFail,
		"TF-AWS-IAM-002 data.aws_iam_policy_document.wildcard_document": engine.StatusFail,
		"TF-AWS-IAM-002 aws_sqs_queue_policy.named_principal":           engine.StatusPass,
		"TF-AWS-IAM-002 aws_sqs_queue_policy.conditioned":               engine.StatusPass,
		"TF-AWS-IAM-002 aws_sqs_queue_policy.maybe_conditioned":         engine.StatusPass,
		"TF-AWS-IAM-002 aws_sqs_queue_policy.maybe_allow":               engine.StatusPass,
		"TF-AWS-IAM-001 aws_iam_policy.admin":                           engine.StatusFail,
		"TF-AWS-IAM-001 aws_iam_policy.scoped":                          engine.StatusPass,
		"TF-AWS-S3-005 aws_s3_bucket.tls":                               engine.StatusPass,
		"TF-AWS-S3-005 aws_s3_bucket.no_tls":                            engine.StatusFail,
		"TF-AWS-S3-005 aws_s3_bucket.maybe_tls":                         engine.StatusPass,
		"TF-AWS-EBS-001 aws_ebs_volume.computed":                        engine.StatusPass,
	} {
		if got := status[res]; got != want {
			t.Errorf("%s: %s, want %s", res, got, want)
		}
	}
}
