resource "aws_launch_configuration" "good_example" {
  associate_public_ip_address = false
}
