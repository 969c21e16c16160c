resource "google_compute_firewall" "good_example_restricted_source" {
  name          = "allow-specific-ip"
  network       = google_compute_network.my_vpc.name
  direction     = "INGRESS"
  source_ranges = ["1.2.3.4/32"]
  allow {
    protocol = "tcp"
    ports    = ["3380-3390"]
  }
}

# Declared for paved: the peer's example refers to these without declaring them.
resource "google_compute_network" "my_vpc" {}
