resource "google_compute_firewall" "allow-ssh-from-office" {
  name    = "allow-ssh-from-office"
  network = "default"

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["203.0.113.0/24"]
  target_tags   = ["web-servers"]
}
