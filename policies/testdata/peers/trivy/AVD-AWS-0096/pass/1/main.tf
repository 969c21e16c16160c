resource "aws_sqs_queue" "good_example" {
  kms_master_key_id = "/blah"
}
