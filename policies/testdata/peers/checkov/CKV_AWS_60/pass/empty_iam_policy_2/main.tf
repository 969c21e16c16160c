resource "aws_iam_role" "lambdaRole" {
    name = "test-role"
}
