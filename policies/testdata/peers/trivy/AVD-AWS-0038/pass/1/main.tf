resource "aws_eks_cluster" "good_example" {
  enabled_cluster_log_types = ["api", "authenticator", "audit", "scheduler", "controllerManager"]
}
