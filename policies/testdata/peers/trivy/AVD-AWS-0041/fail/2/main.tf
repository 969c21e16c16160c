resource "aws_eks_cluster" "app" {
  name     = "app"
  role_arn = "arn:aws:iam::111122223333:role/eks"

  vpc_config {
    subnet_ids             = ["subnet-0123456789abcdef0"]
    endpoint_public_access = true
    public_access_cidrs    = ["203.0.113.0/24"]
  }
}
