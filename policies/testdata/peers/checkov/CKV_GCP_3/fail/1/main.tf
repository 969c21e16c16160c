variable "name" {}
variable "region" {}

resource "google_compute_network" "mesos-global-net" {
  name = "mesos-global-net"
}

resource "google_compute_firewall" "example" {
  name    = "${var.name}-${var.region}-mesos-ssh"
  network = google_compute_network.mesos-global-net.name

  allow {
    protocol = "tcp"
    ports    = ["3389"]
  }

  target_tags   = ["ssh"]
  source_ranges = ["0.0.0.0/0"]
}
