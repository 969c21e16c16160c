package paved.dockerfile.maintainer_test

import data.paved.dockerfile.maintainer

test_maintainer_denied if {
	count(maintainer.deny) == 1 with input as {"path": "Dockerfile", "stages": [{"address": "stage[0]", "line": 1, "instructions": [{"cmd": "maintainer", "args": ["a@b.c"], "line": 2}]}]}
}

test_label_passes if {
	count(maintainer.deny) == 0 with input as {"path": "Dockerfile", "stages": [{"address": "stage[0]", "line": 1, "instructions": [{"cmd": "label", "args": ["org.opencontainers.image.authors=a@b.c"], "line": 2}]}]}
}
