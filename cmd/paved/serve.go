package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/paved-dev/paved/evidence/serve"
)

// serveFlags are paved serve's flags.
type serveFlags struct {
	store, tokens, listen, cert, key, config string
	behindProxy                              bool
}

func newServeCmd() *cobra.Command {
	f := &serveFlags{}
	cmd := &cobra.Command{
		Use:   "serve --store URL --tokens FILE",
		Short: "Serve the KPI dashboard, a read-only JSON API and /metrics over the history store",
		Long: `Serve shows the history store that paved check --store fills as a web
dashboard: the overview (coverage and golden-path adoption week by week,
with the weeks the policy set changed marked; remediation time by
severity; SLA breaches by age; the policies failing most; every team), a
page per team, policy and asset (its verdicts, findings and their
history), and the runs with the evidence bundles they left. Filters
(team, kind, at, since) are URL parameters, so a view is a link. The same
figures are JSON under /api/v1/, and Prometheus gauges under /metrics
(examples/grafana/paved-kpis.json is a dashboard over them).

Access needs a token, whatever the path but /healthz and /login: an Authorization:
Bearer header, or a browser's cookie from signing in at /login. Each token
has a role: viewer (dashboard, KPI API, /metrics), auditor (also finding
details with their waivers, and runs with their evidence bundles) or
admin (also the store's own facts). The tokens file holds one line per
token, its SHA-256 digest, role and name:

  # paved serve tokens
  sha256:5f0c…e1 viewer grafana
  sha256:9a41…7b auditor audit-2026

'paved serve token' makes a token and its line. A file others may write is
refused, one they may read is warned about; SIGHUP reloads it (and the TLS
key pair), so a token removed stops working without a restart.

The server listens on loopback unless --listen says otherwise; beyond
loopback it needs --tls-cert and --tls-key, or a TLS proxy in front and
--behind-tls-proxy: a token sent in clear can be read on the way, so
paved refuses to listen beyond loopback without either. It only reads the store. KPIs
are computed when asked for, and those at "now" reused for up to a minute
(never past a new run); the overview's are kept fresh in the background.
kpi.sla and kpi.stale_days come from .paved.yaml as for paved kpi.
docs/serve.md lists every route and the role it needs.`,
		Example: `  paved serve token --role viewer --name alice --tokens tokens.txt   # prints alice's token, once
  paved serve --store sqlite://paved.db --tokens tokens.txt           # http://127.0.0.1:8080
  PAVED_STORE=postgres://paved@db/paved paved serve --tokens /etc/paved/tokens \
      --listen :8443 --tls-cert tls.crt --tls-key tls.key
  curl -H "Authorization: Bearer $PAVED_TOKEN" 'http://127.0.0.1:8080/api/v1/kpi?team=payments'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.store, "store", "", "history store: sqlite://PATH or postgres://USER@HOST/DB (default $PAVED_STORE, which keeps a password out of command lines)")
	fl.StringVar(&f.tokens, "tokens", "", "tokens file: one 'sha256:<hex> ROLE NAME' line per token ('paved serve token' writes them)")
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8080", "address to listen on; beyond loopback, give --tls-cert and --tls-key, or --behind-tls-proxy")
	fl.StringVar(&f.cert, "tls-cert", "", "serve HTTPS with this PEM certificate (chain) file; with --tls-key")
	fl.StringVar(&f.key, "tls-key", "", "the PEM private key of --tls-cert")
	fl.BoolVar(&f.behindProxy, "behind-tls-proxy", false, "browsers reach the server through a TLS proxy: cookies are Secure and HTTPS is asked for (HSTS); lets it listen beyond loopback without --tls-cert")
	fl.StringVar(&f.config, "config", "", "configuration file for kpi.sla and kpi.stale_days (default: .paved.yaml in the current directory or a parent, up to the repository root; 'none' reads none)")
	cmd.AddCommand(newServeTokenCmd())
	return cmd
}

// isLoopback says whether a listen address takes connections from this
// machine only: "" and unspecified hosts (":8080", "0.0.0.0") take them
// from anywhere.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, err
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

func runServe(ctx context.Context, stderr io.Writer, f *serveFlags) error {
	tokensFile, listen, certFile, keyFile := f.tokens, f.listen, f.cert, f.key
	if tokensFile == "" {
		return usageError("--tokens: give the tokens file ('paved serve token --role viewer --name NAME --tokens FILE' starts one)")
	}
	if (certFile == "") != (keyFile == "") {
		return usageError("--tls-cert and --tls-key go together")
	}
	tlsOn := certFile != ""
	loopback, err := isLoopback(listen)
	if err != nil {
		return usageError("--listen %q: want HOST:PORT, e.g. 127.0.0.1:8080 or :8443", listen)
	}
	if !loopback && !tlsOn && !f.behindProxy {
		return usageError("--listen %s takes connections from other machines: tokens would cross the network in clear; give --tls-cert and --tls-key, or put a TLS proxy in front and say --behind-tls-proxy", listen)
	}
	tokens, warnings, err := serve.LoadTokens(tokensFile)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, "paved: warning:", w)
	}
	var cert atomic.Pointer[tls.Certificate]
	loadCert := func() error {
		c, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return fmt.Errorf("--tls-cert, --tls-key: %w", err)
		}
		cert.Store(&c)
		return nil
	}
	if tlsOn {
		if err := loadCert(); err != nil {
			return &exitError{code: 2, err: err}
		}
	}
	sla, stale, err := kpiSettings(f.config)
	if err != nil {
		return err
	}
	opts := []serve.Option{serve.WithSLA(sla), serve.WithStaleDays(stale)}
	st, err := openStore(ctx, f.store, false)
	if err != nil {
		return err
	}
	defer st.Close()
	opts = append(opts, serve.WithTLS(tlsOn || f.behindProxy), serve.WithVersion(version), serve.WithLogger(slog.Default()))
	srv, err := serve.New(st, tokens, opts...)
	if err != nil {
		return &exitError{code: 2, err: err}
	}

	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("--listen: %w", err)}
	}
	scheme := "http"
	if tlsOn {
		scheme = "https"
	}
	fmt.Fprintf(stderr, "paved serve: %s://%s/ (%d tokens; /healthz answers without one)\n", scheme, ln.Addr(), tokens.Len())

	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // a first KPI computation over a big store takes seconds
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
	if tlsOn {
		hs.TLSConfig = &tls.Config{
			MinVersion:     tls.VersionTLS12,
			GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return cert.Load(), nil },
		}
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go srv.KeepFresh(ctx)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
			}
			if t, _, err := serve.LoadTokens(tokensFile); err != nil {
				slog.Error("paved serve: tokens not reloaded, the previous ones stay", "err", err)
			} else {
				srv.SetTokens(t)
				slog.Warn("paved serve: tokens reloaded", "tokens", t.Len())
			}
			if tlsOn {
				if err := loadCert(); err != nil {
					slog.Error("paved serve: TLS key pair not reloaded, the previous one stays", "err", err)
				}
			}
		}
	}()

	errc := make(chan error, 1)
	go func() {
		if tlsOn {
			errc <- hs.ServeTLS(ln, "", "")
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return &exitError{code: 2, err: fmt.Errorf("serve: %w", err)}
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return &exitError{code: 2, err: fmt.Errorf("serve: %w", err)}
	}
	return nil
}

func newServeTokenCmd() *cobra.Command {
	var role, name, file string
	cmd := &cobra.Command{
		Use:   "token --role ROLE --name NAME",
		Short: "Make a token for paved serve, and the line that admits it",
		Long: `Token makes a random token (256 bits) and prints it once, with the line
that admits it in the tokens file: the token's SHA-256 digest, its role
and its name. paved keeps no copy: hand the token over privately; lost, it
is replaced, not recovered. With --tokens the line is appended to the file
(created readable by its owner only); a running paved serve reads it on
SIGHUP. To revoke a token, delete its line and send SIGHUP.

Roles: viewer (dashboard, KPI API, /metrics), auditor (also finding
details with their waivers, and runs with their evidence bundles), admin
(also the store's own facts).`,
		Example: `  paved serve token --role viewer --name grafana --tokens /etc/paved/tokens
  paved serve token --role auditor --name audit-2026`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := serve.ParseRole(role)
			if err != nil {
				return usageError("--role: %v", err)
			}
			token, line, err := serve.NewToken(r, name)
			if err != nil {
				return usageError("--name: %v", err)
			}
			if file != "" {
				if err := appendToken(file, name, line); err != nil {
					return &exitError{code: 2, err: err}
				}
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "token for %s (%s), shown this once:\n%s\n", name, r, token)
			if file != "" {
				fmt.Fprintf(out, "\nadded to %s (send paved serve SIGHUP to read it):\n%s\n", file, line)
			} else {
				fmt.Fprintf(out, "\nline for the tokens file:\n%s\n", line)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&role, "role", "viewer", "viewer, auditor or admin")
	fl.StringVar(&name, "name", "", "whose token it is (letters, digits, . _ @ + -; unique in the file)")
	fl.StringVar(&file, "tokens", "", "append the line to this tokens file (created if missing)")
	cmd.MarkFlagRequired("name")
	return cmd
}

// appendToken adds a token's line to a tokens file, refusing a name the
// file already has and a file paved serve would refuse.
func appendToken(file, name, line string) error {
	if _, err := os.Stat(file); err == nil {
		t, _, err := serve.LoadTokens(file)
		if err != nil && !errors.Is(err, serve.ErrNoTokens) {
			return err
		}
		if t != nil {
			for _, id := range t.Identities() {
				if id.Name == name {
					return fmt.Errorf("%s already has a token named %s: pick another name, or delete its line first", file, name)
				}
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if b, err := os.ReadFile(file); err == nil && len(b) > 0 && b[len(b)-1] != '\n' {
		line = "\n" + line // the last line had no end
	}
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, line); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
