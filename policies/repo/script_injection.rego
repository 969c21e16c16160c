# METADATA
# title: Workflows do not interpolate untrusted input into run scripts
# description: |
#   ${{ }} expressions are substituted into a run script before the shell
#   sees it, so an issue title, a pull request body, a branch name or a
#   commit message chosen by an outsider becomes shell code running with the
#   workflow's token and secrets. The contexts are those GitHub's security
#   hardening guide lists as attacker-controlled.
# custom:
#   id: REPO-011
#   severity: critical
#   kind: repo
#   resource_types: [workflow]
#   controls: [NIST-800-53:SI-10, SOC2:CC6.8]
#   related: [Scorecard:Dangerous-Workflow]
#   remediation: |
#     Pass the value through an environment variable and quote it in the
#     script: `env: TITLE: ${{ github.event.issue.title }}` then
#     `run: echo "$TITLE"`. Never put such expressions inside run.
#   enforcement: deny
package paved.repo.script_injection

import data.paved.lib.repo

deny contains repo.wf_result(wf, e.line, msg) if {
	some wf in repo.workflows
	some s in repo.steps(wf)
	some e in object.get(s.step, "expressions", [])
	untrusted(e.expr)
	msg := sprintf("job %s interpolates ${{ %s }} into a run script", [s.job.id, e.expr])
}

# Attacker-controlled contexts (GitHub's "Security hardening for GitHub
# Actions": untrusted input), plus github.head_ref.
untrusted(expr) if contains(expr, "github.head_ref")

untrusted(expr) if regex.match(`github\.event\.[A-Za-z0-9_.*\[\]'"-]*\b(title|body|message|name|email|ref|label|head_branch|page_name|default_branch|description)\b`, expr)

untrusted(expr) if regex.match(`github\.event\.(issue|pull_request|comment|review|review_comment|discussion|head_commit|commits|pages|workflow_run)\s*($|\)|,)`, expr)
