package main

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/paved-dev/paved/internal/testenv"
)

// actionFile is paved's GitHub Action, as users reference it.
const actionFile = "../../actions/action.yml"

// actionMeta is the part of action.yml the runner reads.
type actionMeta struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	ID    string            `yaml:"id"`
	Name  string            `yaml:"name"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Shell string            `yaml:"shell"`
	Run   string            `yaml:"run"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

// actionRun is what one emulated run of the action left behind.
type actionRun struct {
	steps   map[string]map[string]string // step id → outputs
	log     map[string]string            // step name → stdout and stderr
	summary string                       // every step's job summary
	uses    map[string]map[string]string // uses steps that would run → their evaluated with:
	failed  string                       // the step that failed, "" when none did
	code    int                          // its exit code
	outputs map[string]string            // the action's outputs
}

// runAction runs action.yml's steps in workspace the way the Actions runner
// runs a composite action's: each run step's script, taken from the file
// itself, in bash -eo pipefail with its env, a fresh $GITHUB_OUTPUT and
// $GITHUB_STEP_SUMMARY per step, stopping at the first failing step. Steps
// that use another action are not run (they need GitHub); the test sees
// whether they would run and with what inputs.
func runAction(t *testing.T, workspace, event string, with map[string]string) *actionRun {
	t.Helper()
	b, err := os.ReadFile(actionFile)
	if err != nil {
		t.Fatal(err)
	}
	var meta actionMeta
	if err := yaml.Unmarshal(b, &meta); err != nil {
		t.Fatalf("%s: %v", actionFile, err)
	}
	if meta.Runs.Using != "composite" {
		t.Fatalf("runs.using %q: the test emulates composite actions", meta.Runs.Using)
	}
	inputs := map[string]string{}
	for name, in := range meta.Inputs {
		inputs[name] = in.Default
	}
	for name, v := range with {
		if _, ok := meta.Inputs[name]; !ok {
			t.Fatalf("input %q is not declared in action.yml", name)
		}
		inputs[name] = v
	}
	actionPath, err := filepath.Abs(filepath.Dir(actionFile))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	runnerTemp := filepath.Join(tmp, "runner-temp")
	os.Mkdir(runnerTemp, 0o755)
	base := []string{
		"GITHUB_ACTIONS=true", "GITHUB_WORKSPACE=" + workspace, "GITHUB_ACTION_PATH=" + actionPath,
		"GITHUB_EVENT_PATH=" + event, "RUNNER_TEMP=" + runnerTemp,
		"GITHUB_ENV=" + filepath.Join(tmp, "env"), "GITHUB_PATH=" + filepath.Join(tmp, "path"),
	}
	for _, kv := range os.Environ() {
		// The test may itself run in Actions: none of that job's files.
		if !strings.HasPrefix(kv, "GITHUB_") && !strings.HasPrefix(kv, "RUNNER_") {
			base = append(base, kv)
		}
	}

	r := &actionRun{steps: map[string]map[string]string{}, log: map[string]string{}, uses: map[string]map[string]string{}}
	eval := func(s string) string { return evalExpr(t, s, inputs, r.steps) }
	var summary strings.Builder
	for i, st := range meta.Runs.Steps {
		name := cmpOr(st.Name, st.ID, fmt.Sprint("step ", i))
		if st.If != "" && !evalCond(t, st.If, eval) {
			continue
		}
		if st.Uses != "" {
			w := map[string]string{}
			for k, v := range st.With {
				w[k] = eval(v)
			}
			r.uses[st.Uses] = w
			continue
		}
		if st.Shell != "bash" {
			t.Fatalf("step %q: shell %q; the test runs bash steps", name, st.Shell)
		}
		script := filepath.Join(tmp, fmt.Sprintf("step%d.sh", i))
		output := filepath.Join(tmp, fmt.Sprintf("output%d", i))
		stepSummary := filepath.Join(tmp, fmt.Sprintf("summary%d", i))
		os.WriteFile(script, []byte(st.Run), 0o644)
		os.WriteFile(output, nil, 0o644)
		os.WriteFile(stepSummary, nil, 0o644)
		// The runner's bash: bash --noprofile --norc -eo pipefail {0}.
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", script)
		cmd.Dir = workspace
		cmd.Env = append(append([]string{}, base...), "GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+stepSummary)
		for k, v := range st.Env {
			cmd.Env = append(cmd.Env, k+"="+eval(v))
		}
		out, err := cmd.CombinedOutput()
		r.log[name] = string(out)
		sb, _ := os.ReadFile(stepSummary)
		summary.Write(sb)
		if st.ID != "" {
			r.steps[st.ID] = readStepOutputs(t, output)
		}
		if err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("step %q: %v", name, err)
			}
			r.failed, r.code = name, ee.ExitCode()
			break
		}
	}
	r.summary = summary.String()
	r.outputs = map[string]string{}
	for name, o := range meta.Outputs {
		r.outputs[name] = eval(o.Value)
	}
	return r
}

