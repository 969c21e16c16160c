package paved.dockerfile.workdir_absolute_test

import data.paved.dockerfile.fixtures as fx
import data.paved.dockerfile.workdir_absolute as p

test_relative_denied if {
	some v in p.deny with input as fx.one("alpine:3.20", [fx.instr("workdir", ["app"], 2)])
	v.location.line == 2
	contains(v.msg, "WORKDIR app")
}

test_absolute_variable_and_windows_pass if {
	d := fx.one("alpine:3.20", [
		fx.instr("workdir", ["/app"], 2),
		fx.instr("workdir", ["$HOME/src"], 3),
		fx.instr("workdir", ["C:\\app"], 4),
	])
	count(p.deny) == 0 with input as d
}

# hadolint DL3000: single quotes are stripped like double ones, and a drive
# followed by a forward slash is absolute; a quoted relative path is not.
test_quotes_and_drive_forward_slash if {
	d := fx.one("alpine:3.20", [
		fx.instr("workdir", ["'/usr/local'"], 2),
		fx.instr("workdir", ["\"${dir}\""], 3),
		fx.instr("workdir", ["C:/"], 4),
	])
	count(p.deny) == 0 with input as d
	some v in p.deny with input as fx.one("alpine:3.20", [fx.instr("workdir", ["'relative/dir'"], 2)])
	contains(v.msg, "WORKDIR relative/dir")
}
