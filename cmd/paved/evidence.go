package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/check"
	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/bundle"
	"github.com/paved-dev/paved/evidence/chain"
	"github.com/paved-dev/paved/evidence/keys"
	"github.com/paved-dev/paved/evidence/ocistore"
	"github.com/paved-dev/paved/evidence/oscal"
	"github.com/paved-dev/paved/evidence/runenv"
	"github.com/paved-dev/paved/evidence/store"
	"github.com/paved-dev/paved/internal/sigkeys"
	"github.com/spf13/cobra"
)

// evidenceKeyEnv is where --evidence-key is read from when not given, so
// CI keeps a KMS URI or key path in its settings.
const evidenceKeyEnv = "PAVED_EVIDENCE_KEY"

// evidencePreviousEnv is where --evidence-previous is read from when not
// given, so CI names the chain's location once.
const evidencePreviousEnv = "PAVED_EVIDENCE_PREVIOUS"

// evidenceFlags are check's --evidence flags.
type evidenceFlags struct {
	dst         string
	key         string
	unsigned    bool
	previous    string
	previousKey string
	scope       string
}

func (e *evidenceFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&e.dst, "evidence", "", "also write the run's evidence bundle, signed, to a new directory or FILE.tar.gz (see paved evidence); written after the report, whatever the exit code")
	fl.StringVar(&e.key, "evidence-key", "", "the key that signs the evidence: a cosign or PEM private key file (password in $"+keys.PasswordEnv+", empty allowed) or a KMS URI (default $"+evidenceKeyEnv+")")
	fl.BoolVar(&e.unsigned, "evidence-unsigned", false, "write the evidence bundle without a signature: it then proves nothing about who wrote it, and verifies only with 'paved evidence verify --unsigned'")
	fl.StringVar(&e.previous, "evidence-previous", "", "where earlier bundles are, DIR, BUNDLE or oci://REPO: the bundle records the digest of the latest one of its scope, chaining runs (default $"+evidencePreviousEnv+"; none there: the chain starts)")
	fl.StringVar(&e.previousKey, "evidence-previous-key", "", "public key (PEM file or KMS URI) the previous bundle must be signed with (without it, only its integrity is checked, and a note says so)")
	fl.StringVar(&e.scope, "evidence-scope", "", "the chain the bundle belongs to, e.g. fleet:prod (default: the git repository's identity, else the one repository judged)")
}

// evidenceWriter is a prepared --evidence: the destination and the key's
// presence checked before the check runs, so a typo costs no scan. The key
// itself loads while the check runs: decrypting a cosign key is slow by
// design (scrypt), and a KMS is a round trip away.
type evidenceWriter struct {
	dst      string
	signer   <-chan loadedSigner // nil for an unsigned bundle
	unsigned bool
	start    time.Time
	scope    string // --evidence-scope
	// previous is --evidence-previous, indexed while the check runs; nil
	// without it.
	previous *previousLookup
	stderr   io.Writer
	// written is the bundle written, once it is: its digest is what the
	// next run of the scope chains onto.
	written *bundle.Written
	// writtenScope is the scope the bundle was written for.
	writtenScope string
}

// previousLookup is --evidence-previous: its location read while the check
// runs; the bundle to chain onto is picked once the run's scope is known.
type previousLookup struct {
	loc     chain.Location
	indexed <-chan indexedPrevious
}

type indexedPrevious struct {
	ix    *chain.Index
	vopts bundle.VerifyOptions
	err   error
}

type loadedSigner struct {
	s   *sigkeys.Signer
	err error
}

