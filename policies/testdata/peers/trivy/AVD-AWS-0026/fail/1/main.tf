resource "aws_ebs_volume" "bad_example" {
  encrypted = false
}
