resource "aws_cloudtrail" "bad_example" {
}
