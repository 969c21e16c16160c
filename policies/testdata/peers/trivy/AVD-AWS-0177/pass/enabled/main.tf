resource "aws_db_instance" "example" {
  identifier          = "example"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  deletion_protection = true
}
