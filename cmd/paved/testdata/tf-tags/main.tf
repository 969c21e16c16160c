resource "aws_instance" "big" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m5.24xlarge"
}

resource "aws_instance" "small" {
  ami           = "ami-0123456789abcdef0"
  instance_type = var.type
}

variable "type" {
  type    = string
  default = "t3.micro"
}
