variable "role_arn" {}
variable "key_arn" {}

resource "aws_eks_cluster" "bad" {
  name     = "bad-eks"
  role_arn = var.role_arn

  vpc_config {
    subnet_ids             = []
    endpoint_public_access = true
  }

  encryption_config {
    provider {
      key_arn = var.key_arn
    }
    resources = []
  }
}