func cmpOr(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

var exprRE = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// evalExpr expands the ${{ }} expressions action.yml uses: inputs.NAME,
// steps.ID.outputs.NAME and github.action_ref (empty, as for a local action).
func evalExpr(t *testing.T, s string, inputs map[string]string, steps map[string]map[string]string) string {
	t.Helper()
	return exprRE.ReplaceAllStringFunc(s, func(m string) string {
		return evalTerm(t, exprRE.FindStringSubmatch(m)[1], inputs, steps)
	})
}

func evalTerm(t *testing.T, e string, inputs map[string]string, steps map[string]map[string]string) string {
	t.Helper()
	parts := strings.Split(e, ".")
	switch {
	case len(parts) == 2 && parts[0] == "inputs":
		v, ok := inputs[parts[1]]
		if !ok {
			t.Fatalf("expression %q: no such input", e)
		}
		return v
	case len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs":
		return steps[parts[1]][parts[3]]
	case e == "github.action_ref":
		return ""
	}
	t.Fatalf("expression %q: the test does not evaluate it; extend evalTerm", e)
	return ""
}

var condRE = regexp.MustCompile(`^\s*([\w.-]+)\s*(==|!=)\s*'([^']*)'\s*$`)

// evalCond evaluates an if: of the form X == 'v' [&& Y != 'w' …].
func evalCond(t *testing.T, cond string, eval func(string) string) bool {
	t.Helper()
	for _, c := range strings.Split(cond, "&&") {
		m := condRE.FindStringSubmatch(c)
		if m == nil {
			t.Fatalf("if: %q: the test does not evaluate it; extend evalCond", cond)
		}
		v := eval("${{ " + m[1] + " }}")
		if (v == m[3]) != (m[2] == "==") {
			return false
		}
	}
	return true
}

// readStepOutputs parses a $GITHUB_OUTPUT file: name=value lines and
// name<<DELIM heredocs.
func readStepOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var val []string
			for sc.Scan() && sc.Text() != delim {
				val = append(val, sc.Text())
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		name, val, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: malformed output line %q", path, line)
		}
		out[name] = val
	}
	return out
}

// actionWorkspace is a git checkout holding the insecure example stack in
// infra/, on a branch whose one commit adds the SSH-open security group;
// it returns the workspace and the base commit.
func actionWorkspace(t *testing.T) (string, string) {
	t.Helper()
	ws := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = ws
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=dev", "GIT_AUTHOR_EMAIL=dev@example.com",
			"GIT_COMMITTER_NAME=dev", "GIT_COMMITTER_EMAIL=dev@example.com")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if err := os.CopyFS(filepath.Join(ws, "infra"), os.DirFS("../../examples/terraform/insecure-stack")); err != nil {
		t.Fatal(err)
	}
	mainTF := filepath.Join(ws, "infra", "main.tf")
	full, err := os.ReadFile(mainTF)
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(full), `resource "aws_security_group" "bastion"`)
	end := strings.Index(string(full)[start+1:], "\nresource ")
	if start < 0 || end < 0 {
		t.Fatal("the insecure stack no longer has the bastion security group this test adds")
	}
	os.WriteFile(mainTF, []byte(string(full)[:start]+string(full)[start+1+end+1:]), 0o644)
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "base")
	baseSHA := git("rev-parse", "HEAD")
	git("checkout", "-q", "-b", "feature")
	os.WriteFile(mainTF, full, 0o644)
	git("commit", "-q", "-am", "bastion open to the world")
	return ws, baseSHA
}

