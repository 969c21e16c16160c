package dockerfile_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/dockerfile"
	"github.com/paved-dev/paved/internal/testpolicies"
)

// bases answers from a map: a missing reference is unknown, "!" an error.
type bases struct {
	users map[string]string
	asked []string
}

func (b *bases) ResolveBase(_ context.Context, ref, platform string) (*dockerfile.BaseConfig, error) {
	b.asked = append(b.asked, ref+" "+platform)
	u, ok := b.users[ref]
	switch {
	case !ok:
		return nil, nil
	case u == "!":
		return nil, errors.New("manifest unknown")
	}
	return &dockerfile.BaseConfig{User: u}, nil
}

func stageUsers(t *testing.T, tg *engine.Target) []any {
	t.Helper()
	var out []any
	for _, s := range tg.Input["stages"].([]any) {
		out = append(out, s.(map[string]any)["base_user"])
	}
	return out
}

// A resolver fills base_user for stages on registry images, once per
// reference; FROM <stage> inherits it; scratch and unresolved references
// are not looked up; without a resolver base_user is null.
func TestResolveBases(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join("testdata", "golden", "multistage.Dockerfile")
	ts, err := dockerfile.New(dockerfile.Options{}).Load(ctx, p)
	if err != nil || len(ts) != 1 {
		t.Fatal(ts, err)
	}
	if got := stageUsers(t, ts[0]); got[0] != nil || got[3] != nil {
		t.Errorf("without a resolver base_user %v, want null", got)
	}

	golang := "golang:1.22@sha256:0000000000000000000000000000000000000000000000000000000000000000"
	r := &bases{users: map[string]string{golang: "", "gcr.io/distroless/static:nonroot": "65532"}}
	ts, err = dockerfile.New(dockerfile.Options{Bases: r}).Load(ctx, p)
	if err != nil || len(ts) != 1 {
		t.Fatal(ts, err)
	}
	want := []any{"", "", nil, "65532"}
	got := stageUsers(t, ts[0])
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("stage %d base_user %#v, want %#v", i, got[i], want[i])
		}
	}
	if a := strings.Join(r.asked, "|"); a != golang+" $BUILDPLATFORM|gcr.io/distroless/static:nonroot " {
		t.Errorf("looked up %q", a)
	}
}

// A lookup that fails is a problem at the FROM line and its file yields no
// target; the other files still load.
func TestResolveBaseError(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"a/Dockerfile": "FROM alpine:3.20\nRUN true\nFROM broken.example/app:1\n",
		"b/Dockerfile": "FROM alpine:3.20\n",
	} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := &bases{users: map[string]string{"broken.example/app:1": "!", "alpine:3.20": ""}}
	ts, err := dockerfile.New(dockerfile.Options{Bases: r}).Load(context.Background(), dir)
	var ds engine.Diagnostics
	if !errors.As(err, &ds) || len(ds) != 1 || ds[0].Line != 3 || !strings.HasSuffix(ds[0].File, "a/Dockerfile") ||
		!strings.Contains(ds[0].Message, "broken.example/app:1: manifest unknown") {
		t.Fatalf("diagnostics %v", err)
	}
	if len(ts) != 1 || !strings.HasSuffix(ts[0].ID, "b/Dockerfile") {
		t.Errorf("targets %v", ts)
	}
	if len(r.asked) != 2 {
		t.Errorf("alpine:3.20 looked up more than once: %v", r.asked)
	}
}

// The non-root policy takes a resolved base image's user over its table.
func TestResolvedBaseUserJudged(t *testing.T) {
	ctx := context.Background()
	ps := testpolicies.Set(t, "dockerfile")
	ev, err := engine.NewEvaluator(ctx, ps, engine.EvalOptions{Only: func(p *engine.Policy) bool { return p.ID == "DF-001" }})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(p, []byte("FROM registry.example/base:1\nCOPY app /app\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		user   *string
		status engine.Status
	}{
		{nil, engine.StatusFail}, // unknown and not in the table
		{ptr("10001"), engine.StatusPass},
		{ptr(""), engine.StatusFail},
	} {
		r := &bases{users: map[string]string{}}
		if tc.user != nil {
			r.users["registry.example/base:1"] = *tc.user
		}
		ts, err := dockerfile.New(dockerfile.Options{Bases: r}).Load(ctx, p)
		if err != nil || len(ts) != 1 {
			t.Fatal(ts, err)
		}
		res := ev.EvaluateTarget(ctx, ts[0])
		if len(res) != 1 || res[0].Status != tc.status {
			t.Errorf("base user %v: %+v, want %s", tc.user, res, tc.status)
		}
	}
}

func ptr(s string) *string { return &s }
