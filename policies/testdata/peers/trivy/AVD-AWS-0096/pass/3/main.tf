resource "aws_sqs_queue" "terraform_queue" {
  name              = "terraform-example-queue"
  kms_master_key_id = "alias/aws/sqs"
}
