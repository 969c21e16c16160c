# METADATA
# title: Modules declare a version constraint for every provider they use
# description: |
#   Without a version constraint, terraform init picks the newest release of a
#   provider, so a major version can change or break the infrastructure
#   without a code change. The root module must constrain every provider its
#   own resources, data sources and provider blocks use. A child module passes
#   when each provider it uses is constrained in its own required_providers or
#   in the root module's (Terraform merges the constraints of all modules).
# custom:
#   id: TF-GP-003
#   severity: medium
#   kind: terraform
#   resource_types: [terraform]
#   controls: [NIST-800-53:CM-2, NIST-800-53:SA-10, SOC2:CC8.1]
#   related: []
#   tags: [golden-path]
#   remediation: |
#     Add to the module's terraform block:
#     required_providers { aws = { source = "hashicorp/aws", version = "~> 5.0" } }
#     with one entry per provider (the local name is the resource type prefix),
#     and commit .terraform.lock.hcl.
#   enforcement: deny
package paved.terraform.golden.required_providers

import data.paved.lib.tf

# Resources and data sources of every type, at every depth.
all_resources := [r | some type, rs in object.get(input, "resources", {}); some r in rs]

all_data := [r | some type, rs in object.get(input, "data", {}); some r in rs]

modules := (({""} | {object.get(r, "module", "") | some r in array.concat(all_resources, all_data)}) | {b.module | some b in tf.terraform_blocks}) | {p.module | some p in tf.provider_blocks}

# Providers a module uses: its resources' and data sources' type prefixes and
# its provider blocks ("terraform" is built in).
used(m) := ({split(r.type, "_")[0] | some r in array.concat(all_resources, all_data); object.get(r, "module", "") == m} | {p.name | some p in tf.provider_blocks; p.module == m}) - {"terraform"}

constrained(m, name) if {
	some b in tf.terraform_blocks
	b.module == m
	some local, req in b.required_providers
	provides(local, req, name)
	v := version(req)
	not v in {"", null}
}

# {source, version}, or a bare version string (the legacy form).
version(req) := req if is_string(req)

else := object.get(req, "version", "") if is_object(req)

provides(name, _, name) := true

provides(_, req, name) if {
	is_object(req)
	source := object.get(req, "source", "")
	is_string(source)
	endswith(source, concat("/", ["", name]))
}

declared(m, name) if {
	some b in tf.terraform_blocks
	b.module == m
	some local, req in b.required_providers
	provides(local, req, name)
}

# The plan format carries no terraform blocks: nothing to judge then.
judged if input.source != "plan"

judged if count(tf.terraform_blocks) > 0

deny contains result(m, name, msg) if {
	judged
	some m in modules
	some name in used(m)
	not constrained(m, name)
	not root_constrains(m, name)
	msg := sprintf("%s %s", [module_text(m), problem(m, name)])
}

root_constrains(m, name) if {
	m != ""
	constrained("", name)
}

problem(m, name) := sprintf("declares provider %s without a version constraint", [name]) if {
	declared(m, name)
} else := sprintf("uses provider %s but declares no required_providers", [name]) if {
	not has_required_providers(m)
} else := sprintf("does not declare provider %s in required_providers", [name])

has_required_providers(m) if {
	some b in tf.terraform_blocks
	b.module == m
	count(b.required_providers) > 0
}

module_text("") := "Root module"

module_text(m) := sprintf("Module %s", [m]) if m != ""

result(m, name, msg) := {"msg": msg, "resource": address(m), "location": location(m, name)}

address("") := "terraform"

address(m) := concat(".", [m, "terraform"]) if m != ""

# The module's first terraform block, else a block that uses the provider.
location(m, name) := {"file": b.file, "line": b.line} if {
	b := [b | some b in tf.terraform_blocks; b.module == m][0]
} else := {"file": r.file, "line": r.line} if {
	r := [r | some r in array.concat(all_resources, all_data); object.get(r, "module", "") == m; split(r.type, "_")[0] == name][0]
} else := {"file": p.file, "line": p.line} if {
	p := [p | some p in tf.provider_blocks; p.module == m; p.name == name][0]
}
