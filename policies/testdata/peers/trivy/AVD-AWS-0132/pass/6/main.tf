resource "aws_s3_bucket" "good_example" {
  bucket = "log-policy-bucket"
}

resource "aws_s3_bucket_policy" "log_policy" {
  bucket = aws_s3_bucket.good_example.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = {
        Service = "logging.s3.amazonaws.com"
      }
      Action   = "s3:PutObject"
      Resource = "arn:aws:s3:::log-policy-bucket/logs/*"
    }]
  })
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sse_config" {
  bucket = aws_s3_bucket.good_example.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
