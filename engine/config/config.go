// Package config reads .paved.yaml, a repository's paved settings: policy
// sources, data, waivers, fail_on, excludes and per-policy enforcement
// overrides. It is validated against a published JSON Schema; a bad file is
// an error naming the key and line.
package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/waiver"
	"github.com/paved-dev/paved/internal/yamlnode"
)

// FileName is the configuration file paved looks for.
const FileName = ".paved.yaml"

// DefaultWaivers is the waivers file used when the config names none,
// relative to the config's directory (or the scanned root).
const DefaultWaivers = ".paved/waivers.yaml"

// maxSize bounds a config read.
const maxSize = 1 << 20

// Schema is the JSON Schema of .paved.yaml, published as
// schemas/paved.config.v1.json.
//
//go:embed schema/paved.config.v1.json
var Schema []byte

const schemaURL = "https://paved.dev/schemas/paved.config.v1.json"

var compiled = yamlnode.CompileSchema(schemaURL, Schema)

// Config is a parsed .paved.yaml; paths are resolved against its directory.
type Config struct {
	Dir       string // the directory of the file read
	Policies  []string
	NoBuiltin bool
	// AllowUnsignedPolicies uses oci:// policy bundles without a signature
	// check when no key is given (--allow-unsigned-policies).
	AllowUnsignedPolicies bool
	Data                  []string
	Waivers               string // "" when neither named nor present by default
	FailOn                string
	// Repo names the repository the scanned tree is, instead of its
	// origin remote (a fork, a fleet's clone): targets' identity.
	Repo string
	// Secrets is how committed secrets are judged: "strict" blocks on
	// those in tests, fixtures, docs and placeholders too; "" or "default"
	// only on live-looking ones (the "secrets" policy parameter).
	Secrets   string
	Exclude   []string
	Overrides []Override
	// Trust names who may sign images and their attestations.
	Trust Trust
	// ResolveBaseImages looks Dockerfiles' base images up in their
	// registries (--resolve-base-images).
	ResolveBaseImages bool
	// KPI is how paved kpi and paved serve judge the history store.
	KPI KPI
}

// KPI is the kpi: section: the SLA days of each severity the file sets
// (the others keep their defaults), and the days after which an asset no
// run judged is stale (0: the default).
type KPI struct {
	SLA       map[string]int
	StaleDays int
}

// Trust is the trusted signers of images: key files or KMS URIs, keyless
// identities (ISSUER=SUBJECT-REGEXP) and the trusted root keyless
// verification needs. The command line's flags add to these.
type Trust struct {
	// Keys are public keys: PEM or cosign.pub files, or KMS URIs.
	Keys []string
	// Identities are keyless signers, ISSUER=SUBJECT-REGEXP.
	Identities []string
	// TrustedRoot is sigstore's trusted_root.json, for keyless signers.
	TrustedRoot string
}

// Override changes one policy's (or a glob's) enforcement until a date.
type Override struct {
	Policy      string
	Enforcement string
	Until       string // YYYY-MM-DD, last day; "" for good
}

// Error is a problem in the config, at a line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Find looks for .paved.yaml in dir and its parents, stopping after the
// repository root (the first directory holding .git). "" when there is none.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
		abs = filepath.Dir(abs)
	}
	for {
		p := filepath.Join(abs, FileName)
		if _, err := os.Stat(p); err == nil {
			return relative(p), nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs = parent
	}
}

// relative shortens p to a path from the working directory, for messages.
func relative(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil {
			return rel
		}
	}
	return p
}

// Load reads and validates a config file.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := engine.ReadAllLimit(f, maxSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c, err := Parse(path, src)
	if err != nil {
		return nil, err
	}
	if c.Waivers == "" {
		if _, err := os.Stat(filepath.Join(c.Dir, DefaultWaivers)); err == nil {
			c.Waivers = filepath.Join(c.Dir, DefaultWaivers)
		}
	}
	return c, nil
}

