resource "azurerm_network_security_rule" "good_example" {
  name                       = "good_example_security_rule"
  direction                  = "Inbound"
  access                     = "Allow"
  protocol                   = "TCP"
  source_port_range          = "*"
  destination_port_range     = "8080" # not ssh
  source_address_prefix      = "*"
  destination_address_prefix = "*"
}
