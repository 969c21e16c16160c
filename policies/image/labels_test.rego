package paved.image.labels_test

import data.paved.image.fixtures as fx
import data.paved.image.labels as p

test_labelled_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_missing_labels_fail if {
	some v in p.deny with input as fx.set("/config/labels", {"org.opencontainers.image.source": " "})
	contains(v.msg, "lacks the label(s) org.opencontainers.image.source, org.opencontainers.image.revision, org.opencontainers.image.licenses")
	count(p.deny) == 0 with input as fx.set("/config/labels", {"team": "x"}) with data.params.required_labels as ["team"]
}
