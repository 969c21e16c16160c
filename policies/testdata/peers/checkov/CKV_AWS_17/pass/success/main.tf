resource aws_rds_cluster_instance "rds_cluster_public" {
  cluster_identifier = "id"
  instance_class = "foo-bar"
  publicly_accessible = false
}
