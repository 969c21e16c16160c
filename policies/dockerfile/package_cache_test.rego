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

# Assignments and sudo in front of the command do not hide it.
test_prefixed_commands_denied if {
	d := fx.one("debian:12", [
		fx.run("DEBIAN_FRONTEND=noninteractive apt-get -qq update && apt-get install -y curl", 2),
		fx.run("sudo apk add curl", 3),
		fx.run("PIP_INDEX_URL=https://pypi.example/simple /usr/local/bin/pip3.12 install flask", 4),
	])
	{v.location.line | some v in p.deny with input as d} == {2, 3, 4}
}

# hadolint DL3009: apt update is what writes the index; an install in a
# later RUN is not judged again.
test_apt_update_alone_denied_install_alone_passes if {
	some v in p.deny with input as fx.one("debian:12", [fx.run("apt-get update", 2)])
	contains(v.msg, "apt update")
	count(p.deny) == 0 with input as fx.one("debian:12", [fx.run("apt-get install -y update-notifier", 2)])
}

# A build stage's layers do not reach the image; the stages the final one
# builds on do.
test_build_stages_not_judged if {
	d := fx.doc([
		fx.stage(0, "build", fx.from("debian:12"), [fx.run("apt-get update && apt-get install -y gcc && pip install wheel && apk add x", 2)]),
		fx.stage(1, "base", fx.from("python:3.12"), [fx.run("pip install flask", 5)]),
		fx.stage(2, "", fx.from_stage("base", 1), [fx.run("true", 7)]),
	])
	{v.resource | some v in p.deny with input as d} == {"stage:base"}
}

test_pip_exceptions_pass if {
	d := fx.doc([
		fx.stage(0, "base", fx.from("python:3.12"), [fx.pair_instr("env", "PIP_NO_CACHE_DIR", "on", 2)]),
		fx.stage(1, "", fx.from_stage("base", 0), [
			fx.run("pip install flask", 4),
			fx.run("pipx install black && pipenv install", 5),
		]),
	])
	count(p.deny) == 0 with input as d
	e := fx.one("python:3.12", [
		fx.run("PIP_NO_CACHE_DIR=1 pip install flask", 2),
		fx.run_flags("pip install flask", ["--mount=type=cache,target=/home/app/.cache/pip,uid=1000"], 3),
		fx.run_flags("apt-get update && apt-get install -y git", ["--mount=type=tmpfs,target=/var/lib/apt/lists"], 4),
		fx.run_flags("apk add git", ["--mount=type=tmpfs,target=/var/cache/apk"], 5),
	])
	count(p.deny) == 0 with input as e
}

# ONBUILD RUN triggers are judged like RUN, in the stages the image is built
# from only.
test_onbuild_triggers_denied if {
	d := fx.one("python:3.12", [
		fx.onbuild(fx.run("apt-get update && apt-get install -y gcc", 0), 2),
		fx.onbuild(fx.run("apk add curl", 0), 3),
		fx.onbuild(fx.run("pip install -r requirements.txt", 0), 4),
	])
	vs := p.deny with input as d
	{v.location.line | some v in vs} == {2, 3, 4}
	every v in vs {
		startswith(v.msg, "ONBUILD RUN at line")
	}
}

test_onbuild_triggers_clean_or_in_build_stage_pass if {
	clean := fx.one("python:3.12", [
		fx.onbuild(fx.run("apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*", 0), 2),
		fx.onbuild(fx.run_flags("pip install flask", ["--mount=type=cache,target=/root/.cache/pip"], 0), 3),
		fx.onbuild(fx.instr("copy", ["apk", "add", "/app/"], 0), 4),
	])
	count(p.deny) == 0 with input as clean
	build := fx.doc([
		fx.stage(0, "build", fx.from("python:3.12"), [fx.onbuild(fx.run("pip install wheel", 0), 2)]),
		fx.stage(1, "", fx.from("python:3.12-slim"), []),
	])
	count(p.deny) == 0 with input as build
}
