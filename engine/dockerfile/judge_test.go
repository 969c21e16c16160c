package dockerfile_test

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/dockerfile"
	"github.com/paved-dev/paved/internal/testpolicies"
)

// The built-in Dockerfile policies judge real loader output: the bad file
// fails every one of them, the good one passes every one, and a secret's
// value never reaches a message.
func TestBuiltinPoliciesJudgeLoaderOutput(t *testing.T) {
	ctx := context.Background()
	ev, ps := testpolicies.Evaluator(t, "dockerfile")
	ts, err := dockerfile.New(dockerfile.Options{}).Load(ctx, filepath.Join("testdata", "judge"))
	if err != nil || len(ts) != 2 {
		t.Fatalf("%d targets, %v", len(ts), err)
	}
	all := map[string]bool{}
	for _, p := range ps.ForKind("dockerfile") {
		all[p.ID] = true
	}
	for _, tg := range ts {
		failed := map[string]bool{}
		for _, r := range ev.EvaluateTarget(ctx, tg) {
			switch r.Status {
			case engine.StatusError:
				t.Errorf("%s %s: %s", tg.ID, r.Policy.ID, r.Message)
			case engine.StatusFail, engine.StatusWarn:
				failed[r.Policy.ID] = true
				if strings.Contains(r.Message, "hunter2") || strings.Contains(r.Message, "abc123") {
					t.Errorf("%s prints a secret: %s", r.Policy.ID, r.Message)
				}
			}
		}
		want := map[string]bool{}
		if strings.HasSuffix(tg.ID, "bad.Dockerfile") {
			want = all
		}
		if got, w := keys(failed), keys(want); got != w {
			t.Errorf("%s: failed %s, want %s", tg.ID, got, w)
		}
	}
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}
