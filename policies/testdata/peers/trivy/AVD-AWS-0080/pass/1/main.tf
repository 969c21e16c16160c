resource "aws_db_instance" "good_example" {
  storage_encrypted = true
}
