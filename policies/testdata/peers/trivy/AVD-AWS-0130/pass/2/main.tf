resource "aws_launch_configuration" "good_example" {
  image_id      = "ami-005e54dee72cc1d00"
  instance_type = "t2.micro"
  metadata_options {
    http_tokens = "required"
  }
}
