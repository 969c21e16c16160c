variable "from_default" { default = "default" }
variable "from_tfvars" { default = "default" }
variable "from_auto" { default = "default" }
variable "from_auto_json" { default = "default" }
variable "from_var_file" { default = "default" }
variable "from_cli" { default = "default" }
variable "port" { type = number }
variable "enabled" { type = bool }
variable "no_value" {}
variable "tags" { type = map(string) }

variable "obj" {
  type = object({
    name = string
    size = optional(number, 10)
  })
}

resource "test_vars" "v" {
  from_default   = var.from_default
  from_tfvars    = var.from_tfvars
  from_auto      = var.from_auto
  from_auto_json = var.from_auto_json
  from_var_file  = var.from_var_file
  from_cli       = var.from_cli
  port           = var.port
  enabled        = var.enabled
  no_value       = var.no_value
  tags           = var.tags
  obj_name       = var.obj.name
  obj_size       = var.obj.size
}
