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

test_not_affected_passes if {
	count(vulnerabilities.deny) == 0 with input as f.doc([], {"findings": [f.finding("CVE-1", "critical", "not_affected")]})
}

test_medium_passes if {
	count(vulnerabilities.deny) == 0 with input as f.doc([], {"findings": [f.finding("CVE-1", "medium", "")]})
}

test_osv_matched_critical_denied if {
	osv := object.union(f.finding("GHSA-1", "critical", ""), {"source": "osv", "matched": ["GHSA-1"]})
	some v in vulnerabilities.deny with input as f.doc([], {"findings": [osv]})
	v.resource == "GHSA-1@pkg:npm/a@1.0.0"
}
