package check

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/config"
	"github.com/paved-dev/paved/engine/image"
	"github.com/paved-dev/paved/engine/terraform"
	"github.com/paved-dev/paved/engine/waiver"
)

// Options configure a check. Run reads the files they name; Judge takes
// what Run made of them (Data, Waivers, Baseline, Partial).
type Options struct {
	// Paths are what to check: directories, files, plans; default ".". With
	// Staged, Paths[0] locates the repository.
	Paths []string
	// Staged judges what git's index holds instead of the working tree:
	// only the targets the staged changes touch (the pre-commit case).
	Staged bool
	// Exclude leaves paths out of directory walks (gitignore syntax,
	// relative to each scanned directory). Run adds the config's; the
	// caller's own make the run partial.
	Exclude []string
	// FailOn is the lowest severity that blocks; "" is the config's, else high.
	FailOn   string
	Policies PolicyOptions
	// DataFiles are JSON or YAML policy parameters (data.params), over the
	// policies' own defaults; Run merges them into Data.
	DataFiles []string
	Data      map[string]any
	Terraform terraform.Options
	Timeout   time.Duration // per target evaluation; 0 is engine.DefaultTimeout
	Workers   int           // targets evaluated in parallel; 0 is one per CPU
	Version   string        // the tool version written into the report
	// ConfigFile is the .paved.yaml to read: "" finds one in the scanned
	// directory or a parent up to the repository root, "none" reads none.
	ConfigFile string
	// WaiversFile is the waivers file: "" is the config's, else
	// .paved/waivers.yaml in the scanned directory when there is one.
	// Waivers are its entries (Run reads them); inline paved:ignore
	// comments in the files read are found and applied too.
	WaiversFile string
	Waivers     []*engine.Waiver
	// BaselineFile is an earlier JSON report whose findings are reported
	// but do not block; Baseline holds them (Run reads the file).
	BaselineFile string
	Baseline     engine.Baseline
	// NewSince, a git ref, gates only on what the change since the merge
	// base of the ref and HEAD introduces.
	NewSince string
	// VulnDB is an offline OSV database (a directory of records or osv.dev
	// all.zip exports) matched against every SBOM's components.
	VulnDB string
	// Trust names who may sign images and their attestations (IMG-001…003);
	// Run adds the config's. Judge builds the verifier from it when a path
	// is an image, unless Image.Verifier is set.
	Trust TrustOptions
	// ResolveBaseImages looks Dockerfiles' base images up in their
	// registries, so DF-001 judges their real default user.
	ResolveBaseImages bool
	// Image tunes the reading of container images: the platform, insecure
	// registries, whether the layers are walked, the signature verifier.
	Image image.Options
	// History, when set, dates the findings it tracks before they are
	// judged, and Run records the run in it. Staged runs are not recorded.
	History History
	// Repo names the repository the paths are in, instead of its origin
	// remote (a fork, a fleet's clone); outside a repository, it names one.
	Repo string
	// Owner, when set, is the owner (team) of every target, over what
	// CODEOWNERS, catalog-info.yaml or an image's labels say.
	Owner string
	// Secrets is how committed secrets are judged: SecretsStrict blocks on
	// every one, SecretsDefault only on those that look live in code; ""
	// is the config's, else what data.params.secrets says. Run puts it in
	// Data as the "secrets" parameter.
	Secrets string
	// Now is the time waivers and overrides are judged at; zero means now.
	Now time.Time
	// Partial says the run judges only part of what the waivers cover: a
	// waiver that matched nothing is then not called stale, and no finding
	// resolved. Run works it out; staged runs are partial by nature.
	Partial bool
}

// The values of Options.Secrets, the "secrets" policy parameter.
const (
	SecretsDefault = "default"
	SecretsStrict  = "strict"
)

// History is where runs are recorded: a store (evidence/store).
type History interface {
	// FirstSeen says when each tracked resource of a target was first seen.
	FirstSeen(ctx context.Context, kind engine.Kind, target engine.Identity) (map[string]time.Time, error)
	// Record writes a run, working out from the report what it saw.
	Record(ctx context.Context, rep *engine.Report) error
}

// Run is one whole check: it reads the configuration, loads the policies,
// waivers and baseline, judges the paths and records the run in the
// history. A *LoadError comes back with the report: the report is still
// worth writing, and the run fails.
func Run(ctx context.Context, opts Options) (*engine.Report, error) {
	rep, _, err := RunWithPolicies(ctx, opts)
	return rep, err
}

