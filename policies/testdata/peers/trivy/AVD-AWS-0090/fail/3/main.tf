resource "aws_s3_bucket" "bad_example" {
  bucket = "yournamehere"
}

resource "aws_s3_bucket_versioning" "example" {
  bucket = aws_s3_bucket.bad_example.id
  versioning_configuration {
    status = "Disabled"
  }
}
