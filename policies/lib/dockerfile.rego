# METADATA
# title: Dockerfile helpers
# description: |
#   Helpers over the Dockerfile input document (docs/dockerfile-input.md),
#   shared by every policy under policies/dockerfile.
package paved.lib.dockerfile

# final is the last stage: the image docker build produces by default.
final := input.stages[count(input.stages) - 1]

# external(s) holds when stage s builds on an image from a registry: not an
# earlier stage, not scratch.
external(s) if {
	not s.from.stage_ref
	not s.from.scratch
}

# built_on maps each stage's index to the stage it builds on ([] for an
# image).
built_on := {st.index: [st.from.stage_index | st.from.stage_ref] | some st in input.stages}

# lineage(s) is s and every stage it builds on through FROM <earlier stage>,
# whose layers, ENV and USER it inherits.
lineage(s) := [input.stages[i] | some i in graph.reachable(built_on, {s.index})]

# origin(s) is the stage at the root of s's lineage (s itself when it builds
# on an image): the one whose FROM names the registry image, scratch or
# unresolved reference the image starts from.
origin(s) := a if {
	some a in lineage(s)
	not a.from.stage_ref
}

# shipped(s) holds when stage s ends up in the image docker build produces:
# it is the final stage or one the final stage is built on. Files a build
# stage leaves behind reach the image only through COPY --from, which
# copies files, not the stage's layers.
shipped(s) if s.index in graph.reachable(built_on, {final.index})

# instructions(s, cmd) is the list of s's instructions of one kind.
instructions(s, cmd) := [i | some i in s.instructions; i.cmd == cmd]

# stage_result(s, msg) is a denial about a stage, located at its FROM.
stage_result(s, msg) := denial(msg, s.address, s.line)

# at(s, i, msg) is a denial about a stage, located at one of its instructions.
at(s, i, msg) := denial(msg, s.address, i.line)

# target_result(line, msg) is a denial about the file as a whole, for
# policies with empty resource_types (resource = the target id).
target_result(line, msg) := denial(msg, input.path, line)

# for_tests holds for a Dockerfile where tests and their data live (tests/,
# testdata/, fixtures/…, by input.path_context): the image it builds serves
# a test run and is not deployed. Its findings are reported as advisory
# (warnings), with the reason, as committed secrets in tests are.
for_tests if input.path_context.context in {"test", "fixture"}

# denial is a finding at a line of the file; advisory, and saying why, in a
# Dockerfile for tests.
denial(msg, resource, line) := d if {
	for_tests
	d := {
		"msg": sprintf("%s; reported without blocking, as the Dockerfile is %s, so its image is built for tests", [msg, input.path_context.reason]),
		"resource": resource, "location": {"file": input.path, "line": line}, "advisory": true,
	}
} else := {"msg": msg, "resource": resource, "location": {"file": input.path, "line": line}}

# advisory_result(line, msg) is target_result reported without blocking,
# for a finding the policy itself judges advisory (its message says why).
advisory_result(line, msg) := object.union(target_result(line, msg), {"advisory": true})

# script(i) is the shell text a RUN executes: its arguments and heredocs.
script(i) := concat("\n", array.concat([concat(" ", i.args)], [h.content | some h in i.heredocs]))

# commands(i) is a RUN's script cut into simple commands at &&, ||, ;, |
# and line ends, each trimmed.
commands(i) := [c |
	some part in regex.split(`&&|\|\||[;|\n]`, script(i))
	c := trim_space(part)
	c != ""
]

# runs(s) is every RUN of stage s with its commands.
runs(s) := [{"instruction": i, "commands": commands(i)} | some i in instructions(s, "run")]

# runs_and_triggers(s) is every RUN of stage s and every RUN an ONBUILD of s
# registers (which runs in each build FROM the image s produces), each with
# its commands and what it is ("RUN" or "ONBUILD RUN") for messages. A
# trigger is located at its ONBUILD line.
runs_and_triggers(s) := array.concat(
	[{"instruction": i, "commands": commands(i), "what": "RUN"} | some i in instructions(s, "run")],
	[{"instruction": t, "commands": commands(t), "what": "ONBUILD RUN"} |
		some o in instructions(s, "onbuild")
		o.trigger.cmd == "run"
		t := object.union(o.trigger, {"line": o.line, "end_line": o.end_line})
	],
)

# words(c) is a simple command split at blanks.
words(c) := [w | some w in regex.split(`\s+`, c); w != ""]

# has_word(c, w) holds when command c has the word w.
has_word(c, w) if w in words(c)

# invocation(c) is simple command c without the VAR=value assignments and
# sudo in front of what it runs ("DEBIAN_FRONTEND=noninteractive apt-get
# install x" is "apt-get install x").
invocation(c) := regex.replace(c, `^((\S+=\S*|sudo(\s+-\S+)*)\s+)*`, "")

# cache_mount(i, dir) holds when RUN i mounts a build cache or a tmpfs at or
# under dir (a regular expression), which keeps what is written there out
# of the image.
cache_mount(i, dir) if {
	some f in i.flags
	startswith(f, "--mount=")
	regex.match(`type=(cache|tmpfs)(,|$)`, f)
	regex.match(sprintf(`(target|dst|destination)=%s`, [dir]), f)
}

# params(key, default) reads a policy parameter from --data files (data.params).
params(key, default_value) := v if {
	v := data.params[key]
} else := default_value
