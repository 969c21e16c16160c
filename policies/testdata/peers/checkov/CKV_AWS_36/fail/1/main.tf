variable "foo" {}

resource "aws_cloudtrail" "foo" {
  name                          = "foo"
  enable_logging                = true
  s3_bucket_name                = var.foo
  is_multi_region_trail         = true
  include_global_service_events = true
}
