package oscal

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/internal/testcorpus"
	"github.com/paved-dev/paved/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// schemaFile is NIST's schema for the OSCAL version paved emits.
const schemaFile = "oscal/oscal_assessment-results_schema-" + OSCALVersion + ".json"

func compileSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	sch, err := loadSchema(testcorpus.Schema(tb, schemaFile))
	if err != nil {
		tb.Fatal(err)
	}
	return sch
}

// loadSchema compiles NIST's schema. Its definitions put "$id" (their
// anchors) beside "$ref", which draft-07 ignores (siblings of $ref do not
// count: santhosh-tekuri/jsonschema#129, usnistgov/OSCAL#1908), so no
// anchor would resolve; each such $ref moves into an allOf of its own,
// which keeps what NIST meant and changes no constraint.
func loadSchema(path string) (*jsonschema.Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(io.LimitReader(f, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	liftRefs(doc)
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(abs, doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sch, err := c.Compile(abs)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", path, err)
	}
	return sch, nil
}

func liftRefs(v any) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"]; ok && len(v) > 1 {
			if _, hasID := v["$id"]; hasID {
				delete(v, "$ref")
				v["allOf"] = []any{map[string]any{"$ref": ref}}
			}
		}
		for _, x := range v {
			liftRefs(x)
		}
	case []any:
		for _, x := range v {
			liftRefs(x)
		}
	}
}

func validate(tb testing.TB, sch *jsonschema.Schema, out []byte) {
	tb.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		tb.Fatalf("output is not JSON: %v", err)
	}
	if err := sch.Validate(v); err != nil {
		tb.Fatalf("output is not valid OSCAL %s assessment-results: %v", OSCALVersion, err)
	}
}

func fullInput() Input {
	return Input{ReportDigest: digest('7'), PolicyDigests: policyDigests()}
}

func render(tb testing.TB, rep *engine.Report, in Input) []byte {
	tb.Helper()
	out, err := AssessmentResults(rep, in)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func decode(tb testing.TB, out []byte) map[string]any {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		tb.Fatal(err)
	}
	return doc["assessment-results"].(map[string]any)
}

func result0(doc map[string]any) map[string]any {
	return doc["results"].([]any)[0].(map[string]any)
}

func list(m map[string]any, key string) []map[string]any {
	var out []map[string]any
	for _, v := range asSlice(m[key]) {
		out = append(out, v.(map[string]any))
	}
	return out
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func propValues(m map[string]any, name string) []string {
	var out []string
	for _, p := range list(m, "props") {
		if p["name"] == name {
			out = append(out, p["value"].(string))
		}
	}
	return out
}

func emptyReport() *engine.Report {
	ps := fixturePolicies()
	return newReport(ps, nil, nil)
}

func noControlsReport() *engine.Report {
	rep := smallReport()
	for _, p := range rep.Policies {
		p.Controls = nil
	}
	for i := range rep.Results {
		rep.Results[i].Policy.Controls = nil
	}
	return rep
}

func TestValidatesAgainstNISTSchema(t *testing.T) {
	sch := compileSchema(t)
	cases := map[string]struct {
		rep *engine.Report
		in  Input
	}{
		"small":               {smallReport(), fullInput()},
		"waivers and errors":  {waiversReport(), fullInput()},
		"no input":            {smallReport(), Input{}},
		"empty run":           {emptyReport(), Input{}},
		"no controls":         {noControlsReport(), Input{}},
		"outside the bundle":  {smallReport(), Input{ReportDigest: digest('7'), AttestationDigest: digest('8')}},
		"big":                 {bigReport(2000, 20), fullInput()},
		"odd strings":         {oddReport(), Input{}},
		"partial, no end":     {partialReport(), Input{}},
		"unknown framework":   {unknownFrameworkReport(), Input{}},
		"run from JSON":       {roundTrip(t, waiversReport()), fullInput()},
		"input overrides all": {smallReport(), overrides()},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			validate(t, sch, render(t, c.rep, c.in))
		})
	}
}

