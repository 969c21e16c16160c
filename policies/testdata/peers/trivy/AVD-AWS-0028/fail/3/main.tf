variable "launch_template_id" {}

resource "aws_instance" "app" {
  launch_template {
    id = var.launch_template_id
  }
}