// Parse reads a config from memory; name locates it (and its directory
// anchors relative paths).
func Parse(name string, src []byte) (*Config, error) {
	root, err := yamlnode.Parse(src)
	if err != nil {
		var ye *yamlnode.Error
		if errors.As(err, &ye) {
			return nil, &Error{File: name, Line: ye.Line, Msg: ye.Msg}
		}
		return nil, &Error{File: name, Line: 1, Msg: err.Error()}
	}
	dir := filepath.Dir(name)
	c := &Config{Dir: dir}
	if root == nil {
		return c, nil
	}
	sch, err := compiled()
	if err != nil {
		return nil, fmt.Errorf("config schema: %w", err)
	}
	if probs := yamlnode.Validate(sch, root); len(probs) > 0 {
		p := probs[0]
		key := strings.TrimPrefix(p.Path, "/")
		if key == "" {
			key = "document"
		}
		return nil, &Error{File: name, Line: p.Line, Msg: fmt.Sprintf("%s: %s", key, p.Msg)}
	}
	rel := func(p string) string {
		if strings.Contains(p, "://") || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	list := func(key string) []string {
		var out []string
		for _, n := range yamlnode.Items(yamlnode.Get(root, key)) {
			out = append(out, yamlnode.Str(n))
		}
		return out
	}
	for _, p := range list("policies") {
		c.Policies = append(c.Policies, rel(p))
	}
	for _, p := range list("data") {
		c.Data = append(c.Data, rel(p))
	}
	if w := yamlnode.Str(yamlnode.Get(root, "waivers")); w != "" {
		c.Waivers = rel(w)
	}
	c.NoBuiltin = yamlnode.Str(yamlnode.Get(root, "no_builtin")) == "true"
	c.AllowUnsignedPolicies = yamlnode.Str(yamlnode.Get(root, "allow_unsigned_policies")) == "true"
	c.FailOn = yamlnode.Str(yamlnode.Get(root, "fail_on"))
	c.Repo = yamlnode.Str(yamlnode.Get(root, "repo"))
	c.Secrets = yamlnode.Str(yamlnode.Get(root, "secrets"))
	c.Exclude = list("exclude")
	c.ResolveBaseImages = yamlnode.Str(yamlnode.Get(root, "resolve_base_images")) == "true"
	trust := yamlnode.Get(root, "trust")
	for _, n := range yamlnode.Items(yamlnode.Get(trust, "keys")) {
		k := yamlnode.Str(n)
		if !strings.Contains(k, "://") {
			k = rel(k)
		}
		c.Trust.Keys = append(c.Trust.Keys, k)
	}
	for _, n := range yamlnode.Items(yamlnode.Get(trust, "identities")) {
		id := yamlnode.Str(n)
		if issuer, subject, ok := strings.Cut(id, "="); !ok || issuer == "" || subject == "" {
			return nil, &Error{File: name, Line: n.Line, Msg: fmt.Sprintf("trust: identity %q is not ISSUER=SUBJECT-REGEXP", id)}
		}
		c.Trust.Identities = append(c.Trust.Identities, id)
	}
	if r := yamlnode.Str(yamlnode.Get(trust, "trusted_root")); r != "" {
		c.Trust.TrustedRoot = rel(r)
	}
	kpi := yamlnode.Get(root, "kpi")
	for _, p := range yamlnode.Pairs(yamlnode.Get(kpi, "sla")) {
		days, err := strconv.Atoi(yamlnode.Str(p.V))
		if err != nil { // the schema admits integers only
			return nil, &Error{File: name, Line: p.V.Line, Msg: fmt.Sprintf("kpi: sla: %s: %q is not a number of days", p.Key, yamlnode.Str(p.V))}
		}
		if c.KPI.SLA == nil {
			c.KPI.SLA = map[string]int{}
		}
		c.KPI.SLA[p.Key] = days
	}
	if n := yamlnode.Get(kpi, "stale_days"); n != nil {
		days, err := strconv.Atoi(yamlnode.Str(n))
		if err != nil {
			return nil, &Error{File: name, Line: n.Line, Msg: fmt.Sprintf("kpi: stale_days: %q is not a number of days", yamlnode.Str(n))}
		}
		c.KPI.StaleDays = days
	}
	for _, n := range yamlnode.Items(yamlnode.Get(root, "overrides")) {
		o := Override{Policy: yamlnode.Str(yamlnode.Get(n, "policy")), Enforcement: yamlnode.Str(yamlnode.Get(n, "enforcement")),
			Until: yamlnode.Str(yamlnode.Get(n, "until"))}
		if o.Until != "" {
			if _, err := time.Parse(time.DateOnly, o.Until); err != nil {
				return nil, &Error{File: name, Line: n.Line, Msg: fmt.Sprintf("overrides: until %q is not a date (YYYY-MM-DD)", o.Until)}
			}
		}
		c.Overrides = append(c.Overrides, o)
	}
	return c, nil
}

// ApplyOverrides sets the enforcement of the policies each override in force
// names. An override past its date no longer applies: the policy's own
// enforcement (usually deny) takes over, which is the point of a rollout.
// It returns the ids changed.
func (c *Config) ApplyOverrides(policies []*engine.Policy, now time.Time) []string {
	today := now.UTC().Format(time.DateOnly)
	var changed []string
	for _, p := range policies {
		for _, o := range c.Overrides {
			if o.Until != "" && o.Until < today {
				continue
			}
			if waiver.Match(o.Policy, p.ID) { // the same globs as waivers
				if p.Enforcement != o.Enforcement {
					p.Enforcement = o.Enforcement
					changed = append(changed, p.ID)
				}
				break
			}
		}
	}
	return changed
}
