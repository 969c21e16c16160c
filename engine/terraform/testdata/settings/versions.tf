terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    random = "~> 3.0"
  }

  backend "s3" {
    bucket  = "state"
    key     = "app.tfstate"
    encrypt = true
  }
}
