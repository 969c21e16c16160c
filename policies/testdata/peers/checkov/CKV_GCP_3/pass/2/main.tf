resource "google_compute_firewall" "no-allow-blocks" {
  name        = "deny-all-egress-all"
  description = "Prevent all egress traffic by default"
  disabled = true

  network        = google_compute_network.vpc_network.name
  enable_logging = true

  priority           = 65534
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]
  deny { protocol = "all" }
}

# Declared for paved: the peer's example refers to these without declaring them.
resource "google_compute_network" "vpc_network" {}
