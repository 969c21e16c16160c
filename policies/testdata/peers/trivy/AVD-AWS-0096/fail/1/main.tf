resource "aws_sqs_queue" "bad_example" {
  # no key specified
}
