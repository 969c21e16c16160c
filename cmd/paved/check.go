package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/check"
	"github.com/paved-dev/paved/engine/image"
	"github.com/paved-dev/paved/engine/report"
	"github.com/paved-dev/paved/engine/terraform"
	"github.com/paved-dev/paved/evidence/store"
	"github.com/spf13/cobra"
)

type checkFlags struct {
	format    string
	outputs   []string
	failOn    string
	policy    policyFlags
	dataFiles []string
	varFiles  []string
	vars      []string
	timeout   time.Duration
	workers   int
	staged    bool
	excludes  []string
	baseline  string
	config    string
	waivers   string
	newSince  string
	vulnDB    string
	store     string
	repo      string
	owner     string
	secrets   string
	// How container images are read, and whose signatures count: bound
	// straight to the options they are.
	image        image.Options
	trust        check.TrustOptions
	resolveBases bool
	evidence     evidenceFlags
}

func newCheckCmd() *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "Judge repositories, Terraform, Dockerfiles, SBOMs and container images against the policy set",
		Long: `Check loads every target under the given paths (default: the current
directory), evaluates all policies of the target's kind and reports one result
per policy and resource: pass, fail, warn, waived or error.

Paths may be a directory (every Terraform module in the tree; a module used by
another as a local source is judged through its caller, with real inputs), a
.tf or .tf.json file (its module), a plan written by
'terraform show -json plan.out > plan.json', a Dockerfile, or a CycloneDX
(JSON, XML) or SPDX JSON SBOM (JSON detected by content). A directory that is
a git checkout's root is also judged as a repository, and every Dockerfile
and SBOM in it by its own policies.

A container image is named by a reference instead of a path:
image://REGISTRY/REPOSITORY[:TAG|@DIGEST] (credentials from the docker config
and its credential helpers), oci:DIR[:TAG] (an OCI image layout) or
docker-archive:FILE[:TAG] (a docker save tarball). Every platform of a
multi-platform image is judged, or the one --platform names. Its config,
history and final file system (layers streamed, never written to disk; bounded,
and reported as incomplete when a bound is reached) are judged; --no-image-fs
judges the config alone. Registries are reached over HTTPS; plain HTTP only on
loopback or for a registry named by --insecure-image-registry.

An image's cosign signatures and in-toto attestations (SLSA provenance, SBOMs,
vulnerability scans) are looked up beside it in the registry, both as cosign's
sha256-….sig/.att tags and as sigstore bundles attached as OCI 1.1 referrers,
and verified offline against the trusted signers: --trusted-key, and
--trusted-identity with --trusted-root for keyless signatures (or trust: in
.paved.yaml). With none, the signature policies report that no signer is
trusted; nothing unverified ever passes. An attested SBOM that verifies is
judged by the SBOM policies too.

With --staged, paved reads the files staged in git's index (not the working
tree) and judges only the targets they touch: a staged .tf file brings in its
whole module. Paths are then relative to the repository root.

Failures of deny policies at or above --fail-on block (exit 1); warn policies
never block. Input paved cannot read is an error (exit 2), never a pass.

Settings come from .paved.yaml (paved init writes one), found in the scanned
directory or a parent up to the repository root; flags win over its scalars
and add to its lists. Waivers (.paved/waivers.yaml and inline
'# paved:ignore POLICY reason="…"' comments) turn matching findings into
'waived' results that never block, until they expire; so does an SBOM's VEX
statement (not_affected, false_positive, resolved) for its vulnerability.

With --store, the run is recorded in a history store (SQLite file or
PostgreSQL), in one transaction: every finding's first and last sighting,
resolution and reopening, and the first sighting of every SBOM vulnerability
finding, from which SBOM-015 then times its SLA rather than from the
advisory's publication. A run over part of the tree (--exclude) resolves no
finding; --staged runs are not recorded.

Policy bundles from a registry (--policy oci://…) are verified against
--policy-key and refused without one, unless --allow-unsigned-policies (or
allow_unsigned_policies in .paved.yaml) says to use them unverified.

With --evidence, the run also leaves an evidence bundle an auditor verifies
offline (a directory, or a .tar.gz when the name ends so): the report as JSON
and SARIF, the policy set that ran, the waivers and VEX statements, where and
when it ran, and an attestation signed with --evidence-key. It is written
after the report, whatever the exit code; see 'paved evidence'. With
--evidence-previous (a directory of bundles, one bundle, or oci://REPO), it
records the digest of the latest bundle there of the same scope (the
repository judged, or --evidence-scope), so runs form a chain that 'paved
evidence verify --chain' checks over a period.`,
		Example: `  paved check .
  paved check infra/prod --fail-on critical --var-file prod.tfvars
  paved check plan.json --format json > report.json
  paved check . --output sarif=paved.sarif --output junit=paved.xml
  paved check . --policy ./my-policies --data params.yaml
  paved check . --policy oci://ghcr.io/acme/policies:v1 --policy-key cosign.pub   # a signed policy bundle
  paved check --staged                     # in a pre-commit hook: what the commit will contain
  paved check . -f json > base.json; paved check . --baseline base.json   # block only on new findings
  paved check . --new-since origin/main    # in a pull request: gate on what the branch introduces
  paved check . --waivers .paved/waivers.yaml   # governed exceptions (see paved waivers list)
  paved check app.cdx.json --vuln-db osv/    # match the SBOM against OSV exports (npm/all.zip, PyPI/all.zip…)
  paved check app.cdx.json --store sqlite://paved.db   # record the run; SLAs run from the first sighting
  paved check image://ghcr.io/acme/app:1.4                    # every platform of a registry image
  paved check image://ghcr.io/acme/app@sha256:… --platform linux/arm64 --no-image-fs   # one platform, config only
  paved check oci:build/layout:1.4 docker-archive:app.tar     # an OCI layout, a docker save tarball
  paved check image://registry.internal:5000/app:1 --insecure-image-registry registry.internal:5000   # a plain-HTTP registry
  paved check image://ghcr.io/acme/app@sha256:… --trusted-key cosign.pub   # signatures and attestations verified against a key
  paved check image://ghcr.io/acme/app@sha256:… --trusted-root trusted_root.json \
      --trusted-identity 'https://token.actions.githubusercontent.com=^https://github.com/acme/app/'   # keyless, offline
  paved check . --resolve-base-images                        # DF-001 reads base images' real user from their registries
  paved check . --evidence evidence/run.tar.gz --evidence-key paved.key   # leave signed evidence (paved evidence keygen; verify)
  paved check . --evidence evidence/run-43.tar.gz --evidence-key paved.key --evidence-previous evidence/   # chained onto the last run's`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd, args, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "report format on stdout: "+strings.Join(report.Formats(), ", "))
	fl.StringArrayVarP(&f.outputs, "output", "o", nil, "also write a report to a file, as FORMAT=PATH (repeatable)")
	fl.StringVar(&f.failOn, "fail-on", "high", "lowest severity that blocks: critical, high, medium or low")
	f.policy.register(cmd)
	fl.StringArrayVar(&f.dataFiles, "data", nil, "JSON or YAML file of policy parameters, seen as data.params (repeatable)")
	fl.StringArrayVar(&f.varFiles, "var-file", nil, "Terraform variable file for root modules (repeatable)")
	fl.StringArrayVar(&f.vars, "var", nil, "Terraform variable as NAME=VALUE (repeatable)")
	fl.DurationVar(&f.timeout, "timeout", engine.DefaultTimeout, "evaluation time limit per target")
	fl.IntVar(&f.workers, "workers", 0, "targets evaluated in parallel (0: one per CPU)")
	fl.StringArrayVar(&f.excludes, "exclude", nil, "leave paths out of directory walks, gitignore syntax relative to the scanned directory, e.g. testdata/ (repeatable)")
	fl.StringVar(&f.baseline, "baseline", "", "a JSON report (paved check --format json) whose findings are reported but do not block: gate only on what is new")
	fl.StringVar(&f.newSince, "new-since", "", "a git ref (e.g. origin/main): block only on findings the change since its merge base with HEAD introduces; the base is read from git objects")
	fl.StringVar(&f.config, "config", "", "configuration file (default: .paved.yaml in the scanned directory or a parent, up to the repository root; 'none' reads none)")
	fl.StringVar(&f.waivers, "waivers", "", "waivers file (default: the config's, else .paved/waivers.yaml beside it or in the scanned directory)")
	fl.StringVar(&f.vulnDB, "vuln-db", "", "offline OSV advisories (a directory of OSV JSON records or osv.dev all.zip exports) matched against every SBOM's components")
	fl.StringVar(&f.store, "store", "", "history store to record the run in: sqlite://PATH or postgres://USER@HOST/DB (default $PAVED_STORE, which keeps a password out of command lines; vulnerabilities' SLA then runs from their first sighting)")
	fl.StringVar(&f.owner, "owner", "", "the owner (team) of every target, for KPIs by team (default: catalog-info.yaml's spec.owner, else CODEOWNERS' owners of *, else an image's dev.paved.owner, owner or team label)")
	fl.StringVar(&f.repo, "repo", "", "the repository's identity in findings, e.g. github.com/acme/infra (default: the origin remote, normalised; else the repository root's name): for forks and fleet clones")
	fl.StringVar(&f.secrets, "secrets", "", "how committed secrets are judged: 'default' blocks on live-looking ones in code and warns on those in tests, fixtures, docs, examples and placeholders; 'strict' blocks on all (default: the config's secrets, else default)")
	fl.StringVar(&f.image.Platform, "platform", "", "judge only this platform of a multi-platform image, as os/arch[/variant], e.g. linux/arm64 (default: every platform)")
	fl.StringArrayVar(&f.image.InsecureRegistries, "insecure-image-registry", nil, "an image registry that may be reached over plain HTTP, HOST (any port) or HOST:PORT (repeatable; loopback registries always may)")
	fl.BoolVar(&f.image.NoFileSystem, "no-image-fs", false, "do not read images' layers: judge their config, history and signatures only (the file system facts are then unknown)")
	fl.IntVar(&f.image.Limits.MaxEntries, "image-max-entries", image.DefaultMaxEntries, "bound on the tar entries read from one image's layers, whiteouts and replaced entries included; past it the file system is reported as incomplete, which the file policies do not pass. Memory grows with it")
	fl.BoolVar(&f.image.NoBaseLookup, "no-base-lookup", false, "do not look up the base images images record, nor Dockerfiles' bases (offline runs): whether a base is current, and a resolved base's user, are then unknown")
	fl.BoolVar(&f.resolveBases, "resolve-base-images", false, "look up the base image of every Dockerfile's final stage in its registry, so DF-001 judges its real default user (default: the config's resolve_base_images; unreachable images stay unknown)")
	fl.StringArrayVar(&f.trust.Keys, "trusted-key", nil, "a public key that signs images: PEM or cosign.pub file, or KMS URI (azurekms://, hashivault://) (repeatable; adds to the config's trust.keys)")
	fl.StringArrayVar(&f.trust.Identities, "trusted-identity", nil, "a keyless signer, ISSUER=SUBJECT-REGEXP, e.g. https://token.actions.githubusercontent.com=^https://github.com/acme/ (repeatable; needs --trusted-root)")
	fl.StringVar(&f.trust.TrustedRoot, "trusted-root", "", "sigstore's trusted_root.json, read offline, for keyless signers (default: the config's trust.trusted_root)")
	f.evidence.register(cmd)
	fl.BoolVar(&f.staged, "staged", false, "judge what git's index holds, only the targets the staged changes touch (for pre-commit); PATH locates the repository")
	return cmd
}

