resource "aws_eks_cluster" "bad_example" {
  name = "bad_example_cluster"
  vpc_config {
    endpoint_public_access = true
  }
}
