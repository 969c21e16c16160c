resource "aws_launch_template" "app" {
  name = "app"

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_instance" "app" {
  launch_template {
    id = aws_launch_template.app.id
  }
}