// prepare checks the flags and loads the key; nil without --evidence.
// Notes about the chain go to stderr.
func (e *evidenceFlags) prepare(ctx context.Context, stderr io.Writer) (*evidenceWriter, error) {
	start := time.Now()
	if e.dst == "" {
		if e.key != "" || e.unsigned || e.previous != "" || e.previousKey != "" || e.scope != "" {
			return nil, usageError("--evidence-key, --evidence-unsigned, --evidence-previous, --evidence-previous-key and --evidence-scope go with --evidence")
		}
		return nil, nil
	}
	if e.unsigned && e.key != "" {
		return nil, usageError("--evidence-key and --evidence-unsigned: choose one")
	}
	key := e.key
	if key == "" && !e.unsigned {
		key = os.Getenv(evidenceKeyEnv)
	}
	if key == "" && !e.unsigned {
		return nil, usageError("--evidence: give --evidence-key (or $%s) to sign the bundle ('paved evidence keygen' makes a key), or --evidence-unsigned for a bundle that proves nothing about who wrote it", evidenceKeyEnv)
	}
	if err := bundle.CheckDestination(e.dst); err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("--evidence: %w", err)}
	}
	if err := chain.CheckScope(e.scope); err != nil {
		return nil, usageError("--evidence-scope: %v", err)
	}
	w := &evidenceWriter{dst: e.dst, unsigned: e.unsigned, start: start, scope: e.scope, stderr: stderr}
	prev, err := e.preparePrevious(ctx)
	if err != nil {
		return nil, err
	}
	w.previous = prev
	if key != "" {
		if !sigkeys.IsKMS(key) {
			if _, err := os.Stat(key); err != nil {
				return nil, &exitError{code: 2, err: fmt.Errorf("--evidence-key: %w", err)}
			}
		}
		ch := make(chan loadedSigner, 1)
		password := []byte(os.Getenv(keys.PasswordEnv))
		go func() {
			s, err := sigkeys.LoadSigner(ctx, key, password, sigkeys.Options{PasswordEnv: keys.PasswordEnv})
			ch <- loadedSigner{s, err}
		}()
		w.signer = ch
	}
	return w, nil
}

// preparePrevious checks --evidence-previous (default
// $PAVED_EVIDENCE_PREVIOUS) names a location that exists, and its key a
// file that does, then reads the location in the background.
func (e *evidenceFlags) preparePrevious(ctx context.Context) (*previousLookup, error) {
	where := e.previous
	if where == "" {
		where = os.Getenv(evidencePreviousEnv)
	}
	if where == "" {
		if e.previousKey != "" {
			return nil, usageError("--evidence-previous-key goes with --evidence-previous")
		}
		return nil, nil
	}
	loc, err := chain.Locate(where)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("--evidence-previous: %w", err)}
	}
	if e.previousKey != "" && !sigkeys.IsKMS(e.previousKey) {
		if _, err := os.Stat(e.previousKey); err != nil {
			return nil, &exitError{code: 2, err: fmt.Errorf("--evidence-previous-key: %w", err)}
		}
	}
	ch := make(chan indexedPrevious, 1)
	go func() {
		r := indexedPrevious{vopts: bundle.VerifyOptions{Unsigned: true}}
		if e.previousKey != "" {
			v, err := sigkeys.LoadVerifier(ctx, e.previousKey, sigkeys.Options{})
			if err != nil {
				r.err = fmt.Errorf("--evidence-previous-key: %w", err)
				ch <- r
				return
			}
			r.vopts = bundle.VerifyOptions{Verifier: v, KeyName: e.previousKey}
		}
		r.ix, r.err = chain.ReadIndex(ctx, loc, ocistore.Options{})
		if r.err != nil {
			r.err = fmt.Errorf("--evidence-previous: %w", r.err)
		}
		ch <- r
	}()
	return &previousLookup{loc: loc, indexed: ch}, nil
}

