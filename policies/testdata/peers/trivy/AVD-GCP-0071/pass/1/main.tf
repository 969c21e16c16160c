resource "google_compute_firewall" "good_example" {
  name    = "allow-ssh-from-specific-ip"
  network = "default"

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["192.168.1.0/24"]
  target_tags   = ["ssh-allowed"]
}
