package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/policies"
	"github.com/spf13/cobra"
)

// policyFlags select the policy set: the built-in library and user dirs.
type policyFlags struct {
	dirs      []string
	noBuiltin bool
}

func (p *policyFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&p.dirs, "policy", nil, "directory of your own Rego policies, same conventions as the built-ins (repeatable)")
	cmd.Flags().BoolVar(&p.noBuiltin, "no-builtin", false, "use only the policies given with --policy")
}

// sources lists the policy trees. The helper library is always loaded so
// user policies can import data.paved.lib.* even with --no-builtin.
func (p *policyFlags) sources() ([]engine.PolicySource, error) {
	var srcs []engine.PolicySource
	entries, err := fs.ReadDir(policies.FS, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() || (p.noBuiltin && e.Name() != "lib") {
			continue
		}
		sub, err := fs.Sub(policies.FS, e.Name())
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, engine.PolicySource{Name: "builtin/" + e.Name(), FS: sub, Lazy: true})
	}
	for _, d := range p.dirs {
		fi, err := os.Stat(d)
		if err != nil {
			return nil, usageError("--policy: %v", err)
		}
		if !fi.IsDir() {
			return nil, usageError("--policy %s: not a directory", d)
		}
		srcs = append(srcs, engine.PolicySource{Name: filepath.ToSlash(filepath.Clean(d)), FS: os.DirFS(d)})
	}
	if p.noBuiltin && len(p.dirs) == 0 {
		return nil, usageError("--no-builtin needs at least one --policy directory")
	}
	return srcs, nil
}

// builtinIndex is the built-in policies' metadata by file, so start-up
// reads one small JSON document instead of parsing every policy header.
func builtinIndex() (map[string]*engine.Policy, error) {
	b, err := fs.ReadFile(policies.FS, policies.IndexFile)
	if err != nil {
		return nil, err
	}
	var list []*engine.Policy
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("built-in policy index: %w", err)
	}
	index := make(map[string]*engine.Policy, len(list))
	for _, p := range list {
		index[p.File] = p
	}
	return index, nil
}

func (p *policyFlags) load(ctx context.Context, tests bool) (*engine.PolicySet, error) {
	srcs, err := p.sources()
	if err != nil {
		return nil, err
	}
	index, err := builtinIndex()
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	ps, err := engine.LoadPolicies(ctx, engine.LoadOptions{Tests: tests, Index: index}, srcs...)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("policies:\n%w", err)}
	}
	return ps, nil
}

func newPolicyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "List, document and test policies",
		Long: `Policies are Rego v1 packages with OPA metadata (title, description and
custom: id, severity, kind, resource_types, controls, related, remediation,
enforcement). Each has a _test.rego beside it.`,
	}
	cmd.AddCommand(newPolicyListCmd(), newPolicyDocsCmd(), newPolicyTestCmd())
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
			ps, err := pf.load(cmd.Context(), false)
			if err != nil {
				return err
			}
			pols := ps.Policies
			if kind != "" {
				pols = ps.ForKind(kind)
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
	cmd.Flags().StringVar(&kind, "kind", "", "only policies of this kind (terraform, repo, image, sbom)")
	return cmd
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
				return engine.WriteCatalog(cmd.OutOrStdout(), ps.Policies)
			}
			f, err := os.Create(outPath)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			if err := engine.WriteCatalog(f, ps.Policies); err != nil {
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
			pf := policyFlags{dirs: args, noBuiltin: len(args) > 0}
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
