resource "aws_eks_cluster" "good_example" {
  name = "good_example_cluster"
  vpc_config {
    endpoint_public_access = false
    public_access_cidrs    = ["0.0.0.0/0"]
  }
}