// chainOnto finds the bundle this run's follows: the latest of its scope
// where --evidence-previous points, verified; "" when there is none (the
// chain starts), which a note says.
func (w *evidenceWriter) chainOnto(ctx context.Context, scope string) (string, error) {
	if w.previous == nil {
		return "", nil
	}
	r := <-w.previous.indexed
	if r.err != nil {
		return "", r.err
	}
	l, err := r.ix.Previous(ctx, scope, r.vopts)
	if err != nil {
		var se *chain.ScopeError
		if errors.As(err, &se) {
			return "", usageError("--evidence-previous: %v", err)
		}
		return "", fmt.Errorf("--evidence-previous: %w", err)
	}
	if l == nil {
		fmt.Fprintf(w.stderr, "paved: note: --evidence-previous: %s holds no bundle of scope %q: this bundle starts a chain (previous_bundle null)\n", w.previous.loc, scope)
		return "", nil
	}
	if r.vopts.Verifier == nil {
		fmt.Fprintf(w.stderr, "paved: note: --evidence-previous: the previous bundle %s was checked for integrity only, not its signature (--evidence-previous-key checks who signed it)\n", l)
	}
	return l.Digest, nil
}

// write writes the bundle of a run that judged (a run that failed before
// has no report, and leaves no evidence).
func (w *evidenceWriter) write(ctx context.Context, rep *engine.Report, pol *check.Policies, paths []string) error {
	if w == nil || rep == nil || pol == nil {
		return nil
	}
	env := runenv.Collect(gitDir(paths), version, os.Getenv)
	env.StartedAt, env.FinishedAt = w.start, rep.Run.FinishedAt
	scope := chain.Scope(w.scope, env, rep)
	previous, err := w.chainOnto(ctx, scope)
	if err != nil {
		return err
	}
	srcs := make([]attest.PolicySource, 0, len(pol.Sources))
	for _, s := range pol.Sources {
		srcs = append(srcs, attest.PolicySource{Name: s.Name, Kind: s.Kind, Ref: s.Ref, Digest: s.Digest, Revision: s.Revision})
	}
	opts := bundle.Options{Unsigned: w.unsigned, OSCAL: oscalResults}
	if w.signer != nil {
		loaded := <-w.signer
		if loaded.err != nil {
			return fmt.Errorf("--evidence-key: %w", loaded.err)
		}
		opts.Signer = loaded.s
	}
	files, err := pol.Set.Files()
	if err != nil {
		return fmt.Errorf("--evidence: policy files: %w", err)
	}
	in := bundle.Input{Report: rep, Policies: bundle.Policies{Files: files, Sources: srcs}, Environment: env,
		Scope: scope, PreviousBundle: previous}
	written, err := bundle.Write(ctx, w.dst, in, opts)
	if err != nil {
		return fmt.Errorf("--evidence: %w", err)
	}
	w.written, w.writtenScope = written, scope
	return nil
}

// record notes the written bundle on the run's row of the store, so the
// history points at the evidence of every run.
func (w *evidenceWriter) record(ctx context.Context, st *store.Store, runID string) error {
	if w == nil || w.written == nil || st == nil {
		return nil
	}
	loc, err := filepath.Abs(w.written.Path)
	if err != nil {
		loc = w.written.Path
	}
	return st.SetRunEvidence(ctx, runID, w.writtenScope, w.written.Digest, loc)
}

// oscalResults is the bundle's OSCAL document, from evidence/oscal.
func oscalResults(rep *engine.Report, ref bundle.EvidenceRef) ([]byte, error) {
	return oscal.AssessmentResults(rep, oscal.Input{
		PolicySetDigest: ref.PolicySetDigest,
		ReportDigest:    "sha256:" + ref.ReportSHA256,
		PolicyDigests:   ref.PolicyDigests,
	})
}

// gitDir is where to look for the checkout a run judged: the first path,
// or its directory when it is a file; the working directory for an image
// reference.
func gitDir(paths []string) string {
	if len(paths) == 0 {
		return "."
	}
	fi, err := os.Stat(paths[0])
	switch {
	case err != nil:
		return "."
	case fi.IsDir():
		return paths[0]
	}
	return filepath.Dir(paths[0])
}

func newEvidenceCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "evidence",
		Short: "Make keys for, verify and query the evidence bundles paved check --evidence writes",
		Long: `An evidence bundle is what one 'paved check --evidence' decided, in a form an
auditor verifies offline: the report (JSON and SARIF), OSCAL assessment
results, the policy set that ran, the waivers and VEX statements, where and
when it ran, a manifest of every file's sha256, and an in-toto attestation
over the manifest and the judged targets, signed in a DSSE envelope.

Bundles chain: given --evidence-previous, each records the digest of the
previous bundle of its scope, and 'verify --chain' proves that no run of a
period was removed or altered between the first bundle and the last.

docs/evidence.md describes the bundle, the attestation's predicate and
chains.`,
		Example: `  paved evidence keygen --out keys/
  paved check . --evidence evidence/run.tar.gz --evidence-key keys/paved.key
  paved evidence verify evidence/run.tar.gz --key keys/paved.pub
  paved evidence show evidence/run.tar.gz --control SOC2:CC6.1 --key keys/paved.pub
  paved evidence push oci://ghcr.io/acme/evidence:run-42 evidence/run.tar.gz
  paved evidence pull oci://ghcr.io/acme/evidence:run-42 audit/run-42 --key keys/paved.pub
  paved check . --evidence evidence/run-43.tar.gz --evidence-key keys/paved.key --evidence-previous evidence/
  paved evidence verify --chain evidence/ --key keys/paved.pub --from 2030-01-01 --to 2030-03-31`,
	}
	cmd.AddCommand(newEvidenceKeygenCmd(), newEvidenceVerifyCmd(), newEvidenceShowCmd(),
		newEvidencePushCmd(), newEvidencePullCmd(), newEvidenceListCmd())
	return cmd
}

func newEvidenceKeygenCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Make a key pair that signs evidence: paved.key and paved.pub, in cosign's formats",
		Long: `Keygen writes an ECDSA P-256 key pair as 'cosign generate-key-pair' does:
paved.key, the private key encrypted with $` + keys.PasswordEnv + ` (empty
allowed; readable by its owner only), and paved.pub, the public key auditors
verify with. Existing keys are never overwritten. cosign reads both files.`,
		Example: `  PAVED_KEY_PASSWORD=… paved evidence keygen --out keys/`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pair, err := keys.Generate([]byte(os.Getenv(keys.PasswordEnv)))
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			priv, pub, err := keys.WritePair(out, pair)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			pw := "encrypted with $" + keys.PasswordEnv
			if os.Getenv(keys.PasswordEnv) == "" {
				pw = "with an empty password ($" + keys.PasswordEnv + " is empty)"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (private key, %s) and %s (public key)\n", priv, pw, pub)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", ".", "directory to write paved.key and paved.pub into")
	return cmd
}

// verifyFlags select how a bundle's signature is checked.
type verifyFlags struct {
	key      string
	unsigned bool
	format   string
}

func (f *verifyFlags) register(cmd *cobra.Command, keyRequired bool) {
	usage := "public key the attestation must be signed with: PEM file (paved.pub, cosign.pub) or KMS URI"
	if !keyRequired {
		usage += " (without it, only the bundle's integrity is checked, and the answer says so)"
	}
	cmd.Flags().StringVar(&f.key, "key", "", usage)
	if keyRequired {
		cmd.Flags().BoolVar(&f.unsigned, "unsigned", false, "check integrity only, without a key: every digest, but not who signed (the output says NOT CHECKED)")
	}
	cmd.Flags().StringVarP(&f.format, "format", "f", "text", "output format: text or json")
}

func (f *verifyFlags) options(ctx context.Context, keyRequired bool) (bundle.VerifyOptions, error) {
	if f.format != "text" && f.format != "json" {
		return bundle.VerifyOptions{}, usageError("--format %q: want text or json", f.format)
	}
	switch {
	case f.key != "" && f.unsigned:
		return bundle.VerifyOptions{}, usageError("--key and --unsigned: choose one")
	case f.key == "" && (f.unsigned || !keyRequired):
		return bundle.VerifyOptions{Unsigned: true}, nil
	case f.key == "":
		return bundle.VerifyOptions{}, usageError("give --key (the public key the bundle is signed with), or --unsigned to check its integrity only")
	}
	v, err := sigkeys.LoadVerifier(ctx, f.key, sigkeys.Options{})
	if err != nil {
		return bundle.VerifyOptions{}, &exitError{code: 2, err: fmt.Errorf("--key: %w", err)}
	}
	return bundle.VerifyOptions{Verifier: v, KeyName: f.key}, nil
}

