variable "role_arn" {}
variable "key_arn" {}

resource "aws_eks_cluster" "good" {
  name     = "good-eks2"
  role_arn = var.role_arn

  vpc_config {
    subnet_ids             = []
    endpoint_public_access = true
  }

  encryption_config {
    provider {
      key_arn = var.key_arn
    }
    resources = ["secrets"]
  }
}
