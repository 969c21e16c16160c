resource "aws_cloudtrail" "good_example" {
  is_multi_region_trail = true
}
