resource "aws_lb" "front_end" {
  name               = "front-end"
  load_balancer_type = "network"
}

resource "aws_lb_listener" "front_end" {
  load_balancer_arn = aws_lb.front_end.arn
  port              = "53"
  protocol          = "UDP"
}
