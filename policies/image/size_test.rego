package paved.image.size_test

import data.paved.image.fixtures as fx
import data.paved.image.size as p

test_small_passes if {
	count(p.deny) == 0 with input as fx.doc
}

test_large_fails if {
	some v in p.deny with input as fx.with_({"size": 2147483648})
	contains(v.msg, "is 2048 MB compressed, over the 1024 MB budget")
	count(p.deny) == 0 with input as fx.with_({"size": 2147483648}) with data.params.max_image_size_mb as 4096
}
