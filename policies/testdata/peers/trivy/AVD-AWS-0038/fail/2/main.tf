resource "aws_eks_cluster" "app" {
  name     = "app"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }

  enabled_cluster_log_types = ["api", "audit", "authenticator"]
}
