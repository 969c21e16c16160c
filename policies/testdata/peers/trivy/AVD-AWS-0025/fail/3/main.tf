resource "aws_kms_key" "dynamo_db_kms" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "bad_example" {
  name = "example"
  server_side_encryption {
    enabled     = false
    kms_key_arn = aws_kms_key.dynamo_db_kms.key_id
  }
}
