module "net" {
  source = "../modules/net"
  cidr   = "10.9.0.0/16"
}
