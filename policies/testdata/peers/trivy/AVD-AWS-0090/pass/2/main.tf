resource "aws_s3_bucket" "good_example" {
  bucket = "yournamehere"
}

resource "aws_s3_bucket_versioning" "example" {
  bucket = aws_s3_bucket.good_example.id
  versioning_configuration {
    status = "Enabled"
  }
}
