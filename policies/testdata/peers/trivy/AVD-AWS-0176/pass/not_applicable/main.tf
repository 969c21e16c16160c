resource "aws_db_instance" "example" {
  identifier                          = "example"
  engine                              = "aurora"
  instance_class                      = "db.r6g.large"
  iam_database_authentication_enabled = false
}
