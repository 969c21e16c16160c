package dockerfile

import (
	"context"
	"errors"
	"fmt"

	"github.com/paved-dev/paved/engine"
)

// A BaseResolver reads the configuration of the registry images stages
// build on, so policies can judge a base image's real default user instead
// of a table of well-known ones. This package fetches nothing itself: the
// image kind supplies a resolver when base images are to be resolved, and
// without one (the default) every stage's base_user is null.
type BaseResolver interface {
	// ResolveBase looks up ref, a FROM reference with build arguments
	// resolved (tag and digest as written), for platform (FROM --platform
	// as written, "" when none). It returns nil and no error when the
	// image cannot be looked up here (offline, unauthorized, not found):
	// the stage's base_user then stays unknown. An error is a problem the
	// user must see; the file then yields no target.
	ResolveBase(ctx context.Context, ref, platform string) (*BaseConfig, error)
}

// BaseConfig is what a stage takes from the image it builds on.
type BaseConfig struct {
	// User is the image config's User; "" when it sets none, which means
	// root.
	User string
}

// resolveBases fills the base_user of every stage of ts: what r reports
// for a stage built on a registry image, its base's for FROM <stage>. Each
// reference is looked up once. A target whose lookup fails is dropped with
// a Diagnostic at the FROM line, so a half-resolved file never passes.
func resolveBases(ctx context.Context, r BaseResolver, ts []*engine.Target) ([]*engine.Target, engine.Diagnostics) {
	type key struct{ ref, platform string }
	seen := map[key]*BaseConfig{}
	var diags engine.Diagnostics
	out := ts[:0:0]
	for _, t := range ts {
		stages, _ := t.Input["stages"].([]any)
		ok := true
		for _, st := range stages {
			s := st.(map[string]any)
			from := s["from"].(map[string]any)
			switch {
			case from["stage_ref"] == true:
				// Bases come first, so theirs is already set.
				s["base_user"] = stages[from["stage_index"].(int)].(map[string]any)["base_user"]
				continue
			case from["scratch"] == true, from["unresolved"] == true:
				continue
			}
			k := key{from["resolved"].(string), from["platform"].(string)}
			cfg, done := seen[k]
			if !done {
				var err error
				if cfg, err = r.ResolveBase(ctx, k.ref, k.platform); err != nil {
					if ctx.Err() != nil {
						return nil, nil // the caller reports cancellation
					}
					diags = append(diags, engine.Diagnostic{File: t.ID, Line: from["line"].(int),
						Message: fmt.Sprintf("base image %s: %v", k.ref, err)})
					ok = false
					break
				}
				seen[k] = cfg
			}
			if cfg != nil {
				s["base_user"] = cfg.User
			}
		}
		if ok {
			out = append(out, t)
		}
	}
	return out, diags
}

// withBases resolves the base images of what a walk loaded, when the
// loader has a resolver, and adds lookup failures to the walk's problems.
func (l *Loader) withBases(ctx context.Context, ts []*engine.Target, err error) ([]*engine.Target, error) {
	if l.opts.Bases == nil || len(ts) == 0 {
		return ts, err
	}
	var diags engine.Diagnostics
	if err != nil && !errors.As(err, &diags) {
		return ts, err
	}
	ts, more := resolveBases(ctx, l.opts.Bases, ts)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return ts, append(diags, more...).Err()
}
