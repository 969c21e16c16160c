resource "aws_ebs_volume" "good_example" {
  encrypted = true
}