func runCheck(cmd *cobra.Command, args []string, f *checkFlags) error {
	outputs, err := parseOutputs(f.format, f.outputs)
	if err != nil {
		return err
	}
	if f.store == "" && !f.staged {
		f.store = os.Getenv("PAVED_STORE")
	}
	if f.staged && f.store != "" {
		return usageError("--store with --staged: a pre-commit run is not recorded")
	}
	opts, err := f.options(cmd, args)
	if err != nil {
		return err
	}
	ev, err := f.evidence.prepare(cmd.Context(), cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	var st *store.Store
	if f.store != "" {
		if st, err = store.Open(cmd.Context(), f.store); err != nil {
			return &exitError{code: 2, err: fmt.Errorf("--store: %w", err)}
		}
		defer st.Close()
		opts.History = st
	}
	rep, pol, err := check.RunWithPolicies(cmd.Context(), opts)
	var loadErr *check.LoadError
	if err != nil && !errors.As(err, &loadErr) {
		return &exitError{code: 2, err: err}
	}
	if err := writeReports(cmd.OutOrStdout(), rep, outputs); err != nil {
		return &exitError{code: 2, err: err}
	}
	if err := ev.write(cmd.Context(), rep, pol, opts.Paths); err != nil {
		return &exitError{code: 2, err: err}
	}
	if err := ev.record(cmd.Context(), st, rep.Run.ID); err != nil {
		return &exitError{code: 2, err: err}
	}
	switch {
	case loadErr != nil:
		return &exitError{code: 2, err: fmt.Errorf("could not load all input:\n%s", loadErr.Diagnostics.Error())}
	case rep.Summary.Error > 0:
		return &exitError{code: 2, err: fmt.Errorf("%d policy evaluations failed; see the error results", rep.Summary.Error)}
	case rep.Summary.Blocking > 0:
		return &exitError{code: 1}
	}
	return nil
}

// options turns the flags into a check's options; a flag given on the
// command line wins over the config's scalar.
func (f *checkFlags) options(cmd *cobra.Command, args []string) (check.Options, error) {
	failOn := ""
	if cmd.Flags().Changed("fail-on") {
		failOn = f.failOn
		if engine.SeverityRank(failOn) == 0 {
			return check.Options{}, usageError("--fail-on %q: want critical, high, medium or low", failOn)
		}
	}
	if f.secrets != "" && f.secrets != check.SecretsDefault && f.secrets != check.SecretsStrict {
		return check.Options{}, usageError("--secrets %q: want default or strict", f.secrets)
	}
	if f.image.Platform != "" {
		if _, err := image.ParsePlatform(f.image.Platform); err != nil {
			return check.Options{}, usageError("--platform: %v", err)
		}
	}
	vars := map[string]string{}
	for _, v := range f.vars {
		name, value, ok := strings.Cut(v, "=")
		if !ok || name == "" {
			return check.Options{}, usageError("--var %q: want NAME=VALUE", v)
		}
		vars[name] = value
	}
	return check.Options{
		Paths:             args,
		Staged:            f.staged,
		Exclude:           f.excludes,
		FailOn:            failOn,
		Policies:          check.PolicyOptions(f.policy),
		DataFiles:         f.dataFiles,
		Terraform:         terraform.Options{VarFiles: f.varFiles, Vars: vars},
		Timeout:           f.timeout,
		Workers:           f.workers,
		Version:           version,
		ConfigFile:        f.config,
		WaiversFile:       f.waivers,
		BaselineFile:      f.baseline,
		NewSince:          f.newSince,
		VulnDB:            f.vulnDB,
		Image:             f.image,
		Trust:             f.trust,
		ResolveBaseImages: f.resolveBases,
		Repo:              f.repo,
		Owner:             f.owner,
		Secrets:           f.secrets,
	}, nil
}

// output is one report to write: stdout when path is "".
type output struct{ format, path string }

func parseOutputs(stdoutFormat string, specs []string) ([]output, error) {
	valid := map[string]bool{}
	for _, f := range report.Formats() {
		valid[f] = true
	}
	if !valid[stdoutFormat] {
		return nil, usageError("--format %q: want one of %s", stdoutFormat, strings.Join(report.Formats(), ", "))
	}
	outs := []output{{format: stdoutFormat}}
	for _, s := range specs {
		format, path, ok := strings.Cut(s, "=")
		if !ok || path == "" {
			return nil, usageError("--output %q: want FORMAT=PATH, e.g. sarif=paved.sarif", s)
		}
		if !valid[format] {
			return nil, usageError("--output %q: format %q is not one of %s", s, format, strings.Join(report.Formats(), ", "))
		}
		outs = append(outs, output{format: format, path: path})
	}
	return outs, nil
}

func writeReports(stdout io.Writer, rep *engine.Report, outs []output) error {
	for _, o := range outs {
		if o.path == "" {
			if err := report.Write(stdout, o.format, rep); err != nil {
				return err
			}
			continue
		}
		if err := writeReportFile(o, rep); err != nil {
			return err
		}
	}
	return nil
}

// writeReportFile writes through a temporary file so a reader never sees
// half a report.
func writeReportFile(o output, rep *engine.Report) error {
	if dir := filepath.Dir(o.path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(o.path), ".paved-report-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := report.Write(tmp, o.format, rep); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s report %s: %w", o.format, o.path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), o.path)
}
