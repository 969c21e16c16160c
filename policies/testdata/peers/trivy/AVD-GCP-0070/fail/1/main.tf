resource "google_compute_firewall" "bad_example_unrestricted_tcp_3389" {
  name          = "allow-all-to-rdp"
  network       = google_compute_network.my_vpc.name
  direction     = "INGRESS"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["3380-3390"]
  }
}

# Declared for paved: the peer's example refers to these without declaring them.
resource "google_compute_network" "my_vpc" {}
