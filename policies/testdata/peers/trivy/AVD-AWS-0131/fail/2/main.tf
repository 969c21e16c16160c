resource "aws_launch_template" "app" {
  name = "app"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      encrypted = true
    }
  }
}

resource "aws_instance" "app" {
  launch_template {
    name = aws_launch_template.app.name
  }
}
