resource "aws_rds_cluster" "bad_example" {
  name              = "bar"
  storage_encrypted = true
}
