package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/policies"
	"github.com/paved-dev/paved/policybundle"
	"github.com/paved-dev/paved/policybundle/oci"
)

// PolicyOptions select a policy set: the built-in library, policy
// directories and OCI bundles, and how bundles are verified.
type PolicyOptions struct {
	// Sources are policy directories or OCI bundles (oci://REF), in the
	// conventions of the built-in library.
	Sources []string
	// NoBuiltin leaves the built-in policies out; their helper library
	// (data.paved.lib.*) stays, for user policies to import.
	NoBuiltin bool
	// Key is a public key (PEM, e.g. cosign.pub) every oci:// bundle must
	// be signed with.
	Key string
	// AllowUnsigned uses oci:// bundles without verifying a signature when
	// no Key is given. Without it, such a bundle is refused: whoever can
	// push to the repository would decide what passes.
	AllowUnsigned bool
	// Insecure allows plain HTTP to the bundles' registry (loopback
	// registries always may).
	Insecure bool
	// CacheDir keeps pulled bundles by digest; "" is $PAVED_CACHE_DIR/bundles,
	// else the user cache directory's paved/bundles.
	CacheDir string
	// Tests also loads *_test.rego files (paved policy test).
	Tests bool
}

// Policies is a loaded policy set and the parameter defaults its sources
// carry (data files in a policy directory or bundle), which --data
// overrides.
type Policies struct {
	Set    *engine.PolicySet
	Params map[string]any
	// Sources say where the set's files came from, in load order, so
	// evidence of a run can name what ran.
	Sources []Source
}

// Kinds of policy source.
const (
	SourceBuiltin = "builtin"
	SourceDir     = "directory"
	SourceOCI     = "oci"
)

// Source is one tree of a policy set: the name its files carry in the set
// (engine.PolicySource.Name: "builtin/terraform", a directory, an OCI
// bundle's repository@digest) and, for an OCI bundle, the reference given,
// the manifest digest pulled and the bundle's revision.
type Source struct {
	Name     string
	Kind     string // SourceBuiltin, SourceDir or SourceOCI
	Ref      string // as given to --policy; "" for the built-ins
	Digest   string // OCI: the bundle manifest's digest
	Revision string // OCI: the revision its manifest records
}

// LoadPolicies loads, verifies and parses the policy sources.
func LoadPolicies(ctx context.Context, opts PolicyOptions) (*Policies, error) {
	srcs, infos, params, err := policySources(ctx, opts)
	if err != nil {
		return nil, err
	}
	ps, err := engine.LoadPolicies(ctx, engine.LoadOptions{Tests: opts.Tests, Index: builtinIndex(), Kinds: Kinds()}, srcs...)
	if err != nil {
		return nil, fmt.Errorf("policies:\n%w", err)
	}
	return &Policies{Set: ps, Params: params, Sources: infos}, nil
}

// policySources lists the policy trees. The helper library is always loaded
// so user policies can import data.paved.lib.* even without the built-ins.
func policySources(ctx context.Context, opts PolicyOptions) ([]engine.PolicySource, []Source, map[string]any, error) {
	if opts.NoBuiltin && len(opts.Sources) == 0 {
		return nil, nil, nil, errors.New("--no-builtin needs at least one --policy directory or bundle")
	}
	var srcs []engine.PolicySource
	var infos []Source
	entries, err := fs.ReadDir(policies.FS, ".")
	if err != nil {
		return nil, nil, nil, err
	}
	for _, e := range entries {
		if !e.IsDir() || (opts.NoBuiltin && e.Name() != "lib") {
			continue
		}
		sub, err := fs.Sub(policies.FS, e.Name())
		if err != nil {
			return nil, nil, nil, err
		}
		srcs = append(srcs, engine.PolicySource{Name: "builtin/" + e.Name(), FS: sub, Lazy: true})
		infos = append(infos, Source{Name: "builtin/" + e.Name(), Kind: SourceBuiltin})
	}
	var verifier *oci.Verifier
	if opts.Key != "" {
		if verifier, err = oci.LoadVerifier(ctx, opts.Key); err != nil {
			return nil, nil, nil, fmt.Errorf("--policy-key: %w", err)
		}
	}
	var params map[string]any
	for _, d := range opts.Sources {
		var src engine.PolicySource
		var info Source
		var ps map[string]any
		if strings.HasPrefix(d, oci.Scheme) {
			src, info, ps, err = pullSource(ctx, d, verifier, opts)
		} else {
			src, ps, err = dirSource(d, verifier)
			info = Source{Name: src.Name, Kind: SourceDir, Ref: d}
		}
		if err != nil {
			return nil, nil, nil, err
		}
		srcs = append(srcs, src)
		infos = append(infos, info)
		if err := mergeParams(&params, ps, d); err != nil {
			return nil, nil, nil, err
		}
	}
	return srcs, infos, params, nil
}

