variable "load_balancer_arn" {}

resource "aws_lb_listener" "front" {
  load_balancer_arn = var.load_balancer_arn
  port              = "80"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/app/0123456789abcdef"
  }
}
