resource "aws_dynamodb_table" "app" {
  name     = "app"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = "true"
  }
}
