package chain

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/ocistore"
	"golang.org/x/sync/errgroup"
)

// Index is what a location holds, read (unverified) so that the previous
// bundle of a scope can be picked once the scope is known: while a check
// runs, its location is indexed.
type Index struct {
	loc Location
	// heads are the bundles of a directory, or the one bundle.
	heads []*bundle.Head
	// entries are a registry's bundles, by their manifests' annotations.
	entries []ocistore.Entry
	oci     ocistore.Options
}

// ScopeError says the bundle named as the previous one belongs to another
// scope.
type ScopeError struct {
	Bundle, Scope, Want string
}

func (e *ScopeError) Error() string {
	return fmt.Sprintf("%s is a bundle of scope %q, not of this run's scope %q: name a bundle of the same scope, or a directory or repository to find it in", e.Bundle, e.Scope, e.Want)
}

// ReadIndex reads the attestation of every bundle in loc, unverified (a
// directory's, or the one bundle's), or the annotations of every bundle
// tagged in a registry. A bundle of a directory that cannot be read is an
// error naming it: a location whose evidence is damaged is not one to
// chain onto without looking.
func ReadIndex(ctx context.Context, loc Location, o ocistore.Options) (*Index, error) {
	ix := &Index{loc: loc, oci: o}
	switch loc.Kind {
	case One:
		h, err := bundle.ReadHead(ctx, loc.Path)
		if err != nil {
			return nil, err
		}
		ix.heads = []*bundle.Head{h}
	case Dir:
		paths, err := bundlePaths(loc.Path)
		if err != nil {
			return nil, err
		}
		ix.heads = make([]*bundle.Head, len(paths))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(workersOf(0))
		for i, p := range paths {
			g.Go(func() error {
				h, err := bundle.ReadHead(gctx, p)
				ix.heads[i] = h
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
	case Registry:
		es, err := ocistore.List(ctx, ociScheme+loc.Repo, o)
		var te *transport.Error
		if errors.As(err, &te) && te.StatusCode == http.StatusNotFound {
			// A registry makes a repository on its first push: one not
			// made yet holds no bundle, and the chain starts.
			return ix, nil
		}
		if err != nil {
			return nil, err
		}
		ix.entries = es
	}
	return ix, nil
}

// Previous picks the latest bundle of scope in the index (by its run's
// finish time, then run id), verifies it with vopts and returns it: the
// bundle a new one of the scope follows. Nil, with no error, when the
// location holds no bundle of the scope: a new chain starts. An index of
// one bundle returns that bundle, which must be of the scope
// (*ScopeError).
func (ix *Index) Previous(ctx context.Context, scope string, vopts bundle.VerifyOptions) (*Link, error) {
	switch ix.loc.Kind {
	case One:
		h := ix.heads[0]
		l, err := verifyHead(ctx, h, vopts)
		if err != nil {
			return nil, err
		}
		if l.Scope != scope {
			return nil, &ScopeError{Bundle: h.Path, Scope: l.Scope, Want: scope}
		}
		return l, nil
	case Dir:
		var best *bundle.Head
		for _, h := range ix.heads {
			if h.Predicate.Scope != scope {
				continue
			}
			if best == nil || order(headLink(h), headLink(best)) > 0 {
				best = h
			}
		}
		if best == nil {
			return nil, nil
		}
		return verifyHead(ctx, best, vopts)
	case Registry:
		return ix.previousInRegistry(ctx, scope, vopts)
	}
	return nil, fmt.Errorf("%s: not a location of bundles", ix.loc)
}

func headLink(h *bundle.Head) Link {
	return Link{Name: filepath.Base(h.Path), Digest: h.Digest, Scope: h.Predicate.Scope, RunID: h.Predicate.Run.ID,
		FinishedAt: h.Predicate.Run.FinishedAt, Previous: h.Predicate.PreviousBundle}
}

// verifyHead verifies the bundle a head was read from, which must still be
// the bundle read.
func verifyHead(ctx context.Context, h *bundle.Head, vopts bundle.VerifyOptions) (*Link, error) {
	v, err := bundle.Verify(ctx, h.Path, vopts)
	if err != nil {
		return nil, fmt.Errorf("the previous bundle: %w", err)
	}
	if v.Digest != h.Digest {
		return nil, fmt.Errorf("the previous bundle %s changed while it was read", h.Path)
	}
	l := linkOf(filepath.Base(h.Path), v)
	return &l, nil
}

// previousInRegistry finds the latest bundle of scope among a registry's.
// The manifests' annotations (scope, the run's finish time to the second)
// are not signed: they only choose which bundles to pull. Those of the
// newest second that claim the scope are pulled and verified, and the
// latest by their verified predicates wins; when none of them is of the
// scope after all, the next second's are tried.
func (ix *Index) previousInRegistry(ctx context.Context, scope string, vopts bundle.VerifyOptions) (*Link, error) {
	type cand struct {
		e    ocistore.Entry
		when time.Time // zero when the annotation is missing or unreadable
	}
	var cands []cand
	seen := map[string]bool{}
	for _, e := range ix.entries {
		if e.Scope != scope || seen[e.Digest] {
			continue
		}
		seen[e.Digest] = true
		t, _ := time.Parse(time.RFC3339, e.Created)
		cands = append(cands, cand{e, t})
	}
	// Newest first; those without a time first of all, since they may be
	// the newest.
	slices.SortFunc(cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(boolRank(a.when.IsZero()), boolRank(b.when.IsZero())), b.when.Compare(a.when), cmp.Compare(a.e.Tag, b.e.Tag))
	})
	tmp, err := os.MkdirTemp("", "paved-chain-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	n := 0
	for i := 0; i < len(cands); {
		j := i + 1
		for j < len(cands) && cands[j].when.Equal(cands[i].when) {
			j++
		}
		var found []Link
		for _, c := range cands[i:j] {
			dst := filepath.Join(tmp, strconv.Itoa(n))
			n++
			p, err := ocistore.Pull(ctx, ociScheme+ix.loc.Repo+"@"+c.e.Digest, dst, vopts, ix.oci)
			if err != nil {
				var ve *bundle.VerifyError
				if errors.As(err, &ve) {
					return nil, fmt.Errorf("the previous bundle, %s:%s: %w", ix.loc.Repo, c.e.Tag, err)
				}
				return nil, err
			}
			if l := linkOf(c.e.Tag, p.Verification); l.Scope == scope {
				found = append(found, l)
			}
			_ = os.RemoveAll(dst)
		}
		if l, ok := latest(found); ok {
			return &l, nil
		}
		i = j
	}
	return nil, nil
}

func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}
