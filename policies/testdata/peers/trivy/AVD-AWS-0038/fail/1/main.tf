resource "aws_eks_cluster" "bad_example" {}
