resource "google_compute_firewall" "good_example_with_tags" {
  name          = "allow-tagged-vms"
  network       = google_compute_network.my_vpc.name
  direction     = "INGRESS"
  source_ranges = ["0.0.0.0/0"]
  source_tags   = ["vms"]
  target_tags   = ["some-machine"]
  allow {
    protocol = "tcp"
    ports    = ["3380-3390"]
  }
}

# Declared for paved: the peer's example refers to these without declaring them.
resource "google_compute_network" "my_vpc" {}
