resource "aws_ecr_repository" "bar" {
  name                 = "bar"
  image_tag_mutability = "MUTABLE"
}