func buildPaved(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "paved")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build paved: %v\n%s", err, out)
	}
	return bin
}

// The action, run as a runner runs it, on a pull request that opens SSH to
// the world: annotations on the changed lines only, the job summary, the
// outputs, SARIF handed to upload-sarif, and the step failing with 1.
func TestActionOnPullRequest(t *testing.T) {
	testenv.Tool(t, "apt-get install git", "git")
	if testing.Short() {
		t.Skip("builds paved")
	}
	bin := buildPaved(t)
	ws, baseSHA := actionWorkspace(t)
	event := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(event, []byte(`{"action":"synchronize","pull_request":{"number":7,"base":{"sha":"`+baseSHA+`","ref":"main"}}}`), 0o644)

	r := runAction(t, ws, event, map[string]string{"paved-binary": bin, "path": "infra"})
	if r.failed != "Gate on paved's verdict" || r.code != 1 {
		t.Fatalf("want the gate step to fail with 1; failed %q with %d\n%v", r.failed, r.code, r.log)
	}
	if r.steps["install"]["bin"] != bin {
		t.Errorf("install: bin output %q, want the given binary %q", r.steps["install"]["bin"], bin)
	}
	if _, ran := r.uses["actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5"]; ran {
		t.Error("Go is set up although a paved binary was given")
	}

	log := r.log["paved check"]
	var anns []string
	for _, l := range strings.Split(log, "\n") {
		if strings.HasPrefix(l, "::") {
			anns = append(anns, l)
		}
	}
	has := func(prefix string) bool {
		for _, a := range anns {
			if strings.HasPrefix(a, prefix) {
				return true
			}
		}
		return false
	}
	if !has("::error file=infra/main.tf,line=36,title=TF-AWS-VPC-001 ") {
		t.Errorf("no error annotation on the added security group:\n%s", strings.Join(anns, "\n"))
	}
	if !has("::warning file=infra/main.tf,line=43,title=TF-GP-001 ") {
		t.Errorf("no warning for the added group's missing tag:\n%s", strings.Join(anns, "\n"))
	}
	for _, a := range anns {
		if !strings.HasPrefix(a, "::error file=infra/main.tf,line=") && !strings.HasPrefix(a, "::warning file=infra/main.tf,line=") {
			t.Errorf("annotation off the changed lines: %s", a)
		}
	}

	out := r.outputs
	rb, err := os.ReadFile(out["json"])
	if err != nil {
		t.Fatalf("json output %q: %v", out["json"], err)
	}
	rep := jsonReport(t, string(rb))
	s := rep.Summary
	want := map[string]string{
		"exit-code": "1", "failed": fmt.Sprint(s.Fail), "blocking": fmt.Sprint(s.Blocking), "warnings": fmt.Sprint(s.Warn),
		"waived": fmt.Sprint(s.Waived), "passed": fmt.Sprint(s.Pass), "errors": fmt.Sprint(s.Error),
	}
	for k, v := range want {
		if out[k] != v {
			t.Errorf("output %s = %q, want %q", k, out[k], v)
		}
	}
	if s.Blocking == 0 || s.Fail <= len(anns) {
		t.Errorf("summary %+v: the stack has blocking findings outside the diff too", s)
	}
	for _, rr := range rep.Results {
		if rr.Location != nil && strings.HasPrefix(rr.Location.File, "/") {
			t.Errorf("report location %s is absolute: paved must run in the workspace", rr.Location.File)
		}
	}

	upload, ok := r.uses["github/codeql-action/upload-sarif@5d4e8d1aca955e8d8589aabd499c5cae939e33c7"]
	if !ok {
		t.Fatalf("upload-sarif would not run; uses steps: %v", r.uses)
	}
	if upload["sarif_file"] != out["sarif"] || upload["category"] != "paved" {
		t.Errorf("upload-sarif with %v, sarif output %q", upload, out["sarif"])
	}
	sarif, err := os.ReadFile(out["sarif"])
	if err != nil || !json.Valid(sarif) || !strings.Contains(string(sarif), `"uri": "infra/main.tf"`) {
		t.Errorf("SARIF at %q (%v) is not a report of the workspace:\n%.500s", out["sarif"], err, sarif)
	}

	for _, w := range []string{
		fmt.Sprintf("❌ **%d blocking findings** at fail-on `high`", s.Blocking),
		fmt.Sprintf("### Blocking findings (%d)", s.Blocking),
		"`infra/main.tf:36`",
		"on lines changed since `" + baseSHA + "`",
	} {
		if !strings.Contains(r.summary, w) {
			t.Errorf("job summary lacks %q:\n%s", w, r.summary)
		}
	}
	if !strings.Contains(r.log["Gate on paved's verdict"], "blocking findings") {
		t.Errorf("gate log: %s", r.log["Gate on paved's verdict"])
	}
}

