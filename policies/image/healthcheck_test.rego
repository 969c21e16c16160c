package paved.image.healthcheck_test

import data.paved.image.fixtures as fx
import data.paved.image.healthcheck as p

test_service_with_check_passes if {
	count(p.deny) == 0 with input as fx.doc
	count(p.deny) == 0 with input as fx.config_with({"exposed_ports": [], "healthcheck": null})
}

test_service_without_check_fails if {
	some v in p.deny with input as fx.config_with({"healthcheck": null})
	contains(v.msg, "exposes 8080/tcp but declares no HEALTHCHECK")
	some w in p.deny with input as fx.config_with({"healthcheck": {"test": ["NONE"], "none": true}})
	contains(w.msg, "no HEALTHCHECK")
}
