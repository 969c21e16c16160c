variable "name" {
  type = string
}

variable "versioning" {
  default = true
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

module "kms" {
  source = "../kms"
  alias  = "alias/${var.name}"
}

output "id" {
  value = aws_s3_bucket.this.id
}

output "name" {
  value = var.name
}
