# METADATA
# title: Terraform helpers
# description: |
#   Helpers over the Terraform input document (docs/terraform-input.md),
#   shared by every policy under policies/terraform.
package paved.lib.tf

# resources(type) is the list of managed resources of a type, [] when none.
resources(type) := object.get(input.resources, type, [])

# data_sources(type) is the list of data sources of a type, [] when none.
data_sources(type) := object.get(object.get(input, "data", {}), type, [])

# is_unknown(r, path) holds when the value at path (or any of its parents)
# cannot be known before apply, or is a list with an element that cannot (its
# known elements are in values, the unknown ones null there).
is_unknown(r, path) if {
	some i in numbers.range(1, count(path))
	object.get(object.get(r, "unknown", {}), array.slice(path, 0, i), false) == true
}

is_unknown(r, path) if {
	m := object.get(object.get(r, "unknown", {}), path, false)
	is_array(m)
	true in m
}

# is_unknown_anywhere(r, path) also looks inside a block list: ["rule", "x"]
# holds if any rule block's x is unknown.
is_unknown_anywhere(r, path) if is_unknown(r, path)

is_unknown_anywhere(r, path) if {
	count(path) > 1
	some blk in object.get(object.get(r, "unknown", {}), [path[0]], [])
	is_object(blk)
	object.get(blk, array.slice(path, 1, count(path)), false) == true
}

# value(r, path, default) is the known value at path, or default.
value(r, path, default_value) := object.get(r.values, path, default_value)

# is_set(r, path) holds when the attribute is written with a known value.
is_set(r, path) if object.get(r.values, path, null) != null

# Terraform converts every attribute value to the type the provider's schema
# gives it, so `encrypted = "true"` configures the same as `encrypted = true`
# and `backup_retention_period = "7"` the same as 7. paved reads
# configurations without provider schemas, so such a literal reaches the
# policies as the string it was written as. as_bool, is_true_value,
# is_false_value and number read a value the way Terraform's conversion
# (go-cty's convert) does; compare boolean and numeric attributes through
# them, never with == true, == false or < on the raw value: a string fails
# such a comparison silently, so a deny never fires, or fires on a setting
# that is on. Under `not`, pass an attribute that may be absent through
# object.get or value: OPA evaluates a call's arguments outside the negation,
# so `not is_false_value(e.values.enabled)` is undefined, not true, when
# enabled is unset.

# as_bool(v) is v as a boolean attribute receives it: a boolean; "true" or
# "1" (true); "false" or "0" (false). Undefined for any other value, which
# Terraform rejects for a boolean attribute.
as_bool(v) := v if is_boolean(v)

as_bool(v) := true if v in {"true", "1"}

as_bool(v) := false if v in {"false", "0"}

# is_true_value(v) holds when a boolean attribute with value v is true.
is_true_value(v) if as_bool(v) == true

# is_false_value(v) holds when a boolean attribute with value v is false.
is_false_value(v) if as_bool(v) == false

# number(v) is v as a number attribute receives it: a number, or a string in
# decimal notation ("7", "-1", "+0.5", "1e3"). Undefined for any other value
# (Terraform rejects it), never an error: the length and exponent bounds keep
# to_number within float64 range.
number(v) := v if is_number(v)

