# METADATA
# title: Images are rebuilt within the age limit
# description: |
#   An image is as old as the packages it was built with: one not rebuilt
#   for months carries every vulnerability fixed since. The config's created
#   time is compared with max_image_age_days (default 90). An image with no
#   created time, or the epoch that reproducible builders write, cannot be
#   dated by its config and fails with that reason; such builds should date
#   the image from their source (SOURCE_DATE_EPOCH) instead.
#
#   Peers: Dockle has no age check; Scorecard's and Trivy's closest checks
#   judge dependencies, not images.
# custom:
#   id: IMG-006
#   severity: medium
#   kind: image
#   resource_types: []
#   controls: [NIST-800-53:SI-2, NIST-800-53:CM-3]
#   related: []
#   remediation: |
#     Rebuild and redeploy images on a schedule (a nightly or weekly
#     pipeline), not only when the code changes; set SOURCE_DATE_EPOCH to the
#     commit time in reproducible builds so that the image is dated.
#   enforcement: deny
package paved.image.age

import data.paved.lib.image

max_days := image.params("max_image_age_days", 90)

created := image.config.created

deny contains image.result(msg) if {
	created == ""
	msg := sprintf("%s has no creation time in its config, so its age cannot be judged", [image.name])
}

# The loader writes created as RFC 3339 (UTC) or "" (engine/image
# timestamp), and "" has the rule above: it is not parsed, which would be
# an error.
deny contains image.result(msg) if {
	created != ""
	ns := time.parse_rfc3339_ns(created)
	days := floor((time.now_ns() - ns) / (24 * 3600 * 1000000000))
	days > max_days
	msg := sprintf("%s was built %d days ago (%s), more than the %d days allowed", [image.name, days, created, max_days])
}
