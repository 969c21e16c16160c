package paved.sbom.author_test

import data.paved.sbom.author
import data.paved.sbom.fixtures as f

test_anonymous_denied if {
	count(author.deny) == 1 with input as f.doc([], {"metadata": {"authors": [], "tools": []}})
}

test_tools_pass if {
	count(author.deny) == 0 with input as f.doc([], {})
}

test_authors_pass if {
	count(author.deny) == 0 with input as f.doc([], {"metadata": {"authors": [{"name": "Platform", "email": ""}], "tools": []}})
}
