resource "aws_lb" "example" {}

resource "aws_alb_listener" "bad_example" {
  load_balancer_arn = aws_lb.example.arn
  ssl_policy        = "ELBSecurityPolicy-TLS-1-1-2017-01"
  protocol          = "HTTPS"
}
