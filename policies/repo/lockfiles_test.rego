package paved.repo.lockfiles_test

import data.paved.repo.lockfiles

m(lock, deps) := {"manifests": [{"path": "web/package.json", "file": "web/package.json", "has_dependencies": deps,
	"lockfile": lock, "lockfile_candidates": ["package-lock.json", "yarn.lock"]}]}

test_missing_lock_denied if {
	some v in lockfiles.deny with input as m(null, true)
	v.location.file == "web/package.json"
}

test_lock_passes if {
	count(lockfiles.deny) == 0 with input as m("web/package-lock.json", true)
}

test_no_dependencies_passes if {
	count(lockfiles.deny) == 0 with input as m(null, false)
}
