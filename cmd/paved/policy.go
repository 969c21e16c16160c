package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/check"
	"github.com/paved-dev/paved/policybundle"
	"github.com/paved-dev/paved/policybundle/oci"
	"github.com/spf13/cobra"
)

// policyFlags select the policy set (check.PolicyOptions).
type policyFlags check.PolicyOptions

func (p *policyFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&p.Sources, "policy", nil, "your own Rego policies, same conventions as the built-ins: a directory, or an OCI bundle as oci://REGISTRY/REPO:TAG or @sha256:DIGEST (repeatable)")
	cmd.Flags().BoolVar(&p.NoBuiltin, "no-builtin", false, "use only the policies given with --policy")
	cmd.Flags().StringVar(&p.Key, "policy-key", "", "public key (PEM, e.g. cosign.pub) or KMS URI every oci:// policy bundle must be signed with; unsigned or tampered bundles are refused")
	cmd.Flags().BoolVar(&p.AllowUnsigned, "allow-unsigned-policies", false, "use oci:// policy bundles without verifying a signature when no --policy-key is given (refused by default: whoever can push to the repository would decide what passes)")
	cmd.Flags().BoolVar(&p.Insecure, "insecure-registry", false, "allow plain HTTP to the registry of oci:// policy bundles (loopback registries always may)")
}

func (p *policyFlags) load(ctx context.Context, tests bool) (*engine.PolicySet, error) {
	opts := check.PolicyOptions(*p)
	opts.Tests = tests
	pol, err := check.LoadPolicies(ctx, opts)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return pol.Set, nil
}

func newPolicyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "List, document, test and distribute policies",
		Long: `Policies are Rego v1 packages with OPA metadata (title, description and
custom: id, severity, kind, resource_types, controls, related, remediation,
enforcement). Each has a _test.rego beside it.`,
	}
	cmd.AddCommand(newPolicyListCmd(), newPolicyDocsCmd(), newPolicyTestCmd(), newPolicyPushCmd(), newPolicyPullCmd())
	return cmd
}

