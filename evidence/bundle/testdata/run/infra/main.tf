# Two buckets: one with an owner tag, one without; neither versioned.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags   = { owner = "platform" }
}

resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}
