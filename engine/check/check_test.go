package check

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/sbom"
)

// history is a check.History that remembers what it was asked and given.
type history struct {
	mu       sync.Mutex
	asked    []string // kind:id of FirstSeen calls
	seen     map[string]time.Time
	recorded []*engine.Report
}

func (h *history) FirstSeen(_ context.Context, kind engine.Kind, id engine.Identity) (map[string]time.Time, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.asked = append(h.asked, string(kind)+":"+id.String())
	return h.seen, nil
}

func (h *history) Record(_ context.Context, rep *engine.Report) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recorded = append(h.recorded, rep)
	return nil
}

// Run asks the history about the findings it tracks before they are
// judged, and records the run with them in the report: the store needs
// nothing else to work out what it keeps.
func TestRunFeedsHistoryThroughTheReport(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/app.cdx.json")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "app.cdx.json", string(src))
	writeFile(t, dir, "main.tf", openSSH)
	first := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	h := &history{seen: map[string]time.Time{}}
	// Every tracked resource was first seen in 2020.
	pre, err := sbom.New(sbom.Options{}).Parse("app.cdx.json", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range sbom.FindingAddresses(pre) {
		h.seen[a] = first
	}
	if len(h.seen) == 0 {
		t.Fatal("the fixture has no vulnerability findings to track")
	}

	rep, err := Run(context.Background(), Options{Paths: []string{dir}, ConfigFile: "none", History: h})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.asked) != 1 || !strings.HasPrefix(h.asked[0], "sbom:") {
		t.Fatalf("FirstSeen asked for %v, want the SBOM only", h.asked)
	}
	if len(h.recorded) != 1 || h.recorded[0] != rep {
		t.Fatalf("recorded %d reports, want the run's", len(h.recorded))
	}
	var tracked []string
	for _, ts := range rep.Targets {
		if ts.Kind == sbom.Kind {
			tracked = ts.Tracked
		} else if len(ts.Tracked) > 0 {
			t.Errorf("%s %s tracks %v", ts.Kind, ts.ID, ts.Tracked)
		}
	}
	slices.Sort(tracked)
	var want []string
	for a := range h.seen {
		want = append(want, a)
	}
	slices.Sort(want)
	if !slices.Equal(tracked, want) {
		t.Fatalf("tracked %v, want %v", tracked, want)
	}
	if rep.Partial {
		t.Error("a whole run marked partial")
	}

	// Leaving part of the tree out makes the run partial.
	rep, err = Run(context.Background(), Options{Paths: []string{dir}, ConfigFile: "none", Exclude: []string{"*.tf"}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Partial {
		t.Error("a run with --exclude is not partial")
	}
	// A pre-commit run is never recorded.
	if _, err := Run(context.Background(), Options{Paths: []string{dir}, Staged: true, History: h}); err == nil {
		t.Error("a staged run with a history was not refused")
	}
}

// Every kind is registered once, and every built-in policy judges one of them.
func TestKindsRegistered(t *testing.T) {
	kinds := Kinds()
	for _, want := range []engine.Kind{"terraform", "dockerfile", "sbom", "repo", "image"} {
		if !slices.Contains(kinds, want) {
			t.Errorf("kind %s not registered in %v", want, kinds)
		}
	}
	seen := map[engine.Kind]bool{}
	for _, k := range kinds {
		if seen[k] {
			t.Errorf("kind %s registered twice", k)
		}
		seen[k] = true
	}
	pol, err := LoadPolicies(context.Background(), PolicyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pol.Set.Policies {
		if !seen[p.Kind] {
			t.Errorf("policy %s judges kind %q, which no loader reads", p.ID, p.Kind)
		}
	}
}

// A policy of a kind no loader reads would never run: it is an error.
func TestUnknownPolicyKindRefused(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "p.rego", `# METADATA
# title: Images are signed
# custom:
#   id: ACME-IMG-001
#   severity: high
#   kind: imagez
package acme.img

deny contains {"msg": "x", "resource": "y"} if { false }
`)
	_, err := LoadPolicies(context.Background(), PolicyOptions{Sources: []string{dir}, NoBuiltin: true})
	if err == nil || !strings.Contains(err.Error(), `custom.kind "imagez"`) || !strings.Contains(err.Error(), "p.rego") {
		t.Fatalf("err = %v, want the unknown kind located in p.rego", err)
	}
}

// A file goes to the first kind that claims it, a directory to every kind
// that walks it; what no kind reads is refused with what they do read.
func TestForPath(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", openSSH)
	writeFile(t, dir, "plan.json", `{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{}}}`)
	writeFile(t, dir, "Dockerfile", "FROM scratch\n")
	src, _ := os.ReadFile("testdata/app.cdx.json")
	writeFile(t, dir, "app.cdx.json", string(src))
	writeFile(t, dir, "notes.json", `{"hello": "world"}`)
	writeFile(t, dir, ".git/HEAD", "ref: refs/heads/main\n")
	kinds := newKinds(Options{}, nil, nil)
	for name, want := range map[string][]engine.Kind{
		"main.tf":      {"terraform"},
		"plan.json":    {"terraform"},
		"Dockerfile":   {"dockerfile"},
		"app.cdx.json": {"sbom"},
		".":            {"terraform", "dockerfile", "sbom", "repo"},
	} {
		ks, err := forPath(kinds, filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var got []engine.Kind
		for _, k := range ks {
			got = append(got, k.Kind())
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: kinds %v, want %v", name, got, want)
		}
	}
	_, err := forPath(kinds, filepath.Join(dir, "notes.json"))
	if err == nil {
		t.Fatal("a JSON document of no kind was claimed")
	}
	for _, k := range kinds {
		if !strings.Contains(err.Error(), k.Describe()) {
			t.Errorf("error %q does not say that paved reads %s", err, k.Describe())
		}
	}
}

// An OCI bundle is verified before use: without a key, it is refused
// before anything is pulled, unless the caller allows unsigned bundles.
func TestUnsignedBundleRefused(t *testing.T) {
	_, err := LoadPolicies(context.Background(), PolicyOptions{Sources: []string{"oci://127.0.0.1:1/acme/policies:v1"}})
	if err == nil || !strings.Contains(err.Error(), "--allow-unsigned-policies") {
		t.Fatalf("err = %v, want a refusal naming --allow-unsigned-policies", err)
	}
	_, err = LoadPolicies(context.Background(), PolicyOptions{Sources: []string{"oci://127.0.0.1:1/acme/policies:v1"}, AllowUnsigned: true, CacheDir: t.TempDir()})
	if err == nil || strings.Contains(err.Error(), "--allow-unsigned-policies") {
		t.Fatalf("err = %v, want the pull itself to be tried (and fail: nothing listens)", err)
	}
}
