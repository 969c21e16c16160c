resource "aws_s3_bucket" "b" {
  bucket = "my-bucket"
}

resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "many" {
  count  = 2
  bucket = "many-${count.index}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "many" {
  count  = 2
  bucket = aws_s3_bucket.many[count.index].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.k.arn
    }
  }
}

resource "aws_kms_key" "k" {}

locals {
  bucket_id = aws_s3_bucket.b.id
}

resource "aws_s3_bucket_logging" "l" {
  bucket        = local.bucket_id
  target_bucket = aws_s3_bucket.many[0].id
}

data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:*"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
}

resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}