func newEvidenceVerifyCmd() *cobra.Command {
	var f verifyFlags
	var c chainFlags
	cmd := &cobra.Command{
		Use:   "verify BUNDLE | verify --chain DIR|oci://REPO",
		Short: "Verify an evidence bundle, or a chain of them over a period, offline",
		Long: `Verify checks an evidence bundle (a directory or .tar.gz): the attestation's
signature with --key, the manifest's digest against the attestation, every
file's sha256 and size against the manifest, that the manifest lists every
file and nothing more, and that the policy files give the policy set's
digest. It then prints what the bundle attests: the run, the policy set, the
results, every control's verdict and the exceptions, and the bundle's
digest, which the next bundle of its scope records.

With --chain, it verifies every bundle of a directory (its subdirectories and
.tar.gz files, one level deep) or of an OCI repository (every tag 'paved
evidence push' made), and checks each scope's chain over the period --from
--to (dates are whole UTC days, or RFC 3339 times; both inclusive; open by
default): ordered by when their runs finished, every bundle in the period
must record the digest of the one before it, and the first must follow a
bundle that is there or start the chain. A bundle removed between two others,
a changed bundle, or two bundles that follow the same one (a fork) break it,
and are named. The chain cannot show that the newest bundles were removed:
compare the last digest it prints with the history store's, or with the one
you wrote down last time.

Exit codes: 0 verified (with --chain: every bundle, and every chain intact);
1 it does not verify (every file at fault is named: changed, added, missing,
or a signature another key made) or a chain is broken; 2 the bundle, the
location or the key cannot be read. A bundle written with
--evidence-unsigned never verifies with --key; --unsigned checks integrity
alone and says so.`,
		Example: `  paved evidence verify evidence/run.tar.gz --key paved.pub
  paved evidence verify evidence/run/ --key azurekms://vault.vault.azure.net/paved --format json
  paved evidence verify --chain evidence/ --key paved.pub --from 2030-01-01 --to 2030-03-31
  paved evidence verify --chain oci://ghcr.io/acme/evidence --key paved.pub --scope github.com/acme/infra --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if c.location == "" {
				if c.from != "" || c.to != "" || cmd.Flags().Changed("scope") {
					return usageError("--from, --to and --scope go with --chain")
				}
				if len(args) != 1 {
					return usageError("verify takes one bundle, or --chain LOCATION")
				}
			} else if len(args) > 0 {
				return usageError("--chain %s and the bundle %s: give one", c.location, args[0])
			}
			opts, err := f.options(cmd.Context(), true)
			if err != nil {
				return err
			}
			if c.location != "" {
				return c.run(cmd, opts, f.format)
			}
			res, err := bundle.Verify(cmd.Context(), args[0], opts)
			if err != nil {
				return evidenceError(err)
			}
			return writeAs(cmd.OutOrStdout(), f.format, res, res.WriteText)
		},
	}
	f.register(cmd, true)
	c.register(cmd)
	return cmd
}

// chainFlags are verify --chain's.
type chainFlags struct {
	location string
	from, to string
	scope    string
}

func (c *chainFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&c.location, "chain", "", "verify every bundle in DIR (one level deep) or oci://REPO and the chain of each scope, instead of one bundle")
	fl.StringVar(&c.from, "from", "", "with --chain: the period's first day (YYYY-MM-DD, UTC) or time (RFC 3339), inclusive (default: the first bundle)")
	fl.StringVar(&c.to, "to", "", "with --chain: the period's last day (YYYY-MM-DD, UTC, the whole day) or time (RFC 3339), inclusive (default: the last bundle)")
	fl.StringVar(&c.scope, "scope", "", "with --chain: check only this scope's chain, e.g. github.com/acme/infra or fleet:prod (default: every scope)")
}

func (c *chainFlags) run(cmd *cobra.Command, vopts bundle.VerifyOptions, format string) error {
	opts := chain.Options{Verify: vopts}
	var err error
	if c.from != "" {
		if opts.Period.From, err = parseWhen("--from", c.from, false); err != nil {
			return err
		}
	}
	if c.to != "" {
		if opts.Period.To, err = parseWhen("--to", c.to, true); err != nil {
			return err
		}
	}
	if !opts.Period.From.IsZero() && !opts.Period.To.IsZero() && opts.Period.To.Before(opts.Period.From) {
		return usageError("--to %s is before --from %s", c.to, c.from)
	}
	if cmd.Flags().Changed("scope") {
		opts.Scope = &c.scope
	}
	loc, err := chain.Locate(c.location)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("--chain: %w", err)}
	}
	rep, err := chain.Verify(cmd.Context(), loc, opts)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("--chain: %w", err)}
	}
	if err := writeAs(cmd.OutOrStdout(), format, rep, rep.WriteText); err != nil {
		return err
	}
	if !rep.Intact {
		return &exitError{code: 1, err: fmt.Errorf("the evidence chain of %s is broken, or a bundle does not verify (see above)", loc)}
	}
	return nil
}

func newEvidenceShowCmd() *cobra.Command {
	var f verifyFlags
	var control string
	cmd := &cobra.Command{
		Use:   "show BUNDLE --control ID",
		Short: "Answer for one control from an evidence bundle: assets, policies and versions, verdicts, waivers",
		Long: `Show verifies the bundle as 'paved evidence verify' does (its integrity
always, its signature with --key), then answers for one control, as the
policies' metadata names it (SOC2:CC6.1, NIST-800-53:SC-28, CIS-AWS-2.1.1…;
matched exactly, else ignoring case): the policies that test it, with the
version and sha256 of each that ran, every asset they judged with its
verdict and findings, and the waivers and VEX statements that set findings
aside, with owner, approver, expiry and reason.

Exit codes: 0 answered (a control no asset exercised is "not_tested"); 1 the
bundle does not verify; 2 it cannot be read, or no policy names the control.`,
		Example: `  paved evidence show evidence/run.tar.gz --control SOC2:CC6.1 --key paved.pub
  paved evidence show evidence/run/ --control NIST-800-53:SC-28 --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if control == "" {
				return usageError("--control: which control? e.g. --control SOC2:CC6.1")
			}
			opts, err := f.options(cmd.Context(), false)
			if err != nil {
				return err
			}
			ans, err := bundle.Show(cmd.Context(), args[0], control, opts)
			if err != nil {
				return evidenceError(err)
			}
			return writeAs(cmd.OutOrStdout(), f.format, ans, ans.WriteText)
		},
	}
	cmd.Flags().StringVar(&control, "control", "", "the control to answer for, as the policies name it, e.g. SOC2:CC6.1")
	f.register(cmd, false)
	return cmd
}

