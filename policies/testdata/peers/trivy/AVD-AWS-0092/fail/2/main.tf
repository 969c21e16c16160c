resource "aws_s3_bucket" "bad_example" {
  bucket = "yournamehere"
}

resource "aws_s3_bucket_acl" "example" {
  bucket = aws_s3_bucket.bad_example.id
  acl    = "authenticated-read"
}
