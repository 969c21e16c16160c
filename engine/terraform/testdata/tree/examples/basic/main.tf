module "net" {
  source = "../../modules/net"
  cidr   = "10.1.0.0/16"
}
