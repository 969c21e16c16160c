variable "role_arn" {}

resource "aws_eks_cluster" "bad2" {
  name     = "bad-eks2"
  role_arn = var.role_arn

  vpc_config {
    subnet_ids             = []
    endpoint_public_access = true
  }
}
