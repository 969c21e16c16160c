resource "aws_lb" "example" {}

resource "aws_alb_listener" "good_example" {
  load_balancer_arn = aws_lb.example.arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  protocol          = "HTTPS"
}
