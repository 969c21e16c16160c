resource "aws_rds_cluster_instance" "example" {
  identifier         = "example-1"
  cluster_identifier = "cluster-managed-elsewhere"
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
}
