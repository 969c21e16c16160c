resource "aws_eks_cluster" "good_example" {
  name = "good_example_cluster"
  vpc_config {
    endpoint_public_access = true
    public_access_cidrs    = ["10.2.0.0/8"]
  }
}
