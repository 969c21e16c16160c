resource "aws_s3_bucket" "bad_example" {
  acl = "public-read"
}
