resource "google_compute_firewall" "good_example_different_protocol" {
  name          = "allow-udp-3389"
  network       = google_compute_network.my_vpc.name
  direction     = "INGRESS"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "udp"
    ports    = ["3380-3390"]
  }
}

# Declared for paved: the peer's example refers to these without declaring them.
resource "google_compute_network" "my_vpc" {}
