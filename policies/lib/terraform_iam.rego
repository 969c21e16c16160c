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
