resource "aws_s3_bucket" "bad_example" {
  versioning {
    enabled = false
  }
}