func newPolicyListCmd() *cobra.Command {
	var pf policyFlags
	var format, kind string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the policies in the set",
		Example: `  paved policy list
  paved policy list --kind terraform --format json
  paved policy list --policy ./my-policies --no-builtin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if kind != "" && !slices.Contains(check.Kinds(), engine.Kind(kind)) {
				return usageError("--kind %q: want one of %s", kind, strings.Join(kindNames(), ", "))
			}
			ps, err := pf.load(cmd.Context(), false)
			if err != nil {
				return err
			}
			pols := ps.Policies
			if kind != "" {
				pols = ps.ForKind(engine.Kind(kind))
			}
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				if pols == nil {
					pols = []*engine.Policy{}
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(pols)
			case "table":
				tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tKIND\tTITLE\tCONTROLS")
				for _, p := range pols {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.ID, p.Severity, p.Kind, p.Title, strings.Join(p.Controls, ", "))
				}
				return tw.Flush()
			}
			return usageError("--format %q: want table or json", format)
		},
	}
	pf.register(cmd)
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table or json")
	cmd.Flags().StringVar(&kind, "kind", "", "only policies of this kind ("+strings.Join(kindNames(), ", ")+")")
	return cmd
}

// kindNames are the target kinds paved reads.
func kindNames() []string {
	var out []string
	for _, k := range check.Kinds() {
		out = append(out, string(k))
	}
	return out
}

func newPolicyDocsCmd() *cobra.Command {
	var pf policyFlags
	var outPath string
	cmd := &cobra.Command{
		Use:     "docs",
		Short:   "Write a Markdown catalog of the policies, generated from their metadata",
		Example: `  paved policy docs > POLICIES.md`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ps, err := pf.load(cmd.Context(), false)
			if err != nil {
				return err
			}
			if outPath == "" {
				return engine.WritePolicyDocs(cmd.OutOrStdout(), ps.Policies)
			}
			f, err := os.Create(outPath)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			if err := engine.WritePolicyDocs(f, ps.Policies); err != nil {
				f.Close()
				return err
			}
			return f.Close()
		},
	}
	pf.register(cmd)
	cmd.Flags().StringVarP(&outPath, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

func newPolicyTestCmd() *cobra.Command {
	var format string
	var dataFiles []string
	var showCoverage bool
	cmd := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the policies' Rego unit tests, with coverage",
		Long: `Test runs every test_ rule in the given policy directories (default: the
built-in library) with OPA's tester and reports line coverage per policy file.
The built-in helper library (data.paved.lib.*) is always available.
Exit 1 when a test fails.`,
		Example: `  paved policy test
  paved policy test ./my-policies --coverage`,
		RunE: func(cmd *cobra.Command, args []string) error {
			pf := policyFlags{Sources: args, NoBuiltin: len(args) > 0}
			ps, err := pf.load(cmd.Context(), true)
			if err != nil {
				return err
			}
			data, err := loadTestData(dataFiles)
			if err != nil {
				return err
			}
			rep, err := engine.RunTests(cmd.Context(), ps, data)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else {
				writeTestReport(out, rep, ps, showCoverage)
			}
			if len(rep.Results) == 0 {
				return usageError("no tests found (test rules are named test_*, in *_test.rego files)")
			}
			if rep.Failed() > 0 {
				return &exitError{code: 1}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "text or json")
	cmd.Flags().StringArrayVar(&dataFiles, "data", nil, "JSON or YAML parameters for the tests, as data.params (repeatable)")
	cmd.Flags().BoolVar(&showCoverage, "coverage", false, "print coverage per policy file")
	return cmd
}

func newPolicyPushCmd() *cobra.Command {
	var signKey, revision string
	var insecure bool
	cmd := &cobra.Command{
		Use:   "push REF DIR",
		Short: "Pack a policy directory as an OPA bundle and push it to an OCI registry",
		Long: `Push packs the Rego files of DIR (the conventions of --policy DIR; *_test.rego
included) and its OPA data files (data.json / data.yaml, each at its directory's
path: put parameter defaults under params/) into an OPA bundle with a manifest,
and pushes it to REF as an OCI artifact in OPA's layout, so OPA's own OCI
downloader can serve it too. It prints the pushed digest reference: pin that
in CI (--policy oci://REPO@sha256:…) to judge with exactly these policies.

The policies are loaded first, as a check would, so a broken policy is never
pushed. With --sign-key, the manifest digest is signed in cosign's layout
(a sha256-<hex>.sig tag), which 'paved check --policy-key' and
'cosign verify --key' both verify. Keys are PEM (ECDSA P-256, ed25519, RSA)
or cosign's encrypted cosign.key, whose password is read from COSIGN_PASSWORD.
Registry credentials come from the docker config (docker login).`,
		Example: `  paved policy push ghcr.io/acme/policies:v1 ./policies
  COSIGN_PASSWORD=… paved policy push ghcr.io/acme/policies:v1 ./policies --sign-key cosign.key
  paved check infra/ --policy oci://ghcr.io/acme/policies@sha256:… --policy-key cosign.pub
  paved policy push localhost:5000/acme/policies:dev ./policies   # a local registry, plain HTTP`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, dir := args[0], args[1]
			var signer *oci.Signer
			if signKey != "" {
				s, err := oci.LoadSigner(cmd.Context(), signKey, []byte(os.Getenv("COSIGN_PASSWORD")))
				if err != nil {
					return usageError("--sign-key: %v", err)
				}
				signer = s
			}
			pf := policyFlags{Sources: []string{dir}, NoBuiltin: true}
			ps, err := pf.load(cmd.Context(), true)
			if err != nil {
				return err
			}
			ids := make([]string, 0, len(ps.Policies))
			for _, p := range ps.Policies {
				ids = append(ids, p.ID)
			}
			archive, _, err := policybundle.Build(dir, policybundle.BuildOptions{
				Revision: revision,
				Metadata: map[string]any{"paved": map[string]any{"policies": ids}},
			})
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			o := oci.Options{Insecure: insecure}
			dg, err := oci.Push(cmd.Context(), ref, archive, o)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			fmt.Fprintln(cmd.OutOrStdout(), dg.String())
			if signer != nil {
				if err := oci.Sign(cmd.Context(), dg, signer, o); err != nil {
					return &exitError{code: 2, err: err}
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "signed %s with %s\n", dg.DigestStr(), signKey)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&signKey, "sign-key", "", "private key (PEM or cosign.key; password in COSIGN_PASSWORD) or KMS URI (azurekms://, hashivault://, or a sigstore-kms-<scheme> plugin) to sign the pushed bundle with")
	cmd.Flags().StringVar(&revision, "revision", "", "the bundle manifest's revision (default: sha256 of the packed files)")
	cmd.Flags().BoolVar(&insecure, "insecure", false, "allow plain HTTP to the registry (loopback registries always may)")
	return cmd
}

func newPolicyPullCmd() *cobra.Command {
	var key, outDir string
	var insecure bool
	cmd := &cobra.Command{
		Use:   "pull REF",
		Short: "Fetch a policy bundle into the local cache, verify it, and optionally extract it",
		Long: `Pull resolves REF, downloads the bundle unless its digest is already cached
($PAVED_CACHE_DIR/bundles, else the user cache dir's paved/bundles), checks
every digest, and with --policy-key refuses a bundle that is not signed by
that key. It prints the digest reference and where the bundle is; --output
extracts its files into a new directory.`,
		Example: `  paved policy pull ghcr.io/acme/policies:v1
  paved policy pull ghcr.io/acme/policies:v1 --policy-key cosign.pub --output ./acme-policies`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var verifier *oci.Verifier
			if key != "" {
				v, err := oci.LoadVerifier(cmd.Context(), key)
				if err != nil {
					return usageError("--policy-key: %v", err)
				}
				verifier = v
			}
			cacheDir, err := check.BundleCacheDir()
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			pulled, err := oci.Pull(cmd.Context(), args[0], verifier, oci.Options{Insecure: insecure, CacheDir: cacheDir})
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			out := cmd.OutOrStdout()
			fmt.Fprintln(out, pulled.Ref.String())
			fmt.Fprintf(out, "revision: %s\n", pulled.Bundle.Manifest.Revision)
			if pulled.Cached {
				fmt.Fprintf(out, "cached:   %s (not downloaded again)\n", pulled.CachePath)
			} else {
				fmt.Fprintf(out, "cached:   %s\n", pulled.CachePath)
			}
			if pulled.Verified != nil {
				fmt.Fprintf(out, "verified: signature over %s by %s\n", pulled.Verified.Digest, pulled.Verified.Key)
			}
			if outDir != "" {
				if err := pulled.Bundle.Extract(outDir); err != nil {
					return &exitError{code: 2, err: fmt.Errorf("--output: %w", err)}
				}
				fmt.Fprintf(out, "extracted: %s\n", outDir)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&key, "policy-key", "", "public key (PEM, e.g. cosign.pub) or KMS URI the bundle must be signed with")
	cmd.Flags().StringVarP(&outDir, "output", "o", "", "extract the bundle's files into this new directory")
	cmd.Flags().BoolVar(&insecure, "insecure", false, "allow plain HTTP to the registry (loopback registries always may)")
	return cmd
}
