package paved.repo.binaries_test

import data.paved.repo.binaries

tree(f) := {"root": ".", "tree": {"files": [f]}}

test_elf_denied if {
	some v in binaries.deny with input as tree({"path": "tools/x", "size": 10, "format": "elf"})
	v.location.file == "tools/x"
}

test_large_file_denied if {
	some v in binaries.deny with input as tree({"path": "data.csv", "size": 20971520, "format": ""})
	contains(v.msg, "20 MB")
}

test_prefixed_root if {
	some v in binaries.deny with input as {"root": "svc", "tree": {"files": [{"path": "a.exe", "size": 1, "format": "pe"}]}}
	v.location.file == "svc/a.exe"
}

test_wrapper_jar_allowed if {
	count(binaries.deny) == 0 with input as tree({"path": "gradle/wrapper/gradle-wrapper.jar", "size": 10, "format": "class"})
}

test_source_passes if {
	count(binaries.deny) == 0 with input as tree({"path": "main.go", "size": 10, "format": ""})
}
