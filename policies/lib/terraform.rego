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
# cannot be known before apply.
is_unknown(r, path) if {
	some i in numbers.range(1, count(path))
	object.get(object.get(r, "unknown", {}), array.slice(path, 0, i), false) == true
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

# is_true(r, attr) / not_true: a boolean attribute explicitly true, or known not to be.
is_true(r, attr) if r.values[attr] == true

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

# --- AWS helpers: lists, split resources, IAM policy documents, security group rules ---

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
# Undefined otherwise (never an error).
to_num(x) := x if is_number(x)

to_num(x) := to_number(x) if {
	is_string(x)
	regex.match(`^\s*-?[0-9]+(\.[0-9]+)?\s*$`, x)
}

# json_doc(x) is the IAM policy document held by x: a known JSON string,
# decoded, or an already decoded object. Undefined for anything else
# (unknown, empty, invalid JSON).
json_doc(x) := doc if {
	is_string(x)
	json.is_valid(x)
	doc := json.unmarshal(x)
	is_object(doc)
}

json_doc(x) := x if is_object(x)

# IAM statements are normalized to one shape, whether they come from a JSON
# document or from the statement blocks of an aws_iam_policy_document:
#   {"sid", "effect", "actions", "not_actions", "resources", "not_resources",
#    "principals": [{"type", "identifiers"}], "not_principals",
#    "conditions": [{"test", "variable", "values", "unknown"}],
#    "unknown": set of the fields ("effect", "condition"…) not wholly known
#    before apply; a condition's "unknown" likewise ("variable", "values"…)}
# A JSON "Principal": "*" is {"type": "*", "identifiers": ["*"]}. When the
# condition blocks as a whole are unknown, "condition" is in "unknown" and
# "conditions" is empty.

# json_statements(doc) is the normalized statements of a decoded JSON document.
json_statements(doc) := [json_statement(s) | some s in as_list(object.get(doc, "Statement", [])); is_object(s)]

json_statement(s) := {
	"sid": object.get(s, "Sid", ""),
	"effect": object.get(s, "Effect", ""),
	"actions": as_list(object.get(s, "Action", null)),
	"not_actions": as_list(object.get(s, "NotAction", null)),
	"resources": as_list(object.get(s, "Resource", null)),
	"not_resources": as_list(object.get(s, "NotResource", null)),
	"principals": json_principals(object.get(s, "Principal", null)),
	"not_principals": json_principals(object.get(s, "NotPrincipal", null)),
	"conditions": json_conditions(object.get(s, "Condition", null)),
	"unknown": set(),
}

json_principals(p) := [{"type": "*", "identifiers": ["*"]}] if {
	p == "*"
} else := [{"type": t, "identifiers": as_list(ids)} | some t, ids in p] if {
	is_object(p)
} else := []

json_conditions(c) := [{"test": op, "variable": k, "values": as_list(v), "unknown": set()} |
	some op, m in c
	is_object(m)
	some k, v in m
] if {
	is_object(c)
} else := []

# doc_statements(d) is the normalized statements of an aws_iam_policy_document
# data source d: its statement blocks and the statements of the known JSON
# documents of source_policy_documents and override_policy_documents (a
# statement whose sid an override or d itself redefines is dropped, as
# Terraform does).
doc_statements(d) := array.concat(array.concat(src, own), ovr) if {
	ovr := [st | some x in as_list(value(d, ["override_policy_documents"], [])); some st in json_statements(json_doc(x))]
	ovr_sids := {st.sid | some st in ovr; st.sid != ""}
	own := [st |
		some i, s in blocks(d, "statement")
		is_object(s)
		st := block_statement(s, statement_unknown(d, i))
		not st.sid in ovr_sids
	]
	own_sids := {st.sid | some st in own; st.sid != ""}
	src := [st |
		some x in as_list(value(d, ["source_policy_documents"], []))
		some st in json_statements(json_doc(x))
		not st.sid in ovr_sids
		not st.sid in own_sids
	]
}

block_statement(s, u) := {
	"sid": object.get(s, "sid", ""),
	"effect": object.get(s, "effect", "Allow"),
	"actions": as_list(object.get(s, "actions", null)),
	"not_actions": as_list(object.get(s, "not_actions", null)),
	"resources": as_list(object.get(s, "resources", null)),
	"not_resources": as_list(object.get(s, "not_resources", null)),
	"principals": block_principals(object.get(s, "principals", null)),
	"not_principals": block_principals(object.get(s, "not_principals", null)),
	"conditions": [{"test": object.get(c, "test", ""), "variable": object.get(c, "variable", ""), "values": as_list(object.get(c, "values", null)), "unknown": {k | some k, v in nested_unknown(u, "condition", j); walk(v, [_, true])}} |
		some j, c in as_list(object.get(s, "condition", null))
		is_object(c)
	],
	"unknown": {k | some k, v in u; walk(v, [_, true])},
}

block_principals(ps) := [{"type": object.get(p, "type", ""), "identifiers": as_list(object.get(p, "identifiers", null))} |
	some p in as_list(ps)
	is_object(p)
]

statement_unknown(d, i) := nested_unknown(object.get(d, "unknown", {}), "statement", i)

# nested_unknown(u, name, i) is the unknown mirror of the i-th name block
# within the mirror u ({} when nothing in it is unknown).
nested_unknown(u, name, i) := x if {
	us := object.get(u, name, [])
	is_array(us)
	x := us[i]
	is_object(x)
} else := {}

# allows_any_principal(st) holds when statement st allows every principal:
# "Principal": "*" or {"AWS": "*"}, with no condition to narrow it.
allows_any_principal(st) if {
	st.effect == "Allow"
	not "effect" in st.unknown
	some p in st.principals
	p.type in {"*", "AWS"}
	"*" in p.identifiers
	count(st.conditions) == 0
	not "condition" in st.unknown
}

# sg_ingress_rules is every ingress rule of the configuration, normalized:
#   {"resource": the Resource, "attr": where to point, "protocol": "tcp" |
#    "udp" | "icmp" | "all" | other, "from", "to" (numbers, absent when
#    unknown), "cidrs": the known IPv4 and IPv6 source CIDRs}
# from aws_security_group ingress blocks, aws_security_group_rule of type
# ingress and aws_vpc_security_group_ingress_rule. Rules whose protocol is
# unknown are left out.
sg_ingress_rules contains rule if {
	some r in resources("aws_security_group")
	some i, blk in blocks(r, "ingress")
	is_object(blk)
	u := nested_unknown(object.get(r, "unknown", {}), "ingress", i)
	not object.get(u, "protocol", false) == true
	rule := object.union(
		sg_ports(blk, u, "from_port", "to_port"),
		{
			"resource": r, "attr": "ingress",
			"protocol": sg_protocol(object.get(blk, "protocol", "")),
			"cidrs": sg_cidrs([object.get(blk, "cidr_blocks", null), object.get(blk, "ipv6_cidr_blocks", null)]),
		},
	)
}

sg_ingress_rules contains rule if {
	some r in resources("aws_security_group_rule")
	r.values.type == "ingress"
	not is_unknown(r, ["protocol"])
	rule := object.union(
		sg_ports(r.values, object.get(r, "unknown", {}), "from_port", "to_port"),
		{
			"resource": r, "attr": "cidr_blocks",
			"protocol": sg_protocol(object.get(r.values, "protocol", "")),
			"cidrs": sg_cidrs([object.get(r.values, "cidr_blocks", null), object.get(r.values, "ipv6_cidr_blocks", null)]),
		},
	)
}

sg_ingress_rules contains rule if {
	some r in resources("aws_vpc_security_group_ingress_rule")
	not is_unknown(r, ["ip_protocol"])
	rule := object.union(
		sg_ports(r.values, object.get(r, "unknown", {}), "from_port", "to_port"),
		{
			"resource": r, "attr": sg_rule_cidr_attr(r),
			"protocol": sg_protocol(object.get(r.values, "ip_protocol", "")),
			"cidrs": sg_cidrs([object.get(r.values, "cidr_ipv4", null), object.get(r.values, "cidr_ipv6", null)]),
		},
	)
}

sg_rule_cidr_attr(r) := "cidr_ipv6" if {
	not r.values.cidr_ipv4
	r.values.cidr_ipv6
} else := "cidr_ipv4"

sg_ports(obj, u, from_attr, to_attr) := object.union(
	{"from": n | n := to_num(object.get(obj, from_attr, 0)); not object.get(u, from_attr, false) == true},
	{"to": n | n := to_num(object.get(obj, to_attr, 0)); not object.get(u, to_attr, false) == true},
)

sg_protocol(p) := "all" if {
	lower(sprintf("%v", [p])) in {"-1", "all"}
} else := "tcp" if {
	lower(sprintf("%v", [p])) in {"tcp", "6"}
} else := "udp" if {
	lower(sprintf("%v", [p])) in {"udp", "17"}
} else := lower(sprintf("%v", [p]))

sg_cidrs(lists) := [c | some l in lists; some c in as_list(l); is_string(c)]

# sg_public_cidr(c) holds for a CIDR that means "the whole Internet".
sg_public_cidr(c) if c in {"0.0.0.0/0", "::/0"}

# sg_opens_port(rule, port, protocols) holds when rule lets port in for one
# of protocols (a set of "tcp", "udp"): every port for protocol "all", else
# from <= port <= to, both known.
sg_opens_port(rule, _, _) if rule.protocol == "all"

sg_opens_port(rule, port, protocols) if {
	rule.protocol in protocols
	rule.from <= port
	port <= rule.to
}
