package chain

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/ocistore"
	"golang.org/x/sync/errgroup"
)

// maxPulls bounds the bundles pulled from a registry at once.
const maxPulls = 4

// Options say how Verify checks a location.
type Options struct {
	// Verify is how every bundle is verified, as `paved evidence verify`.
	Verify bundle.VerifyOptions
	Period Period
	// Scope, when set, limits the check to that scope's chain.
	Scope *string
	// OCI reaches a registry.
	OCI ocistore.Options
}

// Report is a location's chains over a period.
type Report struct {
	Location string     `json:"location"`
	From     *time.Time `json:"from,omitempty"`
	To       *time.Time `json:"to,omitempty"`
	// SignatureVerified says every bundle's signature was checked with
	// Key; false when only their integrity was.
	SignatureVerified bool   `json:"signature_verified"`
	Key               string `json:"key,omitempty"`
	// Bundles counts the bundles found in the location.
	Bundles int      `json:"bundles"`
	Scopes  []Scoped `json:"scopes"`
	// Failed are the bundles that do not verify.
	Failed []Failure `json:"failed"`
	// Problems are the location's own: nothing in it to check.
	Problems []string `json:"problems"`
	// Intact says every bundle verified and every chain checked holds.
	Intact bool `json:"intact"`
}

// Failure is a bundle that does not verify.
type Failure struct {
	Name     string           `json:"name"`
	Problems []bundle.Problem `json:"problems"`
	// Digest is the digest its attestation gives, unverified; "" when
	// that cannot be read.
	Digest string `json:"digest,omitempty"`
}

// Verify verifies every bundle of a directory of bundles or a registry
// repository (as `paved evidence verify` does) and checks the chain of
// each scope over the period (see checkScope). A bundle that does not
// verify, or that cannot be read, is a Failure that breaks the report; a
// location that cannot be read at all is an error.
func Verify(ctx context.Context, loc Location, opts Options) (*Report, error) {
	var (
		links  []Link
		failed []Failure
		err    error
	)
	switch loc.Kind {
	case Dir:
		links, failed, err = verifyDir(ctx, loc.Path, opts)
	case Registry:
		links, failed, err = verifyRegistry(ctx, loc.Repo, opts)
	default:
		return nil, fmt.Errorf("%s is one bundle: a chain is checked over a directory of bundles or oci://REPO", loc)
	}
	if err != nil {
		return nil, err
	}
	rep := &Report{Location: loc.String(), SignatureVerified: opts.Verify.Verifier != nil, Key: opts.Verify.KeyName,
		Bundles: len(links) + len(failed), Failed: failed, Problems: []string{}}
	if rep.Failed == nil {
		rep.Failed = []Failure{}
	}
	if !opts.Period.From.IsZero() {
		f := opts.Period.From.UTC()
		rep.From = &f
	}
	if !opts.Period.To.IsZero() {
		t := opts.Period.To.UTC()
		rep.To = &t
	}
	unverified := map[string]string{}
	for _, f := range failed {
		if f.Digest != "" {
			unverified[f.Digest] = f.Name
		}
	}
	rep.Scopes = chains(links, opts.Period, opts.Scope, unverified)
	switch {
	case rep.Bundles == 0:
		rep.Problems = append(rep.Problems, fmt.Sprintf("%s holds no evidence bundle", loc))
	case opts.Scope != nil && len(rep.Scopes) == 0:
		rep.Problems = append(rep.Problems, fmt.Sprintf("%s holds no bundle of scope %q that verifies", loc, *opts.Scope))
	}
	rep.Intact = len(rep.Failed) == 0 && len(rep.Problems) == 0
	for _, s := range rep.Scopes {
		rep.Intact = rep.Intact && s.Intact
	}
	return rep, nil
}

// outcome is one bundle verified: a link, or a failure.
type outcome struct {
	link *Link
	fail *Failure
}

func collect(outs []outcome) ([]Link, []Failure) {
	var links []Link
	var failed []Failure
	for _, o := range outs {
		switch {
		case o.link != nil:
			links = append(links, *o.link)
		case o.fail != nil:
			failed = append(failed, *o.fail)
		}
	}
	return links, failed
}

// workersOf is one worker per CPU, at most most (0: no bound).
func workersOf(most int) int {
	n := runtime.GOMAXPROCS(0)
	if most > 0 {
		n = min(n, most)
	}
	return max(n, 1)
}

func verifyDir(ctx context.Context, dir string, opts Options) ([]Link, []Failure, error) {
	paths, err := bundlePaths(dir)
	if err != nil {
		return nil, nil, err
	}
	outs := make([]outcome, len(paths))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workersOf(0))
	for i, p := range paths {
		g.Go(func() error {
			name := filepath.Base(p)
			v, err := bundle.Verify(gctx, p, opts.Verify)
			if err == nil {
				l := linkOf(name, v)
				outs[i].link = &l
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// A bundle that does not verify, or cannot even be read (a
			// changed byte in a .tar.gz breaks its gzip stream), fails
			// the chain with its name.
			f := &Failure{Name: name, Problems: problems(err)}
			if d, err := bundle.Digest(gctx, p); err == nil {
				f.Digest = d
			}
			outs[i].fail = f
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	links, failed := collect(outs)
	return links, failed, nil
}

func problems(err error) []bundle.Problem {
	var ve *bundle.VerifyError
	if errors.As(err, &ve) {
		return ve.Problems
	}
	var ue *bundle.UnreadableError
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return []bundle.Problem{{File: "", Reason: "cannot be read: " + err.Error()}}
}

// verifyRegistry pulls every evidence bundle tagged in repo, each into a
// temporary directory that is removed once it is verified, so the disk
// holds a few bundles at a time whatever the repository holds.
func verifyRegistry(ctx context.Context, repo string, opts Options) ([]Link, []Failure, error) {
	entries, err := ocistore.List(ctx, ociScheme+repo, opts.OCI)
	if err != nil {
		return nil, nil, err
	}
	// One pull per manifest: tags naming the same one are the same bundle.
	var unique []ocistore.Entry
	seen := map[string]bool{}
	for _, e := range entries {
		if !seen[e.Digest] {
			seen[e.Digest] = true
			unique = append(unique, e)
		}
	}
	tmp, err := os.MkdirTemp("", "paved-chain-*")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	outs := make([]outcome, len(unique))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workersOf(maxPulls))
	for i, e := range unique {
		g.Go(func() error {
			l, f, err := pullOne(gctx, repo, e, filepath.Join(tmp, strconv.Itoa(i)), opts)
			outs[i] = outcome{link: l, fail: f}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	links, failed := collect(outs)
	return links, failed, nil
}

// pullOne pulls and verifies one bundle by its manifest digest (what was
// listed, whatever the tag names by now), and removes it again.
func pullOne(ctx context.Context, repo string, e ocistore.Entry, dst string, opts Options) (*Link, *Failure, error) {
	defer os.RemoveAll(dst)
	p, err := ocistore.Pull(ctx, ociScheme+repo+"@"+e.Digest, dst, opts.Verify, opts.OCI)
	if err == nil {
		l := linkOf(e.Tag, p.Verification)
		return &l, nil, nil
	}
	var ve *bundle.VerifyError
	if errors.As(err, &ve) {
		return nil, &Failure{Name: e.Tag, Problems: ve.Problems}, nil
	}
	// A registry that cannot serve a bundle it lists is not evidence of
	// anything: the location cannot be read.
	return nil, nil, fmt.Errorf("%s:%s: %w", repo, e.Tag, err)
}