// TestSchemaBites proves the validation can fail: documents broken in
// ways a regression could break them are refused.
func TestSchemaBites(t *testing.T) {
	sch := compileSchema(t)
	out := render(t, waiversReport(), fullInput())
	mutations := map[string]func(doc map[string]any){
		"observation without methods": func(d map[string]any) { delete(list(result0(d), "observations")[0], "methods") },
		"bad uuid":                    func(d map[string]any) { d["uuid"] = "not-a-uuid" },
		"control id not a token": func(d map[string]any) {
			list(result0(d), "findings")[0]["target"].(map[string]any)["target-id"] = "2.1.1"
		},
		"bad finding state": func(d map[string]any) {
			list(result0(d), "findings")[0]["target"].(map[string]any)["status"] = map[string]any{"state": "passed"}
		},
		"prop value with a newline": func(d map[string]any) { list(result0(d), "props")[0]["value"] = "a\nb" },
		"no oscal-version":          func(d map[string]any) { delete(d["metadata"].(map[string]any), "oscal-version") },
		"time without zone":         func(d map[string]any) { result0(d)["start"] = "2026-11-25T10:00:00" },
		"risk without statement":    func(d map[string]any) { delete(list(result0(d), "risks")[0], "statement") },
		"empty observations":        func(d map[string]any) { result0(d)["observations"] = []any{} },
	}
	for name, mutate := range mutations {
		t.Run(name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			mutate(doc["assessment-results"].(map[string]any))
			if err := sch.Validate(doc); err == nil {
				t.Fatal("the schema accepted a broken document")
			}
		})
	}
}

func TestGolden(t *testing.T) {
	for name, rep := range map[string]*engine.Report{"small": smallReport(), "waivers": waiversReport()} {
		t.Run(name, func(t *testing.T) {
			out := render(t, rep, fullInput())
			golden := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("output differs from %s (run with -update and review the diff):\n%s", golden, firstDiff(want, out))
			}
		})
	}
}

func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ: " + strconv.Itoa(len(al)) + " and " + strconv.Itoa(len(bl)) + " lines"
}

// The stitched stream is the JSON encoding/json would indent the same
// way: nothing of the piecewise writing shows.
func TestStreamIsCanonicalIndentedJSON(t *testing.T) {
	out := render(t, waiversReport(), fullInput())
	var compact, indented bytes.Buffer
	if err := json.Compact(&compact, out); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	indented.WriteByte('\n')
	if !bytes.Equal(out, indented.Bytes()) {
		t.Errorf("stream is not indented as json.Indent would:\n%s", firstDiff(indented.Bytes(), out))
	}
}

// The same report gives the same bytes, whatever the order of its
// results, targets, policies and waivers.
func TestDeterministic(t *testing.T) {
	want := render(t, waiversReport(), fullInput())
	for seed := uint64(1); seed <= 5; seed++ {
		rep := waiversReport()
		rng := rand.New(rand.NewPCG(seed, seed))
		rng.Shuffle(len(rep.Results), func(i, j int) { rep.Results[i], rep.Results[j] = rep.Results[j], rep.Results[i] })
		rng.Shuffle(len(rep.Targets), func(i, j int) { rep.Targets[i], rep.Targets[j] = rep.Targets[j], rep.Targets[i] })
		rng.Shuffle(len(rep.Policies), func(i, j int) { rep.Policies[i], rep.Policies[j] = rep.Policies[j], rep.Policies[i] })
		rng.Shuffle(len(rep.Waivers), func(i, j int) { rep.Waivers[i], rep.Waivers[j] = rep.Waivers[j], rep.Waivers[i] })
		if got := render(t, rep, fullInput()); !bytes.Equal(got, want) {
			t.Fatalf("seed %d: a reordered report gives other bytes:\n%s", seed, firstDiff(want, got))
		}
	}
}

