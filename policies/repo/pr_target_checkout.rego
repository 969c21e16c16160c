# METADATA
# title: pull_request_target workflows do not check out the pull request
# description: |
#   pull_request_target runs with the base repository's secrets and a
#   write token. Checking out the pull request's head there and building or
#   running it executes an outsider's code with those privileges ("pwn
#   request").
# custom:
#   id: REPO-010
#   severity: critical
#   kind: repo
#   resource_types: [workflow]
#   controls: [NIST-800-53:AC-6, NIST-800-53:SI-10, SOC2:CC6.8]
#   related: [Scorecard:Dangerous-Workflow]
#   remediation: |
#     Use the pull_request trigger for anything that builds or runs the
#     contribution; keep pull_request_target for labelling and commenting
#     without checking out the head, or split the work with workflow_run.
#   enforcement: deny
package paved.repo.pr_target_checkout

import data.paved.lib.repo

deny contains repo.wf_result(wf, line, msg) if {
	some wf in repo.workflows
	object.get(wf, ["on", "pull_request_target"], null) != null
	some s in repo.steps(wf)
	s.step.uses != null
	s.step.uses.action == "actions/checkout"
	ref := object.get(s.step.with, "ref", "")
	is_string(ref)
	head_ref(ref)
	line := object.get(s.step.with_lines, "ref", s.step.line)
	msg := sprintf("job %s checks out the pull request head (%s) in a pull_request_target workflow", [s.job.id, ref])
}

head_ref(ref) if contains(ref, "github.event.pull_request.head")

head_ref(ref) if contains(ref, "github.head_ref")

head_ref(ref) if regex.match(`refs/pull/.*/(merge|head)`, ref)
