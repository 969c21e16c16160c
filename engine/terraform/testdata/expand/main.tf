variable "names" {
  type    = set(string)
  default = ["a", "b"]
}

variable "unknown_count" {
  type = number
}

variable "unknown_list" {
  type = list(number)
}

locals {
  subnets = { public = "10.0.1.0/24", private = "10.0.2.0/24" }
}

resource "aws_instance" "web" {
  count         = 2
  ami           = "ami-${count.index}"
  instance_type = "t3.micro"
}

resource "aws_subnet" "s" {
  for_each   = local.subnets
  cidr_block = each.value
  tags       = { Name = each.key }
}

resource "aws_iam_user" "u" {
  for_each = var.names
  name     = each.key
}

resource "aws_eip" "none" {
  count = 0
}

resource "aws_eip" "maybe" {
  count  = var.unknown_count
  domain = "vpc"
}

resource "aws_security_group" "sg" {
  name = "sg"

  dynamic "ingress" {
    for_each = [22, 443]
    content {
      from_port = ingress.value
      to_port   = ingress.value
    }
  }

  dynamic "egress" {
    for_each = { all = "0.0.0.0/0" }
    iterator = rule
    content {
      cidr_blocks = [rule.value]
      description = rule.key
    }
  }

  ingress {
    from_port = 80
    to_port   = 80
  }
}

resource "aws_security_group" "unknown_dyn" {
  name = "u"

  dynamic "ingress" {
    for_each = var.unknown_list
    content {
      from_port = ingress.value
    }
  }
}
