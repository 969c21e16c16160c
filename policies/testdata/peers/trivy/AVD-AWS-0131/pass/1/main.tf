resource "aws_instance" "good_example" {
  ami           = "ami-7f89a64f"
  instance_type = "t1.micro"

  root_block_device {
    encrypted = true
  }

  ebs_block_device {
    device_name = "/dev/sdg"
    encrypted   = true
  }
}