func newEvidencePushCmd() *cobra.Command {
	var storeFlag string
	cmd := &cobra.Command{
		Use:   "push oci://REF BUNDLE",
		Short: "Store an evidence bundle in an OCI registry",
		Long: `Push stores a bundle (a directory or .tar.gz) as an OCI artifact of type
` + ocistore.ArtifactType + `: one layer per file, titled with its path, the
attestation among them, and the run id, scope and time as annotations
(docs/evidence.md). The bundle's integrity is checked first; one that does
not verify is not pushed. Credentials come from the docker config; plain
HTTP only to a loopback registry.

Exit codes: 0 pushed; 1 the bundle does not verify; 2 it or the registry
cannot be read.`,
		Example: `  paved evidence push oci://ghcr.io/acme/evidence:run-42 evidence/run.tar.gz`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if storeFlag == "" {
				storeFlag = os.Getenv("PAVED_STORE")
			}
			var st *store.Store
			if storeFlag != "" {
				var err error
				if st, err = store.Open(cmd.Context(), storeFlag); err != nil {
					return &exitError{code: 2, err: fmt.Errorf("--store: %w", err)}
				}
				defer st.Close()
			}
			p, err := ocistore.Push(cmd.Context(), args[0], args[1], ocistore.Options{})
			if err != nil {
				return evidenceError(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "pushed %s (%d files; run %s, scope %q, %s)\n", p.Ref, p.Files, p.RunID, p.Scope, p.Created.Format(time.RFC3339))
			if st == nil {
				return nil
			}
			if err := st.SetRunEvidence(cmd.Context(), p.RunID, p.Scope, p.Digest, "oci://"+p.Ref.String()); err != nil {
				return &exitError{code: 2, err: fmt.Errorf("pushed, but not recorded in the store: %w", err)}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "recorded in the store: run %s's evidence is at oci://%s\n", p.RunID, p.Ref)
			return nil
		},
	}
	cmd.Flags().StringVar(&storeFlag, "store", "", "also record in this history store (default $PAVED_STORE) that the run's evidence is at the pushed digest; the run must be recorded there")
	return cmd
}

