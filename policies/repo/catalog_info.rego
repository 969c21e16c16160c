# METADATA
# title: Repository has a valid catalog-info.yaml with owner and lifecycle
# description: |
#   The Backstage catalog entity is how the platform knows which team owns a
#   repository and whether it is experimental or in production; KPIs and
#   SLAs are reported per owner. An entity that does not validate against
#   the Backstage schema is not ingested by the catalog.
# custom:
#   id: REPO-006
#   severity: medium
#   kind: repo
#   resource_types: [repo]
#   controls: [NIST-800-53:CM-8, SOC2:CC6.1]
#   related: []
#   tags: [golden-path]
#   remediation: |
#     Add catalog-info.yaml at the root: apiVersion backstage.io/v1alpha1,
#     kind Component, metadata.name, and spec.type, spec.owner (a group) and
#     spec.lifecycle (experimental, production or deprecated). Fix each
#     schema error listed.
#   enforcement: deny
package paved.repo.catalog_info

import data.paved.lib.repo

ci := object.get(input, "catalog_info", null)

deny contains repo.result("repository has no catalog-info.yaml") if ci == null

deny contains repo.result_at(ci, ci.error.line, sprintf("%s: %s", [ci.path, ci.error.msg])) if {
	ci != null
	ci.error != null
}

deny contains repo.result_at(ci, 1, sprintf("%s holds no entity", [ci.path])) if {
	ci != null
	ci.error == null
	count(ci.entities) == 0
}

deny contains repo.result_at(ci, e.line, sprintf("%s: %s: %s", [ci.path, e.path, e.msg])) if {
	ci != null
	some e in ci.errors
}

deny contains repo.result_at(ci, 1, sprintf("%s: spec.%s is not set", [ci.path, field])) if {
	ci != null
	ci.error == null
	count(ci.entities) > 0
	some field in ["owner", "lifecycle"]
	ci[field] == ""
}
