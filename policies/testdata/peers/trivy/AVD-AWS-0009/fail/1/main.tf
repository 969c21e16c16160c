resource "aws_launch_configuration" "bad_example" {
  associate_public_ip_address = true
}