// RunWithPolicies is Run that also returns the policy set the run judged
// with (with the report: nil when there is none), for evidence of what
// ran: the set's files and digest, and where they came from.
func RunWithPolicies(ctx context.Context, opts Options) (*engine.Report, *Policies, error) {
	if len(opts.Paths) == 0 {
		opts.Paths = []string{"."}
	}
	if opts.Staged && opts.History != nil {
		return nil, nil, errors.New("a history with --staged: a pre-commit run is not recorded")
	}
	cfg, err := applyConfig(&opts)
	if err != nil {
		return nil, nil, err
	}
	if opts.FailOn == "" {
		opts.FailOn = engine.SeverityHigh
	}
	if engine.SeverityRank(opts.FailOn) == 0 {
		return nil, nil, fmt.Errorf("fail-on %q: want critical, high, medium or low", opts.FailOn)
	}
	data, err := LoadData(opts.DataFiles)
	if err != nil {
		return nil, nil, fmt.Errorf("--data: %w", err)
	}
	for k, v := range opts.Data {
		if _, set := data[k]; !set {
			data[k] = v
		}
	}
	if opts.BaselineFile != "" {
		if opts.Baseline, err = readBaseline(opts.BaselineFile); err != nil {
			return nil, nil, err
		}
	}
	if opts.WaiversFile != "" {
		ws, err := readWaivers(opts.WaiversFile)
		if err != nil {
			return nil, nil, err
		}
		opts.Waivers = append(opts.Waivers, ws...)
	}
	pol, err := LoadPolicies(ctx, opts.Policies)
	if err != nil {
		return nil, nil, err
	}
	if cfg != nil {
		now := opts.Now
		if now.IsZero() {
			now = time.Now()
		}
		if ids := cfg.ApplyOverrides(pol.Set.Policies, now); len(ids) > 0 {
			slog.Debug("enforcement overridden by the config", "policies", ids)
		}
	}
	// The policies' own defaults apply where --data says nothing.
	for k, v := range pol.Params {
		if _, set := data[k]; !set {
			data[k] = v
		}
	}
	if opts.Secrets != "" {
		if opts.Secrets != SecretsDefault && opts.Secrets != SecretsStrict {
			return nil, nil, fmt.Errorf("secrets %q: want default or strict", opts.Secrets)
		}
		data["secrets"] = opts.Secrets // the setting wins over --data files
	}
	opts.Data = data
	rep, err := Judge(ctx, pol.Set, opts)
	var loadErr *LoadError
	if err != nil && !errors.As(err, &loadErr) {
		return nil, nil, err
	}
	if opts.History != nil {
		if err := opts.History.Record(ctx, rep); err != nil {
			return nil, nil, fmt.Errorf("record the run: %w", err)
		}
	}
	return rep, pol, err
}

// applyConfig reads .paved.yaml (ConfigFile, or found from the scanned
// path) and folds it into opts: what the caller set wins over a scalar,
// lists add up. It also works out whether the run is partial. nil when
// there is no config.
func applyConfig(opts *Options) (*config.Config, error) {
	scanned := opts.Paths[0]
	// The caller's own excludes leave out part of what the waivers govern.
	partial := len(opts.Exclude) > 0
	var cfg *config.Config
	path := opts.ConfigFile
	if path == "" {
		found, err := config.Find(scanned)
		if err != nil {
			return nil, err
		}
		path = found
	}
	if path != "" && path != "none" {
		var err error
		if cfg, err = config.Load(path); err != nil {
			return nil, err
		}
		if opts.FailOn == "" {
			opts.FailOn = cfg.FailOn
		}
		if opts.Repo == "" {
			opts.Repo = cfg.Repo
		}
		if opts.Secrets == "" {
			opts.Secrets = cfg.Secrets
		}
		opts.Policies.NoBuiltin = opts.Policies.NoBuiltin || cfg.NoBuiltin
		opts.Policies.AllowUnsigned = opts.Policies.AllowUnsigned || cfg.AllowUnsignedPolicies
		opts.Policies.Sources = append(append([]string(nil), cfg.Policies...), opts.Policies.Sources...)
		opts.DataFiles = append(append([]string(nil), cfg.Data...), opts.DataFiles...)
		opts.Exclude = append(append([]string(nil), cfg.Exclude...), opts.Exclude...)
		if opts.WaiversFile == "" {
			opts.WaiversFile = cfg.Waivers
		}
		opts.ResolveBaseImages = opts.ResolveBaseImages || cfg.ResolveBaseImages
		opts.Trust.Keys = append(append([]string(nil), cfg.Trust.Keys...), opts.Trust.Keys...)
		opts.Trust.Identities = append(append([]string(nil), cfg.Trust.Identities...), opts.Trust.Identities...)
		if opts.Trust.TrustedRoot == "" {
			opts.Trust.TrustedRoot = cfg.Trust.TrustedRoot
		}
	} else if path == "" && opts.WaiversFile == "" {
		opts.WaiversFile = defaultWaivers(scanned)
	}
	// A run that sees part of the tree can call no waiver stale and no
	// finding resolved.
	opts.Partial = opts.Partial || partial || !coversRoot(opts.Paths, waiversRoot(cfg, opts.WaiversFile))
	return cfg, nil
}

// waiversRoot is the directory a run's waivers govern: the config's, else
// the one holding the waivers file's .paved directory; "" when neither says.
func waiversRoot(cfg *config.Config, waivers string) string {
	switch {
	case cfg != nil:
		return cfg.Dir
	case filepath.Base(filepath.Dir(waivers)) == filepath.Dir(config.DefaultWaivers):
		return filepath.Dir(filepath.Dir(waivers))
	}
	return ""
}

// coversRoot reports whether the scanned paths include root, so the run
// sees all that its waivers govern; an unknown root counts as covered.
func coversRoot(paths []string, root string) bool {
	if root == "" {
		return true
	}
	want, err := filepath.Abs(root)
	if err != nil {
		return true
	}
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil && abs == want {
			return true
		}
	}
	return false
}

// defaultWaivers is .paved/waivers.yaml in the scanned directory, if any.
func defaultWaivers(scanned string) string {
	p := filepath.Join(scanned, config.DefaultWaivers)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// readWaivers reads a waivers file.
func readWaivers(path string) ([]*engine.Waiver, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--waivers: %w", err)
	}
	defer fh.Close()
	src, err := engine.ReadAllLimit(fh, waiver.MaxFileSize)
	if err != nil {
		return nil, err
	}
	return waiver.ParseFile(path, src)
}

// readBaseline reads the findings of an earlier JSON report.
func readBaseline(path string) (engine.Baseline, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %w", err)
	}
	defer fh.Close()
	b, err := engine.ReadBaseline(fh)
	if err != nil {
		return nil, fmt.Errorf("--baseline %s: %w", path, err)
	}
	return b, nil
}
