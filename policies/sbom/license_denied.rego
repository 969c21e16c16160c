# METADATA
# title: No component is only available under a denied licence
# description: |
#   Strong-copyleft and source-available licences (GPL, AGPL, SSPL…) can
#   oblige the whole product to be published under them. A component is
#   denied only when every alternative of its licences includes a denied
#   licence: `MIT OR GPL-3.0-only` is fine, because MIT can be chosen. An
#   SPDX expression is read as written; a list of licences without one is a
#   choice where the ecosystem defines it so (Maven POM, composer.json), and
#   otherwise all of them apply (docs/sbom-input.md). The message names the
#   reading applied.
# custom:
#   id: SBOM-010
#   severity: high
#   kind: sbom
#   resource_types: [component]
#   controls: [NIST-800-53:SR-4, SSDF:PS.3.2]
#   related: ["Trivy:license-forbidden", "sbomqs:comp_with_restrictive_licenses"]
#   remediation: |
#     Replace the component, obtain it under another licence, or record an
#     approved waiver. The denied list is the parameter denied_licenses
#     (glob patterns over SPDX ids, e.g. "GPL-*").
#   enforcement: deny
#   tags: [licensing]
package paved.sbom.license_denied

import data.paved.lib.sbom

# default_denied is strong copyleft and source-available licences.
default_denied := ["AGPL-*", "GPL-*", "SSPL-1.0", "EUPL-*", "OSL-*", "RPL-*", "CPAL-1.0", "Sleepycat"]

denied(term) if {
	some p in sbom.params("denied_licenses", default_denied)
	glob.match(p, null, sbom.license_id(term))
}

# denied_terms are the SBOM's distinct licence terms a pattern denies: each
# term is matched once, not once per component that declares it (a
# 50,000-component SBOM has a few hundred distinct terms).
denied_terms := {t | some t in sbom.license_terms; denied(t)}

deny contains {"msg": msg, "resource": c.address} if {
	# No component is looked at when no term is denied.
	count(denied_terms) > 0
	some c in sbom.components

	# The first alternative is tried before every one is: it rules out
	# nearly every component at a fraction of the cost of "every".
	some first in c.license_choices[0]
	denied_terms[first]
	every alt in c.license_choices {
		some t in alt
		denied_terms[t]
	}
	bad := {t | some alt in c.license_choices; some t in alt; denied_terms[t]}
	msg := sprintf("component %s is only available under a denied licence: %s (%s)", [c.address, concat(", ", sort(bad)), reading(c)])
}

# reading(c) says how the component's licences were read, for the message:
# "listed as a choice (Maven POM): EPL-2.0, GPL-2.0-only".
reading(c) := sprintf("listed as a choice (%s): %s", [c.license_reading.basis, concat(", ", c.licenses)]) if {
	c.license_reading.as == "choice"
} else := sprintf("listed together, all apply: %s", [concat(", ", c.licenses)]) if {
	c.license_reading.as == "together"
} else := sprintf("SPDX expression %s", [concat(" AND ", c.licenses)]) if {
	c.license_reading.as == "expression"
} else := sprintf("the one licence it declares: %s", [concat(", ", c.licenses)]) if {
	c.license_reading.as == "single"
} else := concat(" AND ", c.licenses)
