from_tfvars = "tfvars"
from_auto   = "tfvars"
port        = "8080"
obj         = { name = "x" }
undeclared  = "ignored"
