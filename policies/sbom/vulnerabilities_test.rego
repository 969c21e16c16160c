package paved.sbom.vulnerabilities_test

import data.paved.sbom.fixtures as f
import data.paved.sbom.vulnerabilities

test_unanalysed_critical_denied if {
	some v in vulnerabilities.deny with input as f.doc([], {"findings": [f.finding("CVE-1", "critical", "")]})
	v.resource == "CVE-1@pkg:npm/a@1.0.0"
}

test_exploitable_high_denied if {
	count(vulnerabilities.deny) == 1 with input as f.doc([], {"findings": [f.finding("CVE-1", "high", "exploitable")]})
}

# A VEX resolution does not pass the finding: it is still denied, and the
# waiver the SBOM loader declares for it (engine/sbom/vex.go) waives it, so
# reports show it.
test_vex_resolved_critical_still_denied if {
	vexed := object.union(f.finding("CVE-1", "critical", "not_affected"), {"analysis": {
		"state": "not_affected", "justification": "code_not_reachable", "response": [], "detail": "",
	}})
	some v in vulnerabilities.deny with input as f.doc([], {"findings": [vexed]})
	v.resource == "CVE-1@pkg:npm/a@1.0.0"
	v.msg == "critical vulnerability CVE-1 in pkg:npm/a@1.0.0 is set aside by VEX not_affected (code_not_reachable)"
}

test_every_vex_state_denied if {
	every state in ["not_affected", "false_positive", "resolved", "resolved_with_pedigree", "exploitable", "in_triage", ""] {
		count(vulnerabilities.deny) == 1 with input as f.doc([], {"findings": [f.finding("CVE-1", "high", state)]})
	}
}

test_vex_state_without_analysis_named if {
	some v in vulnerabilities.deny with input as f.doc([], {"findings": [f.finding("CVE-1", "high", "false_positive")]})
	v.msg == "high vulnerability CVE-1 in pkg:npm/a@1.0.0 is set aside by VEX false_positive"
}

test_unresolved_message if {
	some v in vulnerabilities.deny with input as f.doc([], {"findings": [f.finding("CVE-1", "high", "in_triage")]})
	v.msg == `high vulnerability CVE-1 in pkg:npm/a@1.0.0 has no VEX resolution (state "in_triage")`
}

test_not_affected_low_passes if {
	count(vulnerabilities.deny) == 0 with input as f.doc([], {"findings": [f.finding("CVE-1", "low", "not_affected")]})
}

test_medium_passes if {
	count(vulnerabilities.deny) == 0 with input as f.doc([], {"findings": [f.finding("CVE-1", "medium", "")]})
}

test_osv_matched_critical_denied if {
	osv := object.union(f.finding("GHSA-1", "critical", ""), {"source": "osv", "matched": ["GHSA-1"]})
	some v in vulnerabilities.deny with input as f.doc([], {"findings": [osv]})
	v.resource == "GHSA-1@pkg:npm/a@1.0.0"
}
