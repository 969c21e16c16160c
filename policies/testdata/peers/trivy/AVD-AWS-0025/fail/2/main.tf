resource "aws_dynamodb_table" "bad_example" {
  name = "example"
  server_side_encryption {
    enabled     = true
    kms_key_arn = "alias/aws/dynamodb"
  }
}
