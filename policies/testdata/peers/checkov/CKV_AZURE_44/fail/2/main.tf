resource "azurerm_storage_account" "example" {
  name                     = "example"
  resource_group_name      = data.azurerm_resource_group.example.name
  location                 = data.azurerm_resource_group.example.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
  min_tls_version          = "TLS1_0"
  network_rules {
    default_action             = "Allow"
    ip_rules                   = ["100.0.0.1"]
    virtual_network_subnet_ids = [azurerm_subnet.example.id]
  }
}

# Declared for paved: the peer's example refers to these without declaring them.
data "azurerm_resource_group" "example" {}
resource "azurerm_subnet" "example" {}
