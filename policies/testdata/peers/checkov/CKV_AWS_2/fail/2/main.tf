resource "aws_alb" "front_end" {
  name = "front-end"
}

resource "aws_lb_listener" "front_end" {
  load_balancer_arn = aws_alb.front_end.arn
  port              = "80"
  protocol          = "HTTP"
}
