resource "aws_s3_bucket" "good_example" {
  bucket = "yournamehere"
}

resource "aws_s3_bucket_acl" "example" {
  bucket = aws_s3_bucket.good_example.id
  acl    = "private"
}
