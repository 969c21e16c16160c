resource "aws_iam_role" "lambdaRole" {
    name = "test-role"
    assume_role_policy = <<EOF
{
"Version": "2012-10-17",
"Statement": [
{
"Action": "sts:AssumeRole",
"Principal" : {"AWS": "*"},
"Effect": "Deny"
}
]
}

EOF
}
