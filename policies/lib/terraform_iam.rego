# METADATA
# title: Terraform IAM policy-document helpers
# description: |
#   Helpers over IAM policy documents, JSON or aws_iam_policy_document, for
#   the policies under policies/terraform (see terraform.rego for the core).
package paved.lib.tf.iam

import data.paved.lib.tf

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
json_statements(doc) := [json_statement(s) | some s in tf.as_list(object.get(doc, "Statement", [])); is_object(s)]

# attr_statements(r, attr) is the normalized statements of the JSON policy
# document in r's attribute attr. That is a known JSON string, or, when parts
# of the document are not known before apply (an interpolated ARN in a
# jsonencode or a heredoc), the document the loader decoded: values holds its
# known parts and the unknown mirror marks the others, so a statement's
# "unknown" names its fields that are not wholly known, and a statement not
# known at all has every field unknown. Undefined when the attribute is
# unset, unknown as a whole, or not a JSON document.
attr_statements(r, attr) := json_statements(doc) if {
	is_string(r.values[attr])
	doc := json_doc(r.values[attr])
}

attr_statements(r, attr) := partial_statements(doc, object.get(object.get(r, "unknown", {}), [attr], {})) if {
	doc := r.values[attr]
	is_object(doc)
}

partial_statements(doc, u) := [unknown_statement] if {
	object.get(u, "Statement", false) == true
} else := [partial_statement(s, mirror_at(us, i)) | some i, s in doc.Statement] if {
	is_array(object.get(doc, "Statement", null))
	us := object.get(u, "Statement", [])
} else := [partial_statement(doc.Statement, object.get(u, "Statement", {}))] if {
	is_object(object.get(doc, "Statement", null))
} else := []

# mirror_at(us, i) is the unknown mirror of element i of a list whose mirror
# is us ({} when nothing in it is unknown).
mirror_at(us, i) := m if {
	is_array(us)
	m := us[i]
	m != false
} else := {}

partial_statement(_, su) := unknown_statement if su == true

partial_statement(s, su) := object.union(json_statement(s), {
	"conditions": array.concat(
		[{"test": op, "variable": k, "values": tf.as_list(v), "unknown": {"values" | walk(object.get(cu, [op, k], false), [_, true])}} |
			some op, m in object.get(s, "Condition", {})
			is_object(m)
			some k, v in m
		],
		[{"test": op, "variable": "", "values": [], "unknown": {"variable", "values"}} | some op, x in cu; x == true],
	),
	"unknown": {json_fields[k] | some k, v in su; walk(v, [_, true])},
}) if {
	is_object(s)
	is_object(su)
	cu := object.get(su, "Condition", {})
}

json_fields := {
	"Sid": "sid", "Effect": "effect", "Action": "actions", "NotAction": "not_actions",
	"Resource": "resources", "NotResource": "not_resources", "Principal": "principals",
	"NotPrincipal": "not_principals", "Condition": "condition",
}

# unknown_statement stands for a statement not known at all before apply.
unknown_statement := {
	"sid": "", "effect": "", "actions": [], "not_actions": [], "resources": [], "not_resources": [],
	"principals": [], "not_principals": [], "conditions": [],
	"unknown": {"sid", "effect", "actions", "not_actions", "resources", "not_resources", "principals", "not_principals", "condition"},
}

json_statement(s) := {
	"sid": object.get(s, "Sid", ""),
	"effect": object.get(s, "Effect", ""),
	"actions": tf.as_list(object.get(s, "Action", null)),
	"not_actions": tf.as_list(object.get(s, "NotAction", null)),
	"resources": tf.as_list(object.get(s, "Resource", null)),
	"not_resources": tf.as_list(object.get(s, "NotResource", null)),
	"principals": json_principals(object.get(s, "Principal", null)),
	"not_principals": json_principals(object.get(s, "NotPrincipal", null)),
	"conditions": json_conditions(object.get(s, "Condition", null)),
	"unknown": set(),
}

json_principals(p) := [{"type": "*", "identifiers": ["*"]}] if {
	p == "*"
} else := [{"type": t, "identifiers": tf.as_list(ids)} | some t, ids in p] if {
	is_object(p)
} else := []

json_conditions(c) := [{"test": op, "variable": k, "values": tf.as_list(v), "unknown": set()} |
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
	ovr := [st | some x in tf.as_list(tf.value(d, ["override_policy_documents"], [])); some st in json_statements(json_doc(x))]
	ovr_sids := {st.sid | some st in ovr; st.sid != ""}
	own := [st |
		some i, s in tf.blocks(d, "statement")
		is_object(s)
		st := block_statement(s, statement_unknown(d, i))
		not st.sid in ovr_sids
	]
	own_sids := {st.sid | some st in own; st.sid != ""}
	src := [st |
		some x in tf.as_list(tf.value(d, ["source_policy_documents"], []))
		some st in json_statements(json_doc(x))
		not st.sid in ovr_sids
		not st.sid in own_sids
	]
}

block_statement(s, u) := {
	"sid": object.get(s, "sid", ""),
	"effect": object.get(s, "effect", "Allow"),
	"actions": tf.as_list(object.get(s, "actions", null)),
	"not_actions": tf.as_list(object.get(s, "not_actions", null)),
	"resources": tf.as_list(object.get(s, "resources", null)),
	"not_resources": tf.as_list(object.get(s, "not_resources", null)),
	"principals": block_principals(object.get(s, "principals", null)),
	"not_principals": block_principals(object.get(s, "not_principals", null)),
	"conditions": [{"test": object.get(c, "test", ""), "variable": object.get(c, "variable", ""), "values": tf.as_list(object.get(c, "values", null)), "unknown": {k | some k, v in tf.nested_unknown(u, "condition", j); walk(v, [_, true])}} |
		some j, c in tf.as_list(object.get(s, "condition", null))
		is_object(c)
	],
	"unknown": {k | some k, v in u; walk(v, [_, true])},
}

block_principals(ps) := [{"type": object.get(p, "type", ""), "identifiers": tf.as_list(object.get(p, "identifiers", null))} |
	some p in tf.as_list(ps)
	is_object(p)
]

statement_unknown(d, i) := tf.nested_unknown(object.get(d, "unknown", {}), "statement", i)

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
