# A deliberately non-compliant stack: `make demo` runs paved on it.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = var.region
}

locals {
  tags = {
    owner = "payments"
  }
}

module "assets" {
  source = "./modules/bucket"
  name   = "acme-assets-${var.env}"
  tags   = local.tags
}

module "vpc" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-vpc.git?ref=master"
  name   = "main"
}

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = module.vpc.vpc_id

  ingress {
    description = "ssh from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  tags = local.tags
}

resource "aws_db_instance" "orders" {
  identifier                  = "orders-${var.env}"
  engine                      = "postgres"
  instance_class              = "db.t3.medium"
  allocated_storage           = 20
  username                    = "orders"
  manage_master_user_password = true
  publicly_accessible         = true
  storage_encrypted           = false
  backup_retention_period     = 1
  tags                        = local.tags
}

resource "aws_instance" "worker" {
  count                       = var.workers
  ami                         = "ami-0123456789abcdef0"
  instance_type               = "t3.micro"
  associate_public_ip_address = true
  tags                        = merge(local.tags, { Name = "worker-${count.index}" })
}

resource "aws_iam_policy" "admin" {
  name = "ci-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
