// Command paved is the policy-as-code gate: it judges repositories,
// Terraform, images and SBOMs with Rego policies. The CLI only wires flags
// to engine calls and maps outcomes to exit codes: 0 clean, 1 blocking
// findings, 2 usage or runtime errors.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// usageError is exit 2 with a message.
func usageError(format string, a ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, a...)}
}

func main() {
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = buildVersion(version, bi)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// buildVersion is the version -ldflags set or, failing that, the module
// version `go install github.com/paved-dev/paved/cmd/paved@v1.2.3` (or
// @<commit>, as the GitHub Action installs it) records.
func buildVersion(ldflags string, bi *debug.BuildInfo) string {
	if ldflags != "dev" || bi == nil {
		return ldflags
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	return ldflags
}

// run executes the CLI and returns the exit code; tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "paved:", ee.err)
		}
		return ee.code
	}
	// cobra's own errors (unknown flag, wrong args) are usage errors.
	fmt.Fprintln(stderr, "paved:", err)
	return 2
}

type globalFlags struct {
	logFormat string
	verbose   bool
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	var g globalFlags
	root := &cobra.Command{
		Use:   "paved",
		Short: "Policy-as-code gate for repositories, Terraform, images and SBOMs",
		Long: `paved judges infrastructure code and software artifacts against golden-path
and security standards written as Rego policies (Open Policy Agent).

Exit codes: 0 nothing blocking, 1 blocking findings, 2 usage or input errors.`,
		Example: `  paved check infra/                      # judge every Terraform module under infra/
  paved check plan.json --format sarif     # judge a plan, SARIF for code scanning
  paved policy list                        # the built-in policy library`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			level := slog.LevelWarn
			if g.verbose {
				level = slog.LevelDebug
			}
			opts := &slog.HandlerOptions{Level: level}
			var h slog.Handler
			switch g.logFormat {
			case "text":
				h = slog.NewTextHandler(stderr, opts)
			case "json":
				h = slog.NewJSONHandler(stderr, opts)
			default:
				return usageError("--log-format %q: want text or json", g.logFormat)
			}
			slog.SetDefault(slog.New(h))
			return nil
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&g.logFormat, "log-format", "text", "log format on stderr: text or json")
	root.PersistentFlags().BoolVarP(&g.verbose, "verbose", "v", false, "log debug detail to stderr")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &exitError{code: 2, err: err} })
	root.AddCommand(newCheckCmd(), newPolicyCmd(), newWaiversCmd(), newInitCmd(), newHookCmd(), newCICmd(), newEvidenceCmd(), newStoreCmd(), newVersionCmd())
	root.AddCommand(newKPICmd())
	root.AddCommand(newServeCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print paved's version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintln(cmd.OutOrStdout(), "paved", version)
		},
	}
}
