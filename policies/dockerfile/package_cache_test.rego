package paved.dockerfile.package_cache_test

import data.paved.dockerfile.fixtures as fx
import data.paved.dockerfile.package_cache as p

test_apt_without_cleanup_denied if {
	some v in p.deny with input as fx.one("debian:12", [fx.run("apt-get update && apt-get install -y curl", 3)])
	v.location.line == 3
	contains(v.msg, "/var/lib/apt/lists")
}

test_apk_without_no_cache_denied if {
	some v in p.deny with input as fx.one("alpine:3.20", [fx.run("apk add curl", 2)])
	contains(v.msg, "apk add")
}

test_pip_without_no_cache_dir_denied if {
	some v in p.deny with input as fx.one("python:3.12", [fx.run("python -m pip install -r requirements.txt", 2)])
	contains(v.msg, "--no-cache-dir")
}

test_clean_installs_pass if {
	d := fx.one("debian:12", [
		fx.run("apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*", 2),
		fx.run("apk add --no-cache curl", 3),
		fx.run("pip3 install --no-cache-dir flask", 4),
		fx.run_flags("apt-get install -y git", ["--mount=type=cache,target=/var/lib/apt,sharing=locked"], 5),
	])
	count(p.deny) == 0 with input as d
}

test_pip_env_passes if {
	d := fx.one("python:3.12", [fx.pair_instr("env", "PIP_NO_CACHE_DIR", "1", 2), fx.run("pip install flask", 3)])
	count(p.deny) == 0 with input as d
}