// pullSource fetches a bundle through the cache. A bundle is verified
// against the key, or used unverified only when the caller allowed it.
func pullSource(ctx context.Context, ref string, verifier *oci.Verifier, opts PolicyOptions) (engine.PolicySource, Source, map[string]any, error) {
	if verifier == nil && !opts.AllowUnsigned {
		return engine.PolicySource{}, Source{}, nil, fmt.Errorf("--policy %s: a policy bundle is verified before it is used: give --policy-key (the public key it is signed with), or --allow-unsigned-policies to use it unverified (whoever can push to its repository then decides what passes)", ref)
	}
	cacheDir := opts.CacheDir
	if cacheDir == "" {
		var err error
		if cacheDir, err = BundleCacheDir(); err != nil {
			return engine.PolicySource{}, Source{}, nil, err
		}
	}
	pulled, err := oci.Pull(ctx, ref, verifier, oci.Options{Insecure: opts.Insecure, CacheDir: cacheDir})
	if err != nil {
		return engine.PolicySource{}, Source{}, nil, err
	}
	if verifier == nil {
		slog.Warn("policy bundle used without signature verification (--allow-unsigned-policies)", "bundle", pulled.Ref.String())
	}
	slog.Debug("policy bundle", "ref", pulled.Ref.String(), "cached", pulled.Cached, "verified", pulled.Verified != nil, "revision", pulled.Bundle.Manifest.Revision)
	info := Source{Name: pulled.Ref.String(), Kind: SourceOCI, Ref: ref, Digest: pulled.Ref.DigestStr(), Revision: pulled.Bundle.Manifest.Revision}
	return engine.PolicySource{Name: pulled.Ref.String(), FS: pulled.Bundle.Policies()}, info, pulled.Bundle.Params, nil
}

// dirSource is a local policy directory; it carries no signature, so a key
// given for bundles does not apply to it.
func dirSource(d string, verifier *oci.Verifier) (engine.PolicySource, map[string]any, error) {
	if verifier != nil {
		return engine.PolicySource{}, nil, fmt.Errorf("--policy %s: --policy-key verifies oci:// bundles only, and a directory carries no signature", d)
	}
	fi, err := os.Stat(d)
	if err != nil {
		return engine.PolicySource{}, nil, fmt.Errorf("--policy: %w", err)
	}
	if !fi.IsDir() {
		return engine.PolicySource{}, nil, fmt.Errorf("--policy %s: not a directory (an OCI bundle is oci://REF)", d)
	}
	params, err := policybundle.DirParams(d)
	if err != nil {
		return engine.PolicySource{}, nil, fmt.Errorf("--policy %w", err)
	}
	return engine.PolicySource{Name: filepath.ToSlash(filepath.Clean(d)), FS: os.DirFS(d)}, params, nil
}

// mergeParams adds one policy source's parameter defaults; two sources
// giving one parameter different values is an error, not a silent choice.
func mergeParams(dst *map[string]any, src map[string]any, from string) error {
	for k, v := range src {
		if old, ok := (*dst)[k]; ok && !reflect.DeepEqual(old, v) {
			return fmt.Errorf("--policy %s: parameter %s is also set by another policy source; set it once with --data", from, k)
		}
		if *dst == nil {
			*dst = map[string]any{}
		}
		(*dst)[k] = v
	}
	return nil
}

// BundleCacheDir is where pulled bundles are kept by digest:
// $PAVED_CACHE_DIR/bundles, else the user cache dir's paved/bundles.
func BundleCacheDir() (string, error) {
	if d := os.Getenv("PAVED_CACHE_DIR"); d != "" {
		return filepath.Join(d, "bundles"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for policy bundles (set PAVED_CACHE_DIR): %w", err)
	}
	return filepath.Join(d, "paved", "bundles"), nil
}

// builtinIndex is what each built-in file is, by name, so start-up need
// not parse every policy header.
func builtinIndex() map[string]*engine.IndexEntry {
	index := make(map[string]*engine.IndexEntry, len(policies.Index))
	for i := range policies.Index {
		index[policies.Index[i].File] = &policies.Index[i]
	}
	return index
}
