from_auto      = "auto-a"
from_auto_json = "auto-a"
