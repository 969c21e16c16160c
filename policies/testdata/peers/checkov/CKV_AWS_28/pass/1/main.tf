variable "unique_tag" {}

resource "aws_dynamodb_table" "violations" {
  name         = "violations_for_resources${var.unique_tag}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  range_key    = "violation_id"

  local_secondary_index {
    name            = "violation_id_index"
    projection_type = "ALL"
    range_key       = "violation_id"
  }

  global_secondary_index {
    hash_key        = "violation_id"
    name            = "violation_id-aws_account_id-index"
    range_key       = "aws_account_id"
    projection_type = "ALL"
  }

  attribute {
    name = "id"
    type = "S"
  }
  attribute {
    name = "violation_id"
    type = "S"
  }
  attribute {
    name = "aws_account_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}
