package paved.dockerfile.no_install_recommends_test

import data.paved.dockerfile.fixtures as fx
import data.paved.dockerfile.no_install_recommends as p

test_recommends_denied if {
	some v in p.deny with input as fx.one("debian:12", [fx.run("apt-get update && apt-get install -y curl", 4)])
	v.location.line == 4
	v.resource == "stage[0]"
}

test_flag_and_option_pass if {
	d := fx.one("debian:12", [
		fx.run("apt-get install -y --no-install-recommends curl", 2),
		fx.run("apt-get -o APT::Install-Recommends=false install -y git", 3),
		fx.run("apt-get update", 4),
	])
	count(p.deny) == 0 with input as d
}

test_prefixed_install_denied_build_stage_passes if {
	some _ in p.deny with input as fx.one("debian:12", [fx.run("DEBIAN_FRONTEND=noninteractive sudo apt install -y curl", 2)])
	d := fx.doc([
		fx.stage(0, "build", fx.from("debian:12"), [fx.run("apt-get install -y build-essential", 2)]),
		fx.stage(1, "", fx.from("debian:12"), [fx.run("apt-get install -y --no-install-recommends ca-certificates", 4)]),
	])
	count(p.deny) == 0 with input as d
}

# hadolint DL3015 reads ONBUILD RUN triggers too.
test_onbuild_recommends_denied_flag_passes if {
	some v in p.deny with input as fx.one("debian:12", [fx.onbuild(fx.run("apt-get install -y curl", 0), 2)])
	startswith(v.msg, "ONBUILD RUN at line 2")
	count(p.deny) == 0 with input as fx.one("debian:12", [fx.onbuild(fx.run("apt-get install -y --no-install-recommends curl", 0), 2)])
}
