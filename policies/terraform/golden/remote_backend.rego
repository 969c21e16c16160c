# METADATA
# title: Root modules keep state in an encrypted remote backend
# description: |
#   Local state lives on one machine: it is lost with it, cannot be locked
#   against concurrent applies, and holds every secret of the stack in plain
#   text. Root modules must use a remote backend, and an s3 backend must
#   encrypt the state object. Targets that configure no provider and no backend
#   are reusable modules, not roots, and are not judged; neither are plans,
#   which do not record the backend.
# custom:
#   id: TF-GP-004
#   severity: medium
#   kind: terraform
#   resource_types: []
#   controls: [NIST-800-53:SC-28, NIST-800-53:CP-9, SOC2:CC6.1]
#   related: []
#   tags: [golden-path]
#   remediation: |
#     Add a backend to the root module's terraform block, e.g.
#     backend "s3" { bucket = "…", key = "…", region = "…", encrypt = true,
#     use_lockfile = true }, or a gcs, azurerm or HCP Terraform (cloud) backend.
#   enforcement: deny
package paved.terraform.golden.remote_backend

import data.paved.lib.tf

root_blocks := [b | some b in tf.terraform_blocks; b.module == ""]

backends := [object.union(b.backend, {"file": b.file}) | some b in root_blocks; is_object(b.backend)]

# A root module configures a provider or a backend.
root if {
	some p in tf.provider_blocks
	p.module == ""
}

root if count(backends) > 0

judged if {
	object.get(input, "source", "hcl") != "plan"
	root
}

deny contains v if {
	judged
	count(backends) == 0
	v := object.union(
		tf.target_result("Root module declares no backend, so its state is kept in a local terraform.tfstate file"),
		located(root_blocks),
	)
}

deny contains object.union(tf.target_result(msg), at(b)) if {
	judged
	some b in backends
	b.type == "local"
	msg := "Root module keeps its state in the local backend"
}

deny contains object.union(tf.target_result(msg), at(b)) if {
	judged
	some b in backends
	b.type == "s3"
	cfg := object.get(b, "config", {})
	written_in_code(cfg)
	not encrypted(cfg)
	msg := sprintf("Root module's s3 backend (bucket %v) does not set encrypt = true", [cfg.bucket])
}

# A partial configuration (`backend "s3" {}` completed by -backend-config at
# init) cannot be judged from the code.
written_in_code(cfg) if cfg.bucket

encrypted(cfg) if tf.is_true_value(cfg.encrypt)

at(b) := {"location": {"file": b.file, "line": b.line}}

located(blocks) := {"location": {"file": blocks[0].file, "line": blocks[0].line}} if {
	count(blocks) > 0
} else := {}
