resource "aws_rds_cluster" "example" {
  cluster_identifier          = "example"
  engine                      = "aurora-postgresql"
  master_username             = "admin"
  manage_master_user_password = true
  deletion_protection         = true
}
