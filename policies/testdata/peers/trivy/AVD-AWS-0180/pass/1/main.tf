resource "aws_db_instance" "good_example" {
  publicly_accessible = false
}