// A push (no pull request), a compliant stack and no SARIF upload: the
// action passes; an input paved rejects fails it with 2 and says so in the
// summary; an input the installed paved lacks names what is needed.
func TestActionPushAndErrors(t *testing.T) {
	testenv.Tool(t, "apt-get install git", "git")
	if testing.Short() {
		t.Skip("builds paved")
	}
	bin := buildPaved(t)
	ws, _ := actionWorkspace(t)
	if err := os.CopyFS(filepath.Join(ws, "good"), os.DirFS("../../examples/terraform/compliant-stack")); err != nil {
		t.Fatal(err)
	}
	event := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(event, []byte(`{"ref":"refs/heads/main","after":"abc"}`), 0o644)

	r := runAction(t, ws, event, map[string]string{"paved-binary": bin, "path": "good", "upload-sarif": "false", "fail-on": "critical"})
	if r.failed != "" {
		t.Fatalf("step %q failed with %d\n%v", r.failed, r.code, r.log)
	}
	if r.outputs["exit-code"] != "0" || r.outputs["blocking"] != "0" || r.outputs["passed"] == "0" {
		t.Errorf("outputs %v", r.outputs)
	}
	if len(r.uses) != 0 {
		t.Errorf("no other action should run: %v", r.uses)
	}
	if !strings.Contains(r.summary, "✅ **No blocking findings** at fail-on `critical`") {
		t.Errorf("summary:\n%s", r.summary)
	}

	// Every finding is annotated without a base; the budget holds.
	r = runAction(t, ws, event, map[string]string{"paved-binary": bin, "path": "infra", "upload-sarif": "false", "max-annotations": "3"})
	if r.code != 1 || strings.Count(r.log["paved check"], "\n::error ") != 3 || strings.Count(r.log["paved check"], "\n::warning ") != 3 ||
		!strings.Contains(r.log["paved check"], "\n::notice title=paved::") {
		t.Errorf("push on the insecure stack: exit %d, log:\n%s", r.code, r.log["paved check"])
	}

	r = runAction(t, ws, event, map[string]string{"paved-binary": bin, "fail-on": "severe"})
	if r.failed != "Gate on paved's verdict" || r.code != 2 || r.outputs["exit-code"] != "2" {
		t.Fatalf("a usage error: failed %q with %d, outputs %v\n%v", r.failed, r.code, r.outputs, r.log)
	}
	if !strings.Contains(r.summary, "paved check exited 2 without writing a report") || !strings.Contains(r.log["paved check"], "--fail-on") {
		t.Errorf("summary:\n%s\nlog:\n%s", r.summary, r.log["paved check"])
	}

	r = runAction(t, ws, event, map[string]string{"paved-binary": "/nonexistent/paved"})
	if r.failed != "Install paved" || r.code != 2 || !strings.Contains(r.log["Install paved"], "is not an executable file") {
		t.Errorf("a missing binary: failed %q with %d: %s", r.failed, r.code, r.log["Install paved"])
	}

	// An older paved, whose check lacks --evidence and --store: the inputs
	// that need them are refused, not dropped.
	older := filepath.Join(t.TempDir(), "paved")
	stub := "#!/bin/sh\nif [ \"$*\" = \"check --help\" ]; then\n  \"" + bin + "\" check --help | grep -vE '^[[:space:]]*--(evidence|store)[[:space:]]'\n  exit 0\nfi\nexec \"" + bin + "\" \"$@\"\n"
	if err := os.WriteFile(older, []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	for in, flag := range map[string]string{"evidence-dir": "--evidence", "store-url": "--store"} {
		r = runAction(t, ws, event, map[string]string{"paved-binary": older, in: "x"})
		if r.failed != "paved check" || r.code != 2 ||
			!strings.Contains(r.log["paved check"], "::error title=paved::input "+in+" needs paved check "+flag+", which the installed paved ") {
			t.Errorf("input %s on a paved without the flag: failed %q with %d: %s", in, r.failed, r.code, r.log["paved check"])
		}
	}

	// evidence-dir with evidence-key leaves a signed bundle that verifies
	// with the public key.
	keys := t.TempDir()
	if out, err := exec.Command(bin, "evidence", "keygen", "--out", keys).CombinedOutput(); err != nil {
		t.Fatalf("keygen: %v\n%s", err, out)
	}
	evDir := filepath.Join(t.TempDir(), "evidence")
	r = runAction(t, ws, event, map[string]string{"paved-binary": bin, "path": "good", "upload-sarif": "false", "fail-on": "critical",
		"evidence-dir": evDir, "evidence-key": filepath.Join(keys, "paved.key")})
	if r.failed != "" {
		t.Fatalf("evidence-dir: failed %q with %d: %s", r.failed, r.code, r.log["paved check"])
	}
	bundles, _ := filepath.Glob(filepath.Join(evDir, "run-*.tar.gz"))
	if len(bundles) != 1 {
		t.Fatalf("evidence-dir holds %v, want one bundle", bundles)
	}
	if out, err := exec.Command(bin, "evidence", "verify", bundles[0], "--key", filepath.Join(keys, "paved.pub")).CombinedOutput(); err != nil {
		t.Errorf("the Action's bundle does not verify: %v\n%s", err, out)
	}
	// evidence-previous chains the next run's bundle onto it (the run id
	// is the same here, so the first is moved aside under another name);
	// evidence-previous-key checks who signed that one.
	if err := os.Rename(bundles[0], filepath.Join(evDir, "first.tar.gz")); err != nil {
		t.Fatal(err)
	}
	otherKeys := t.TempDir()
	if out, err := exec.Command(bin, "evidence", "keygen", "--out", otherKeys).CombinedOutput(); err != nil {
		t.Fatalf("keygen: %v\n%s", err, out)
	}
	r = runAction(t, ws, event, map[string]string{"paved-binary": bin, "path": "good", "upload-sarif": "false", "fail-on": "critical",
		"evidence-dir": t.TempDir(), "evidence-key": filepath.Join(keys, "paved.key"), "evidence-previous": evDir,
		"evidence-previous-key": filepath.Join(otherKeys, "paved.pub")})
	if r.failed == "" || r.code != 2 || !strings.Contains(r.log["paved check"], "signature does not verify with "+filepath.Join(otherKeys, "paved.pub")) {
		t.Errorf("evidence-previous-key of another signer: failed %q with %d: %s", r.failed, r.code, r.log["paved check"])
	}
	r = runAction(t, ws, event, map[string]string{"paved-binary": bin, "path": "good", "upload-sarif": "false", "fail-on": "critical",
		"evidence-dir": evDir, "evidence-key": filepath.Join(keys, "paved.key"), "evidence-previous": evDir,
		"evidence-previous-key": filepath.Join(keys, "paved.pub")})
	if r.failed != "" {
		t.Fatalf("evidence-previous: failed %q with %d: %s", r.failed, r.code, r.log["paved check"])
	}
	if strings.Contains(r.log["paved check"], "integrity only") {
		t.Errorf("evidence-previous-key: the previous bundle's signature was not checked: %s", r.log["paved check"])
	}
	if out, err := exec.Command(bin, "evidence", "verify", "--chain", evDir, "--key", filepath.Join(keys, "paved.pub")).CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "2 of the scope's 2 bundles") {
		t.Errorf("the Action's bundles do not chain: %v\n%s", err, out)
	}
	r = runAction(t, ws, event, map[string]string{"paved-binary": bin, "evidence-previous": evDir})
	if r.failed != "paved check" || r.code != 2 || !strings.Contains(r.log["paved check"], "input evidence-previous needs evidence-dir") {
		t.Errorf("evidence-previous without evidence-dir: failed %q with %d: %s", r.failed, r.code, r.log["paved check"])
	}
	r = runAction(t, ws, event, map[string]string{"paved-binary": bin, "evidence-previous-key": filepath.Join(keys, "paved.pub")})
	if r.failed != "paved check" || r.code != 2 || !strings.Contains(r.log["paved check"], "input evidence-previous-key needs evidence-dir") {
		t.Errorf("evidence-previous-key without evidence-dir: failed %q with %d: %s", r.failed, r.code, r.log["paved check"])
	}
	// A paved whose check lacks --evidence-previous-key: the input is
	// refused, not dropped, which would check integrity only.
	noKey := filepath.Join(t.TempDir(), "paved")
	stub = "#!/bin/sh\nif [ \"$*\" = \"check --help\" ]; then\n  \"" + bin + "\" check --help | grep -vE '^[[:space:]]*--evidence-previous-key[[:space:]]'\n  exit 0\nfi\nexec \"" + bin + "\" \"$@\"\n"
	if err := os.WriteFile(noKey, []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	r = runAction(t, ws, event, map[string]string{"paved-binary": noKey, "path": "good", "upload-sarif": "false", "fail-on": "critical",
		"evidence-dir": t.TempDir(), "evidence-key": filepath.Join(keys, "paved.key"), "evidence-previous": evDir,
		"evidence-previous-key": filepath.Join(keys, "paved.pub")})
	if r.failed != "paved check" || r.code != 2 ||
		!strings.Contains(r.log["paved check"], "::error title=paved::input evidence-previous-key needs paved check --evidence-previous-key, which the installed paved ") {
		t.Errorf("evidence-previous-key on a paved without the flag: failed %q with %d: %s", r.failed, r.code, r.log["paved check"])
	}

	// store-url reaches paved as PAVED_STORE, not on its command line: the
	// run is recorded.
	db := filepath.Join(t.TempDir(), "history.db")
	r = runAction(t, ws, event, map[string]string{"paved-binary": bin, "path": "good", "upload-sarif": "false", "fail-on": "critical", "store-url": "sqlite://" + db})
	if r.failed != "" {
		t.Fatalf("store-url: failed %q with %d: %s", r.failed, r.code, r.log["paved check"])
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var runs int
	if err := raw.QueryRow(`SELECT count(*) FROM runs`).Scan(&runs); err != nil || runs != 1 {
		t.Errorf("store-url: %d runs recorded (%v), want 1", runs, err)
	}
	if strings.Contains(r.log["paved check"], db) {
		t.Errorf("the store URL is in the step's log: %s", r.log["paved check"])
	}
}