func newEvidencePullCmd() *cobra.Command {
	var f verifyFlags
	cmd := &cobra.Command{
		Use:   "pull oci://REF DIR",
		Short: "Fetch an evidence bundle from an OCI registry, verify it and write it to a new directory",
		Long: `Pull fetches a bundle pushed by 'paved evidence push', checking every layer's
size and digest, and verifies it as 'paved evidence verify' does: the
signature with --key, its integrity always (without --key the output says
the signature was NOT CHECKED). DIR must not exist (an empty directory is
allowed); the bundle is written beside it under a temporary name and
renamed to DIR only once it verifies.

Exit codes: 0 pulled and verified; 1 it does not verify (nothing written);
2 the registry or the key cannot be read, DIR exists.`,
		Example: `  paved evidence pull oci://ghcr.io/acme/evidence:run-42 audit/run-42 --key paved.pub`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := f.options(cmd.Context(), false)
			if err != nil {
				return err
			}
			p, err := ocistore.Pull(cmd.Context(), args[0], args[1], opts, ocistore.Options{})
			if err != nil {
				return evidenceError(err)
			}
			if f.format == "text" {
				fmt.Fprintf(cmd.OutOrStdout(), "pulled %s to %s\n", p.Ref, p.Dir)
			}
			return writeAs(cmd.OutOrStdout(), f.format, p.Verification, p.Verification.WriteText)
		},
	}
	f.register(cmd, false)
	return cmd
}

func newEvidenceListCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list oci://REPO",
		Short: "List the evidence bundles tagged in an OCI repository",
		Long: `List reads every tag of REPO and prints the evidence bundles among them:
tag, manifest digest, run id, scope and the run's time, from the manifest's
annotations (they are not verified: pull the bundle for that).`,
		Example: `  paved evidence list oci://ghcr.io/acme/evidence`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("--format %q: want text or json", format)
			}
			entries, err := ocistore.List(cmd.Context(), args[0], ocistore.Options{})
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			if entries == nil {
				entries = []ocistore.Entry{}
			}
			return writeAs(cmd.OutOrStdout(), format, entries, func(w io.Writer) error {
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "TAG\tDIGEST\tRUN\tSCOPE\tCREATED")
				for _, e := range entries {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.Tag, e.Digest, e.RunID, e.Scope, e.Created)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return cmd
}

// evidenceError maps a bundle's failure to its exit code: 1 when it does
// not verify, 2 when it cannot be read or the question is wrong.
func evidenceError(err error) error {
	var ve *bundle.VerifyError
	if errors.As(err, &ve) {
		return &exitError{code: 1, err: err}
	}
	return &exitError{code: 2, err: err}
}

func writeAs(w io.Writer, format string, v any, text func(io.Writer) error) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	}
	return text(w)
}
