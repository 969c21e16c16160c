resource "aws_kms_key" "bad_example" {
  enable_key_rotation = false
}
