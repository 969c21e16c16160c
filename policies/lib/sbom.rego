# METADATA
# title: SBOM helpers
# description: |
#   Helpers over the SBOM input document (docs/sbom-input.md), shared by
#   every policy under policies/sbom.
package paved.lib.sbom

# params(key, default) reads a policy parameter from --data files (data.params).
params(key, default_value) := v if {
	v := data.params[key]
} else := default_value

# result(msg) is a denial about the SBOM as a whole (resource "sbom").
result(msg) := {"msg": msg, "resource": "sbom", "location": {"file": input.path}}

# finding_result(f, msg) is a denial about one (vulnerability, component) pair.
finding_result(f, msg) := {"msg": msg, "resource": f.address, "location": {"file": input.path}}

# resolved_states are the VEX analysis states that set a finding aside:
# the SBOM loader turns such a finding into a VEX waiver of the
# vulnerability policies (engine/sbom/vex.go; a test keeps the two alike).
resolved_states := {"not_affected", "false_positive", "resolved", "resolved_with_pedigree"}

# vex_status(f) says, for a message, whether a finding's VEX analysis sets
# it aside: "is set aside by VEX not_affected (code_not_reachable)", else
# "has no VEX resolution (state "")".
vex_status(f) := sprintf("is set aside by VEX %s", [vex_analysis(f)]) if {
	f.state in resolved_states
} else := sprintf("has no VEX resolution (state %q)", [f.state])

# vex_analysis(f) is a finding's VEX state and, when given, justification:
# "not_affected (code_not_reachable)".
vex_analysis(f) := sprintf("%s (%s)", [f.state, f.analysis.justification]) if {
	is_object(f.analysis)
	is_string(f.analysis.justification)
	f.analysis.justification != ""
} else := f.state

# components is every component, nested ones included ([] when none).
components := object.get(input, "components", [])

# license_terms is every licence term of every component's license_choices,
# gathered once: a policy that finds none it cares about skips its pass
# over the components.
license_terms := {t | some t in components[_].license_choices[_]}

# license_id(term) is the licence of one term of a licence choice, without
# its WITH exception.
license_id(term) := trim_space(split(term, " WITH ")[0])
