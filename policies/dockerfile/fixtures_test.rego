# Builders of Dockerfile input documents for the policies' tests, in the
# shape engine/dockerfile produces (docs/dockerfile-input.md).
package paved.dockerfile.fixtures

from(ref) := {
	"raw": ref, "resolved": ref, "unresolved": false, "image": image, "tag": tag, "digest": digest,
	"platform": "", "line": 1, "stage_ref": false, "stage_index": null, "scratch": ref == "scratch",
} if {
	[rest, digest] := split_digest(ref)
	[image, tag] := split_tag(rest)
}

split_digest(ref) := [a, b] if [a, b] := split(ref, "@") else := [ref, ""]

split_tag(ref) := [a, b] if [a, b] := split(ref, ":") else := [ref, ""]

# from_stage(i) is FROM an earlier stage, by index.
from_stage(name, i) := object.union(from(name), {"stage_ref": true, "stage_index": i, "image": name, "tag": ""})

instr(cmd, args, line) := {"cmd": cmd, "args": args, "flags": [], "line": line, "end_line": line, "original": "", "json": false, "heredocs": []}

run(script, line) := instr("run", [script], line)

run_flags(script, flags, line) := object.union(run(script, line), {"flags": flags})

user(u, line) := instr("user", [u], line)

# onbuild(trigger, line) is ONBUILD <trigger>; the trigger has line 0, as
# the loader leaves it.
onbuild(trigger, line) := object.union(instr("onbuild", [], line), {"trigger": object.union(trigger, {"line": 0, "end_line": 0})})

pair_instr(cmd, key, value, line) := object.union(instr(cmd, [sprintf("%s=%s", [key, value])], line), {"pairs": [{
	"key": key, "value": value, "raw": value, "has_value": true, "literal": literal(value),
}]})

literal(value) := false if contains(value, "$") else := true

# stage(i, name, from, instructions) is a stage; user and effective_user
# come from its last USER.
stage(i, name, f, instructions) := {
	"index": i, "name": name, "address": address(i, name), "line": f.line, "end_line": f.line, "from": f,
	"instructions": instructions, "user": last_user(instructions), "effective_user": last_user(instructions),
	"healthcheck": null, "final": false,
}

address(i, "") := sprintf("stage[%d]", [i])

address(_, name) := sprintf("stage:%s", [name]) if name != ""

last_user(instructions) := u if {
	users := [i.args[0] | some i in instructions; i.cmd == "user"]
	u := users[count(users) - 1]
} else := ""

# doc(stages) is a whole document; the last stage is final.
doc(stages) := {
	"kind": "dockerfile", "path": "Dockerfile", "syntax": "", "args": [],
	"stages": [object.union(s, {"final": i == count(stages) - 1}) | some i, s in stages],
	"instructions": [x | some s in stages; some x in s.instructions],
	"final_stage": count(stages) - 1,
}

# one(ref, instructions) is a single-stage document.
one(ref, instructions) := doc([stage(0, "", from(ref), instructions)])
