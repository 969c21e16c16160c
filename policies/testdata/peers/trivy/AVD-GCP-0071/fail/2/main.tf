resource "google_compute_firewall" "allow-ssh-public" {
  name    = "allow-ssh-public"
  network = "default"

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["0.0.0.0/0"]
}
