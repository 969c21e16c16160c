resource "aws_alb" "good_example" {
  drop_invalid_header_fields = true
}
