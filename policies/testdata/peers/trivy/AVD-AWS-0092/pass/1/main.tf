resource "aws_s3_bucket" "good_example" {
  acl = "private"
}
