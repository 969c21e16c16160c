            resource "azurerm_mysql_server" "examplea" {
  name                = var.mysqlserver_name
  location            = var.resource_group.location
  resource_group_name = var.resource_group.name

  administrator_login          = var.admin_name
  administrator_login_password = var.password
  sku_name = var.sku_name
  storage_mb = var.storage_mb
  version    = var.server_version

  auto_grow_enabled            = true
  backup_retention_days        = 7
  geo_redundant_backup_enabled = false
  infrastructure_encryption_enabled = false
    public_network_access_enabled = true
}

# Declared for paved: the peer's example refers to these without declaring them.
variable "mysqlserver_name" {}
variable "resource_group" {}
variable "admin_name" {}
variable "password" {}
variable "sku_name" {}
variable "storage_mb" {}
variable "server_version" {}
