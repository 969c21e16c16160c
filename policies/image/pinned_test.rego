package paved.image.pinned_test

import data.paved.image.fixtures as fx
import data.paved.image.pinned as p

test_digest_passes if {
	count(p.deny) == 0 with input as fx.doc
	count(p.deny) == 0 with input as fx.with_({"source": "oci-layout", "pinned": false, "tag": "v1"})
}

test_tag_fails if {
	some v in p.deny with input as fx.with_({"reference": "image://r.example/acme/app:1.4", "pinned": false, "tag": "1.4"})
	contains(v.msg, `referenced by tag "1.4"`)
	contains(v.msg, "r.example/acme/app@sha256:1111")
}
