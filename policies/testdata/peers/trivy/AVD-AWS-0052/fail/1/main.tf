resource "aws_alb" "bad_example" {
  drop_invalid_header_fields = false
}
