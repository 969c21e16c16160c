variable "region" {}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = { owner = "platform" }
  }
}

provider "aws" {
  alias  = "us"
  region = var.region
}
