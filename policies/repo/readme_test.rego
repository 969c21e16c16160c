package paved.repo.readme_test

import data.paved.repo.readme

test_missing_readme_denied if {
	some v in readme.deny with input as {"readme": null}
	v.resource == "repo"
}

test_empty_readme_denied if {
	some v in readme.deny with input as {"readme": {"path": "README.md", "file": "README.md", "size": 0}}
	v.location.file == "README.md"
}

test_readme_passes if {
	count(readme.deny) == 0 with input as {"readme": {"path": "README.md", "file": "README.md", "size": 120}}
}
