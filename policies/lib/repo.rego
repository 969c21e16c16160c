# METADATA
# title: Repository helpers
# description: |
#   Helpers over the repository input document (docs/repo-input.md), shared
#   by every policy under policies/repo.
package paved.lib.repo

# params(key, default) reads a policy parameter from --data files (data.params).
params(key, default_value) := v if {
	v := data.params[key]
} else := default_value

# file(rel) is a tree path as reported: the scanned directory joined with it.
file(rel) := rel if {
	object.get(input, "root", ".") == "."
} else := concat("/", [input.root, rel])

# result(msg) is a denial about the repository as a whole.
result(msg) := {"msg": msg, "resource": "repo"}

# result_at(doc, line, msg) is a denial about the repository located in one
# of its parsed files (any object with "file").
result_at(doc, line, msg) := {"msg": msg, "resource": "repo", "location": {"file": doc.file, "line": line}}

# workflows is every parsed workflow ([] when none).
workflows := object.get(input, "workflows", [])

# wf_result(wf, line, msg) is a denial about one workflow (resource = its path).
wf_result(wf, line, msg) := {"msg": msg, "resource": wf.path, "location": {"file": wf.file, "line": line}}

# steps(wf) is every step of every job of a workflow, with its job.
steps(wf) := [{"job": job, "step": step} |
	some job in object.get(wf, "jobs", [])
	some step in object.get(job, "steps", [])
]

# uses(wf) is every `uses` of a workflow: steps' actions and jobs' reusable
# workflows.
uses(wf) := array.concat(
	[s.step.uses | some s in steps(wf); s.step.uses != null],
	[job.uses | some job in object.get(wf, "jobs", []); job.uses != null],
)
