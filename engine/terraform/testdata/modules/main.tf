module "bucket" {
  source = "./modules/bucket"
  name   = "logs"
}

module "buckets" {
  source   = "./modules/bucket"
  for_each = toset(["a", "b"])
  name     = "data-${each.key}"
}

module "replicas" {
  source     = "./modules/bucket"
  count      = 2
  name       = "replica-${count.index}"
  versioning = false
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}

module "git" {
  source = "git::https://example.com/mod.git?ref=v1"
}

module "gh" {
  source = "github.com/org/repo//sub"
}

resource "aws_s3_bucket_policy" "p" {
  bucket = module.bucket.id
  policy = jsonencode({ Statement = [] })
}

resource "aws_s3_bucket_public_access_block" "pab" {
  bucket            = module.bucket.name
  block_public_acls = true
}

resource "aws_s3_bucket_logging" "l" {
  bucket        = module.buckets["a"].id
  target_bucket = module.replicas[1].id
}