var (
	uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)
	timeRE = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z`)
)

// Another run of the same checks differs only in the run's id, its times
// and the identifiers of the run's own parts; what outlives a run (a
// target, a party, the policy set, a catalog) keeps its identifier.
func TestOnlyRunIdentityAndTimesDiffer(t *testing.T) {
	a := waiversReport()
	b := waiversReport()
	b.Run.ID = "0badc0ffee0000000000000000000001"
	b.Run.StartedAt = b.Run.StartedAt.Add(36 * time.Hour)
	b.Run.FinishedAt = b.Run.FinishedAt.Add(36*time.Hour + time.Second)
	outA, outB := render(t, a, fullInput()), render(t, b, fullInput())
	if bytes.Equal(outA, outB) {
		t.Fatal("two runs give the same document")
	}
	norm := func(out []byte, id string) []byte {
		out = bytes.ReplaceAll(out, []byte(id), []byte("RUN"))
		out = timeRE.ReplaceAll(out, []byte("TIME"))
		return uuidRE.ReplaceAll(out, []byte("UUID"))
	}
	if na, nb := norm(outA, a.Run.ID), norm(outB, b.Run.ID); !bytes.Equal(na, nb) {
		t.Fatalf("runs differ beyond ids and times:\n%s", firstDiff(na, nb))
	}
	da, db := decode(t, outA), decode(t, outB)
	itemA, itemB := list(result0(da)["local-definitions"].(map[string]any), "inventory-items"), list(result0(db)["local-definitions"].(map[string]any), "inventory-items")
	for i := range itemA {
		if itemA[i]["uuid"] != itemB[i]["uuid"] {
			t.Errorf("target %v changed its uuid between runs", propValues(itemA[i], "target-path"))
		}
	}
	if list(result0(da), "observations")[0]["uuid"] == list(result0(db), "observations")[0]["uuid"] {
		t.Error("an observation kept its uuid in another run")
	}
	if da["import-ap"].(map[string]any)["href"] != db["import-ap"].(map[string]any)["href"] {
		t.Error("the policy set changed its uuid between runs")
	}
}

// Every reference in the document resolves to something it defines: the
// constraints OSCAL's own tooling checks beyond the schema.
func TestReferencesResolve(t *testing.T) {
	for name, rep := range map[string]*engine.Report{"small": smallReport(), "waivers": waiversReport(), "big": bigReport(500, 10)} {
		t.Run(name, func(t *testing.T) {
			out := render(t, rep, fullInput())
			var doc any
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			defined := map[string]int{}
			refs := map[string][]string{}
			roles := map[string]bool{}
			var walk func(path string, v any)
			walk = func(path string, v any) {
				switch v := v.(type) {
				case map[string]any:
					for k, x := range v {
						s, isString := x.(string)
						switch {
						case k == "uuid" && isString:
							defined[s]++
						case strings.HasSuffix(k, "-uuid") && isString:
							refs[s] = append(refs[s], path+"/"+k)
						case k == "href" && isString && strings.HasPrefix(s, "#"):
							refs[s[1:]] = append(refs[s[1:]], path+"/"+k)
						case k == "role-id" && isString:
							if !roles[s] {
								roles[s] = false
							}
						}
						walk(path+"/"+k, x)
					}
					if strings.HasSuffix(path, "/roles") || strings.Contains(path, "/roles/") {
						if id, ok := v["id"].(string); ok {
							roles[id] = true
						}
					}
				case []any:
					for i, x := range v {
						walk(path+"/"+strconv.Itoa(i), x)
					}
				}
			}
			walk("", doc)
			for id, n := range defined {
				if n > 1 {
					t.Errorf("uuid %s defined %d times", id, n)
				}
			}
			for id, where := range refs {
				if defined[id] == 0 {
					t.Errorf("%s refers to %s, which the document does not define", where[0], id)
				}
			}
			for id, ok := range roles {
				if !ok {
					t.Errorf("role %s is used but not defined", id)
				}
			}
		})
	}
}

func TestModel(t *testing.T) {
	doc := decode(t, render(t, waiversReport(), fullInput()))
	res := result0(doc)
	if v := propValues(res, "policy-set-digest"); !slices.Equal(v, []string{digest('e')}) {
		t.Errorf("result names policy set %v", v)
	}
	if md := doc["metadata"].(map[string]any); md["oscal-version"] != "1.0.6" {
		t.Errorf("oscal-version %v", md["oscal-version"])
	}

	obs := map[string]map[string]any{}
	for _, o := range list(res, "observations") {
		obs[o["title"].(string)] = o
		if !slices.Equal(asStrings(o["methods"]), []string{"TEST"}) {
			t.Errorf("%s: methods %v", o["title"], o["methods"])
		}
		if len(list(o, "subjects")) != 1 || len(list(o, "relevant-evidence")) != 2 {
			t.Errorf("%s: subjects %v, evidence %v", o["title"], o["subjects"], o["relevant-evidence"])
		}
	}
	// One observation per (policy, target), whatever the number of results.
	if len(obs) != 6 {
		t.Errorf("%d observations, want 6: %v", len(obs), keys(obs))
	}
	s3 := obs["TF-AWS-S3-001 on github.com/acme/platform//infra/prod"]
	if s3 == nil {
		t.Fatalf("no observation of TF-AWS-S3-001 on infra/prod: %v", keys(obs))
	}
	for name, want := range map[string]string{"verdict": "fail", "results": "3", "pass": "1", "fail": "1", "waived": "1", "waiver": "W-2026-014"} {
		if got := propValues(s3, name); !slices.Equal(got, []string{want}) {
			t.Errorf("S3 observation: %s = %v, want %s", name, got, want)
		}
	}
	if got := propValues(s3, "warn"); got != nil {
		t.Errorf("S3 observation counts warnings it has none of: %v", got)
	}
	// The policy, its version and its controls are its activity's.
	activities := map[string]map[string]any{}
	for _, a := range list(doc["local-definitions"].(map[string]any), "activities") {
		activities["#"+a["uuid"].(string)] = a
	}
	act := activities[list(s3, "links")[0]["href"].(string)]
	if act == nil {
		t.Fatalf("S3 observation links to no activity: %v", s3["links"])
	}
	for name, want := range map[string]string{"policy": "TF-AWS-S3-001", "policy-file": "builtin/terraform/aws/s3_encryption.rego",
		"policy-digest": digest('3'), "policy-severity": "high"} {
		if got := propValues(act, name); !slices.Equal(got, []string{want}) {
			t.Errorf("S3 activity: %s = %v, want %s", name, got, want)
		}
	}
	if got := propValues(act, "control"); !slices.Equal(got, []string{"CIS-AWS-2.1.1", "NIST-800-53:SC-28", "SOC2:CC6.1"}) {
		t.Errorf("S3 activity controls %v", got)
	}
	var related []string
	for _, sel := range list(act["related-controls"].(map[string]any), "control-selections") {
		for _, c := range list(sel, "include-controls") {
			related = append(related, c["control-id"].(string))
		}
	}
	if !slices.Equal(related, []string{"cis-aws_2.1.1", "sc-28", "soc2_cc6.1"}) {
		t.Errorf("S3 activity related-controls %v", related)
	}
	att := list(s3, "relevant-evidence")[0]
	if got := propValues(att, "attestation-subject"); !slices.Equal(got, []string{digest('a')}) {
		t.Errorf("evidence names subject %v", got)
	}
	if rep := list(s3, "relevant-evidence")[1]; !slices.Equal(propValues(rep, "report-digest"), []string{digest('7')}) {
		t.Errorf("report evidence %v", rep)
	}
	if !strings.Contains(s3["remarks"].(string), `fail aws_s3_bucket.logs at infra/prod/s3.tf:3: bucket "logs" has no server-side encryption`) {
		t.Errorf("remarks do not list the failure: %q", s3["remarks"])
	}

	findings := map[string]map[string]any{}
	for _, f := range list(res, "findings") {
		tg := f["target"].(map[string]any)
		findings[tg["target-id"].(string)] = tg
	}
	want := map[string]string{
		"sc-28":          "not-satisfied", // a failure
		"soc2_cc6.1":     "not-satisfied",
		"cis-aws_2.1.1":  "not-satisfied",
		"soc2_cc8.1":     "not-satisfied", // the repository has no CODEOWNERS
		"ac-3":           "not-satisfied", // RDS passes and is waived; and infra/legacy was not read
		"cis-aws_2.3.3":  "not-satisfied",
		"ac-6":           "not-satisfied", // IMG-SEC-001 could not evaluate
		"cis-docker_4.1": "not-satisfied",
	}
	if len(findings) != len(want) {
		t.Errorf("findings for %v, want %v", keys(findings), want)
	}
	for id, state := range want {
		if got := findings[id]["status"].(map[string]any)["state"]; got != state {
			t.Errorf("%s: %v, want %s", id, got, state)
		}
	}
	if reason := findings["ac-6"]["status"].(map[string]any)["reason"]; reason != "other" {
		t.Errorf("a control only an error leaves unjudged has reason %v, want other", reason)
	}

	// A clean run satisfies.
	clean := decode(t, render(t, passingReport(), Input{}))
	for _, f := range list(result0(clean), "findings") {
		if st := f["target"].(map[string]any)["status"].(map[string]any); st["state"] != "satisfied" || st["reason"] != "pass" {
			t.Errorf("%v in a clean run: %v", f["title"], st)
		}
	}
}

func TestWaiversAsRisks(t *testing.T) {
	doc := decode(t, render(t, waiversReport(), fullInput()))
	res := result0(doc)
	risks := map[string]map[string]any{}
	for _, r := range list(res, "risks") {
		risks[propValues(r, "waiver-id")[0]] = r
	}
	want := map[string]string{"W-2026-014": "deviation-approved", "inline:infra/prod/db.tf:29": "deviation-requested",
		"W-2025-003": "open", "W-2024-009": "closed"}
	if len(risks) != len(want) {
		t.Fatalf("risks %v", keys(risks))
	}
	for id, st := range want {
		if risks[id]["status"] != st {
			t.Errorf("%s: status %v, want %s", id, risks[id]["status"], st)
		}
	}
	approved := risks["W-2026-014"]
	if approved["deadline"] != "2027-01-01T00:00:00Z" {
		t.Errorf("deadline %v: the waiver's last day is 2026-12-31", approved["deadline"])
	}
	for name, v := range map[string]string{"owner": "@acme/platform", "approved-by": "alice@acme.example", "expires": "2026-12-31",
		"waiver-source": ".paved/waivers.yaml:4", "waiver-origin": "file"} {
		if got := propValues(approved, name); !slices.Equal(got, []string{v}) {
			t.Errorf("%s = %v, want %s", name, got, v)
		}
	}
	resp := list(approved, "remediations")[0]
	if resp["lifecycle"] != "completed" || !strings.Contains(approved["statement"].(string), "decommissioned") {
		t.Errorf("response %v, statement %v", resp, approved["statement"])
	}
	parties := map[string]map[string]any{}
	for _, p := range list(doc["metadata"].(map[string]any), "parties") {
		parties[p["uuid"].(string)] = p
	}
	roles := map[string]string{}
	for _, o := range list(resp, "origins") {
		for _, a := range list(o, "actors") {
			roles[a["role-id"].(string)] = parties[a["actor-uuid"].(string)]["name"].(string)
		}
	}
	if roles[roleOwner] != "@acme/platform" || roles[roleApprover] != "alice@acme.example" {
		t.Errorf("response parties %v", roles)
	}
	if len(list(approved, "related-observations")) != 1 || len(list(risks["W-2024-009"], "related-observations")) != 0 {
		t.Errorf("related observations: approved %v, stale %v", approved["related-observations"], risks["W-2024-009"]["related-observations"])
	}
	// The finding of a control with a waived failure relates the risk.
	for _, f := range list(res, "findings") {
		if f["target"].(map[string]any)["target-id"] == "sc-28" {
			if got := list(f, "related-risks"); len(got) != 1 || got[0]["risk-uuid"] != approved["uuid"] {
				t.Errorf("sc-28 related risks %v, want %v", got, approved["uuid"])
			}
		}
	}
}

// An observation ranks its results as the attestation ranks a control's
// (attest.Counts.Verdict): a warn outranks a waived failure, so the OSCAL
// document and the attestation in one bundle give the same verdict.
func TestVerdictRanksWarnAboveWaived(t *testing.T) {
	ps := fixturePolicies()
	prod := &engine.TargetRef{Kind: "terraform", ID: "infra/prod", Repo: "github.com/acme/platform", Path: "infra/prod", Digest: digest('a')}
	waived := result(ps, engine.StatusWaived, "TF-AWS-S3-001", prod, "aws_s3_bucket.logs", "waived", "infra/prod/s3.tf", 3)
	waived.WaiverID = "W-1"
	rep := newReport(ps, []engine.TargetSummary{{TargetRef: *prod, Resources: 2}}, []engine.Result{
		result(ps, engine.StatusPass, "TF-AWS-S3-001", prod, "aws_s3_bucket.assets", "", "infra/prod/s3.tf", 20),
		waived,
		result(ps, engine.StatusWarn, "TF-AWS-S3-001", prod, "aws_s3_bucket.data", "advisory", "infra/prod/s3.tf", 9),
	})
	obs := list(result0(decode(t, render(t, rep, fullInput()))), "observations")
	if len(obs) != 1 {
		t.Fatalf("%d observations, want 1", len(obs))
	}
	got := propValues(obs[0], "verdict")
	if !slices.Equal(got, []string{"warn"}) {
		t.Errorf("verdict %v, want warn: a warn outranks a waived failure", got)
	}
	for _, c := range attest.Controls(rep) {
		if c.ID == "SOC2:CC6.1" && !slices.Equal(got, []string{string(c.Verdict)}) {
			t.Errorf("observation verdict %v, the attestation's control %s says %s", got, c.ID, c.Verdict)
		}
	}
}

func TestInputErrors(t *testing.T) {
	noRun := smallReport()
	noRun.Run.ID = ""
	noStart := smallReport()
	noStart.Run.StartedAt = time.Time{}
	noStatus := smallReport()
	noStatus.Results[1].Status = "passed"
	noPolicy := smallReport()
	noPolicy.Results[2].Policy = nil
	badYear := smallReport()
	badYear.Run.StartedAt = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		rep  *engine.Report
		in   Input
		want string
	}{
		{"no report", nil, Input{}, "no report"},
		{"no run id", noRun, Input{}, "no run id"},
		{"no start", noStart, Input{}, "no start time"},
		{"unknown status", noStatus, Input{}, `unknown status "passed"`},
		{"result without policy", noPolicy, Input{}, "result 2 has no policy"},
		{"year", badYear, Input{}, "outside the years OSCAL admits"},
		{"other policy set", smallReport(), Input{PolicySetDigest: digest('1')}, "is not the report's"},
		{"bad report digest", smallReport(), Input{ReportDigest: "sha256:abc"}, "report digest"},
		{"bad attestation digest", smallReport(), Input{AttestationDigest: "md5:" + strings.Repeat("a", 32)}, "attestation digest"},
		{"bad policy digest", smallReport(), Input{PolicyDigests: map[string]string{"a.rego": strings.Repeat("A", 64)}}, "policy file a.rego"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, c.rep, c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written before the error", buf.Len())
			}
		})
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n+len(p) > 1000 {
		return 0, os.ErrClosed
	}
	w.n += len(p)
	return len(p), nil
}

func TestWriteErrorsSurface(t *testing.T) {
	if err := Write(&failingWriter{}, bigReport(200, 10), Input{}); err == nil {
		t.Fatal("a failing writer's error was lost")
	}
}

// A report that went through report.json (results no longer share their
// policy and target) gives the same document as the one in memory.
func TestDecodedReportSameDocument(t *testing.T) {
	rep := waiversReport()
	if a, b := render(t, rep, fullInput()), render(t, roundTrip(t, rep), fullInput()); !bytes.Equal(a, b) {
		t.Fatalf("decoded report differs:\n%s", firstDiff(a, b))
	}
}

func roundTrip(tb testing.TB, rep *engine.Report) *engine.Report {
	tb.Helper()
	b, err := json.Marshal(rep)
	if err != nil {
		tb.Fatal(err)
	}
	var out engine.Report
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatal(err)
	}
	return &out
}

func overrides() Input {
	in := fullInput()
	in.Policies = fixturePolicies()[:2]
	in.Waivers = waiversReport().Waivers[:1]
	in.Tool, in.Version = "paved-ci", "9.9.9"
	in.Start, in.End = fixtureStart.Add(-time.Minute), fixtureEnd.Add(time.Minute)
	in.PolicySetDigest = digest('e')
	return in
}

func passingReport() *engine.Report {
	rep := smallReport()
	var kept []engine.Result
	for _, r := range rep.Results {
		if r.Status == engine.StatusPass {
			kept = append(kept, r)
		}
	}
	rep.Results = kept
	return rep
}

// oddReport carries strings OSCAL's string type refuses as they are:
// newlines, leading and trailing space, control characters, empty names.
func oddReport() *engine.Report {
	rep := waiversReport()
	p := rep.Results[1].Policy
	p.Title = "  multi\nline\ttitle \u2028 "
	p.Severity = ""
	t := rep.Results[1].Target
	t.Owner = " \x00 "
	rep.Results[1].Message = "line one\r\nline two\x1b[0m"
	rep.Results[1].Resource = ""
	rep.Waivers[0].Owner = "\n"
	rep.Waivers[0].Reason = ""
	rep.Waivers[1].Expires = "someday"
	rep.Policies[0].Controls = []string{"", " ", "Ünïcode:Ä-1", "123", "NIST-800-53:AC-2(1)", "nist-800-53:ac-02", "NIST-800-53:XX", "weird id/with spaces"}
	return rep
}

func partialReport() *engine.Report {
	rep := smallReport()
	rep.Partial = true
	rep.Run.FinishedAt = time.Time{}
	rep.FailOn = ""
	return rep
}

func unknownFrameworkReport() *engine.Report {
	rep := smallReport()
	for _, p := range rep.Policies {
		p.Controls = append(p.Controls, "ACME-Internal:SEC.4", "iso27001:A.8.24")
	}
	return rep
}

func asStrings(v any) []string {
	var out []string
	for _, x := range asSlice(v) {
		out = append(out, x.(string))
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// schemaIfPresent is the compiled schema, or nil when ../shared does not
// hold it (for fuzzing, which cannot skip one input): then a failure under
// PAVED_REQUIRE_SERVICES=1 (CI), where documents must be validated. A
// schema that is there but does not load fails tb.
func schemaIfPresent(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	p := testcorpus.Path("schemas/" + schemaFile)
	if p != "" {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			p = ""
		}
	}
	if p == "" {
		if testenv.Required() {
			tb.Fatalf("../shared/schemas/%s not found and PAVED_REQUIRE_SERVICES=1: fuzzed documents are not validated", schemaFile)
		}
		return nil
	}
	sch, err := loadSchema(p)
	if err != nil {
		tb.Fatal(err)
	}
	return sch
}
