resource "aws_eks_cluster" "bad_example" {
  name = "bad_example_cluster"
  encryption_config {
    resources = ["secrets"]
  }
}