number(v) := to_number(v) if {
	is_string(v)
	count(v) <= 64
	regex.match(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,2})?$`, v)
}

# is_true(r, attr) / not_true: a boolean attribute explicitly true (as
# is_true_value reads it), or known not to be.
is_true(r, attr) if is_true_value(r.values[attr])

# known_not_true(r, attr) holds when attr is known and is not true (false or unset).
known_not_true(r, attr) if {
	not is_unknown(r, [attr])
	not is_true(r, attr)
}

# blocks(r, name) is the list of nested blocks called name ([] when none).
blocks(r, name) := b if {
	b := r.values[name]
	is_array(b)
} else := [b] if {
	b := r.values[name]
	is_object(b)
} else := []

# refers_to(r, attr, target) holds when r's attribute attr points at target:
# by reference (full or base address) or, both being known, by equal value.
refers_to(r, attr, target) if {
	some ref in object.get(object.get(r, "references", {}), attr, [])
	ref in {target.address, target.base_address}
}

refers_to(r, attr, target) if {
	some ref in object.get(object.get(r, "references", {}), attr, [])
	startswith(ref, concat("", [target.base_address, "["]))
	target.index == null
}

refers_to(r, attr, target) if {
	v := r.values[attr]
	v != ""
	v in {object.get(target.values, "id", null), object.get(target.values, "bucket", null), object.get(target.values, "arn", null), object.get(target.values, "name", null)}
}

# attached(type, attr, target) holds when some resource of type refers to
# target through attr (AWS provider v4+ split resources).
attached(type, attr, target) if {
	some r in resources(type)
	refers_to(r, attr, target)
}

# line(r, attr) is the line of an attribute when known, else the block's line.
line(r, attr) := object.get(object.get(r, "lines", {}), attr, r.line)

# result(r, msg) is a denial located at the resource block.
result(r, msg) := {"msg": msg, "resource": r.address, "location": {"file": r.file, "line": r.line}}

# result_at(r, attr, msg) is a denial located at one attribute of the resource.
result_at(r, attr, msg) := {"msg": msg, "resource": r.address, "location": {"file": r.file, "line": line(r, attr)}}

# params(key, default) reads a policy parameter from --data files (data.params).
params(key, default_value) := v if {
	v := data.params[key]
} else := default_value

# module_calls is every module block of the target, at every depth ([] when none).
module_calls := object.get(input, "module_calls", [])

# terraform_blocks is every terraform {} block of every module ([] when none).
terraform_blocks := object.get(input, "terraform_blocks", [])

# provider_blocks is every provider block of every module ([] when none).
provider_blocks := object.get(input, "providers", [])

# call_result(call, msg) is a denial about a module call: the pseudo resource
# of type "module" whose address is the call's address.
call_result(call, msg) := {"msg": msg, "resource": call.address, "location": {"file": call.file, "line": call.line}}

# target_result(msg) is a denial about the target as a whole, for policies
# with empty resource_types (resource = the target id).
target_result(msg) := {"msg": msg, "resource": input.path}

# --- AWS helpers: lists, split resources (IAM policy documents: terraform_iam.rego, security group rules: terraform_sg.rego) ---

# whole_internet(c) holds for a CIDR that covers every address: any IPv4 or
# IPv6 address with prefix length 0. Clouds mask the address away, so
# 10.0.0.0/0 opens as much as 0.0.0.0/0 does.
whole_internet(c) if {
	is_string(c)
	endswith(c, "/0")
	net.cidr_is_valid(c)
}

# as_list(x) is x when it is a list, [] when it is null, else [x]: IAM JSON
# and HCL both allow a single value where a list is meant.
as_list(x) := x if {
	is_array(x)
} else := [] if {
	x == null
} else := [x]

# unknown_within(r, path) holds when the value at path, or anything under it
# (a list element, a nested block's attribute), cannot be known before apply.
unknown_within(r, path) if is_unknown(r, path)

unknown_within(r, path) if {
	u := object.get(object.get(r, "unknown", {}), path, false)
	walk(u, [_, true])
}

# unknown_in_config(r, path) holds when the configuration sets path (or a
# block on the way to it) to something not known before apply. In a plan, an
# attribute the provider computes is unknown even when the configuration
# leaves it unset (legacy aws_s3_bucket versioning, logging, policy…): there
# it counts only when the configuration's expression for it refers to
# another resource.
unknown_in_config(r, path) if {
	object.get(input, "source", "hcl") != "plan"
	is_unknown_anywhere(r, path)
}

unknown_in_config(r, path) if {
	input.source == "plan"
	is_unknown_anywhere(r, path)
	count(object.get(object.get(r, "references", {}), path[0], [])) > 0
}

# unresolved(type, attr) holds when some resource of type has attr unknown
# and no reference the loader could resolve: it may point at anything.
unresolved(type, attr) if {
	some r in resources(type)
	is_unknown(r, [attr])
	count(object.get(object.get(r, "references", {}), attr, [])) == 0
}

# maybe_attached(type, attr, target) holds when a resource of type refers to
# target through attr, or may do so (unresolved). Use it before reporting
# that a split resource (aws_s3_bucket_logging…) is missing.
maybe_attached(type, attr, target) if attached(type, attr, target)

maybe_attached(type, attr, _) if unresolved(type, attr)

# to_num(x) is x as a number: a number, or a string of digits ("22").
# Undefined otherwise (never an error: to_number takes no surrounding
# space, and too many digits overflow it). number(v) reads an attribute
# value as Terraform does.
to_num(x) := x if is_number(x)

to_num(x) := to_number(trim_space(x)) if {
	is_string(x)
	count(x) <= 64
	regex.match(`^\s*-?[0-9]+(\.[0-9]+)?\s*$`, x)
}

# nested_unknown(u, name, i) is the unknown mirror of the i-th name block
# within the mirror u ({} when nothing in it is unknown).
nested_unknown(u, name, i) := x if {
	us := object.get(u, name, [])
	is_array(us)
	x := us[i]
	is_object(x)
} else := {}
