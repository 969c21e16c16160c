package paved.sbom.hashes_test

import data.paved.sbom.fixtures as f
import data.paved.sbom.hashes

test_no_hash_denied if {
	count(hashes.deny) == 1 with input as f.doc([f.component("a", {"hashes": []})], {})
}

test_hash_passes if {
	count(hashes.deny) == 0 with input as f.doc([f.component("a", {})], {})
}

test_file_passes if {
	count(hashes.deny) == 0 with input as f.doc([f.component("a", {"type": "file", "hashes": []})], {})
}

test_param_off if {
	count(hashes.deny) == 0 with input as f.doc([f.component("a", {"hashes": []})], {}) with data.params.require_hashes as false
}
