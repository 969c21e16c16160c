resource "google_compute_firewall" "good_example_different_port" {
  name          = "allow-vms-to-some-machine"
  network       = google_compute_network.my_vpc.name
  direction     = "INGRESS"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["8080-8090"]
  }
}

# Declared for paved: the peer's example refers to these without declaring them.
resource "google_compute_network" "my_vpc" {}
