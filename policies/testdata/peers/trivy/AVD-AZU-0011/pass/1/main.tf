# provider version > 5.0
resource "azurerm_storage_account" "good_example" {
  name                = "storageaccountname"
  resource_group_name = azurerm_resource_group.example.name
  location            = azurerm_resource_group.example.location
  min_tls_version     = "TLS1_3"
}

# Declared for paved: the peer's example refers to these without declaring them.
resource "azurerm_resource_group" "example" {}
