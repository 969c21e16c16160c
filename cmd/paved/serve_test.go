package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a buffer a running command writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveToken makes a token with paved serve token, into file.
func serveToken(t *testing.T, file, role, name string) string {
	t.Helper()
	code, out, errs := paved(t, "serve", "token", "--role", role, "--name", name, "--tokens", file)
	if code != 0 {
		t.Fatalf("serve token: exit %d: %s", code, errs)
	}
	tok := regexp.MustCompile(`paved_[A-Za-z0-9_-]{43}`).FindString(out)
	if tok == "" || !strings.Contains(out, "sha256:") {
		t.Fatalf("serve token printed no token and line:\n%s", out)
	}
	return tok
}

// startServe runs paved serve until the test ends, and returns its base
// URL.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("paved serve stopped with exit %d: %s", code, stderr.String())
			}
		case <-time.After(15 * time.Second):
			t.Error("paved serve did not stop")
		}
	})
	addr := regexp.MustCompile(`paved serve: (https?://[^/ ]+)/`)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("paved serve exited %d: %s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("paved serve did not say where it listens: %s", stderr.String())
	return ""
}

func getWith(t *testing.T, c *http.Client, u, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Runs recorded with paved check --store, then served: the dashboard and
// the API show them, to a token's holder only.
func TestServeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "paved.db")
	for _, ex := range []string{"../../examples/terraform/insecure-stack", "../../examples/terraform/compliant-stack"} {
		if code, _, errs := paved(t, "check", ex, "--store", db); code == 2 {
			t.Fatalf("check %s: %s", ex, errs)
		}
	}
	tokens := filepath.Join(dir, "tokens")
	viewer := serveToken(t, tokens, "viewer", "vera")
	auditor := serveToken(t, tokens, "auditor", "audrey")
	if fi, err := os.Stat(tokens); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("tokens file: %v, mode %v; want 0600", err, fi.Mode())
	}
	if code, _, errs := paved(t, "serve", "token", "--role", "admin", "--name", "vera", "--tokens", tokens); code != 2 || !strings.Contains(errs, "already has a token named vera") {
		t.Errorf("a second token named vera: exit %d: %s", code, errs)
	}
	// "now" is counted in whole seconds: the runs are in the past once the
	// second they were recorded in is.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
	base := startServe(t, "--store", db, "--tokens", tokens, "--listen", "127.0.0.1:0", "--config", "none")
	c := &http.Client{Timeout: 30 * time.Second}
	if code, body := getWith(t, c, base+"/healthz", ""); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, _ := getWith(t, c, base+"/api/v1/kpi", ""); code != 401 {
		t.Errorf("/api/v1/kpi without a token: %d", code)
	}
	code, body := getWith(t, c, base+"/api/v1/kpi", viewer)
	if code != 200 {
		t.Fatalf("/api/v1/kpi: %d %s", code, body)
	}
	var rep struct {
		Schema   string
		Coverage struct{ Assets, Passing int }
		Store    struct{ Runs int }
	}
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Schema != "paved.kpi/v1" || rep.Store.Runs != 2 || rep.Coverage.Assets != 2 || rep.Coverage.Passing != 1 {
		t.Errorf("the KPIs of an insecure and a compliant stack: %+v", rep)
	}
	if code, body := getWith(t, c, base+"/", viewer); code != 200 || !strings.Contains(body, "50.0%") {
		t.Errorf("the overview: %d, no 50.0%% coverage", code)
	}
	if code, _ := getWith(t, c, base+"/runs", viewer); code != 403 {
		t.Errorf("/runs as a viewer: %d, want 403", code)
	}
	if code, body := getWith(t, c, base+"/runs", auditor); code != 200 || !strings.Contains(body, "2 runs") {
		t.Errorf("/runs as an auditor: %d", code)
	}
	if code, body := getWith(t, c, base+"/metrics", viewer); code != 200 || !strings.Contains(body, "paved_coverage_ratio 0.5") {
		t.Errorf("/metrics: %d", code)
	}
}

// SIGHUP reloads the tokens file: a token whose line was deleted is
// refused from then on, one added is admitted, without a restart.
func TestServeReloadsTokensOnSIGHUP(t *testing.T) {
	// With a channel of the test's own notified, SIGHUP does not end the
	// test's process, whether or not paved serve has registered its own
	// yet; until it has, a SIGHUP is lost, hence one per try below.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	kept := serveToken(t, tokens, "viewer", "vera")
	removed := serveToken(t, tokens, "viewer", "bob")
	base := startServe(t, "--store", emptyStore(t, filepath.Join(dir, "paved.db")), "--tokens", tokens, "--listen", "127.0.0.1:0", "--config", "none")
	c := &http.Client{Timeout: 30 * time.Second}
	for name, tok := range map[string]string{"vera": kept, "bob": removed} {
		if code, body := getWith(t, c, base+"/api/v1/policies", tok); code != 200 {
			t.Fatalf("%s's token before the reload: %d %s", name, code, body)
		}
	}

	// Delete bob's line (a new file renamed over the old, as an editor
	// saves it), then add carol's.
	b, err := os.ReadFile(tokens)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if !strings.HasSuffix(strings.TrimSpace(l), " bob") {
			lines = append(lines, l)
		}
	}
	if len(lines) != len(strings.SplitAfter(string(b), "\n"))-1 {
		t.Fatalf("bob's line not found in the tokens file:\n%s", b)
	}
	tmp := filepath.Join(dir, "tokens.new")
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, tokens); err != nil {
		t.Fatal(err)
	}
	added := serveToken(t, tokens, "viewer", "carol")
	if code, _ := getWith(t, c, base+"/api/v1/policies", added); code != 401 {
		t.Errorf("carol's token before the reload: %d, want 401", code)
	}

	deadline := time.Now().Add(15 * time.Second)
	for {
		if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		code, _ := getWith(t, c, base+"/api/v1/policies", removed)
		if code == 401 {
			break
		}
		if code != 200 || time.Now().After(deadline) {
			t.Fatalf("bob's token after SIGHUP: %d, want 401 once the file is reloaded", code)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for name, tok := range map[string]string{"vera": kept, "carol": added} {
		if code, body := getWith(t, c, base+"/api/v1/policies", tok); code != 200 {
			t.Errorf("%s's token after the reload: %d %s", name, code, body)
		}
	}
}

func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	tokens := filepath.Join(dir, "tokens")
	tok := serveToken(t, tokens, "viewer", "vera")

	base := startServe(t, "--store", emptyStore(t, filepath.Join(dir, "paved.db")), "--tokens", tokens, "--listen", "127.0.0.1:0",
		"--tls-cert", certFile, "--tls-key", keyFile, "--config", "none")
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("with --tls-cert: %s", base)
	}
	parsed, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(parsed)
	c := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if code, body := getWith(t, c, base+"/", tok); code != 200 || !strings.Contains(body, "No runs recorded yet") {
		t.Errorf("over TLS, an empty store: %d", code)
	}
	resp, err := c.PostForm(base+"/login", url.Values{"token": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cs := resp.Cookies(); resp.StatusCode != http.StatusSeeOther || len(cs) != 1 || !cs[0].Secure || !cs[0].HttpOnly {
		t.Errorf("sign-in over TLS: %d, cookies %+v", resp.StatusCode, cs)
	}
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no Strict-Transport-Security over TLS")
	}
}

func TestServeUsage(t *testing.T) {
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	serveToken(t, tokens, "viewer", "vera")
	db := "sqlite://" + filepath.Join(dir, "paved.db")
	open := filepath.Join(dir, "open")
	serveToken(t, open, "viewer", "vera")
	os.Chmod(open, 0o666)
	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, []byte("# tokens\nsha256:abc viewer vera\n"), 0o600)
	t.Setenv("PAVED_STORE", "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--store", db}, "--tokens: give the tokens file"},
		{[]string{"serve", "--tokens", tokens}, "no store"},
		{[]string{"serve", "--store", db, "--tokens", tokens, "--tls-cert", "x.crt"}, "--tls-cert and --tls-key go together"},
		{[]string{"serve", "--store", db, "--tokens", tokens, "--tls-cert", "x.crt", "--tls-key", "x.key"}, "--tls-cert, --tls-key:"},
		{[]string{"serve", "--store", db, "--tokens", tokens, "--listen", "8080"}, `--listen "8080": want HOST:PORT`},
		{[]string{"serve", "--store", db, "--tokens", tokens, "--listen", "0.0.0.0:0"}, "--behind-tls-proxy"},
		{[]string{"serve", "--store", db, "--tokens", filepath.Join(dir, "missing")}, "no such file"},
		{[]string{"serve", "--store", db, "--tokens", open}, "writable by others"},
		{[]string{"serve", "--store", db, "--tokens", bad}, bad + ":2: "},
		{[]string{"serve", "token", "--role", "root", "--name", "x"}, `--role: role "root"`},
		{[]string{"serve", "token", "--name", "two words"}, "--name: name"},
		{[]string{"serve", "token", "--role", "viewer"}, `"name" not set`},
	} {
		code, _, errs := paved(t, c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("paved %s: exit %d, %q; want exit 2 and %q", strings.Join(c.args, " "), code, errs, c.want)
		}
	}
	// The token is printed once, the file keeps its digest only.
	code, out, _ := paved(t, "serve", "token", "--role", "auditor", "--name", "audit-2026")
	if code != 0 || !strings.Contains(out, "line for the tokens file:\nsha256:") || !strings.Contains(out, " auditor audit-2026") {
		t.Errorf("serve token: exit %d\n%s", code, out)
	}
	b, _ := os.ReadFile(tokens)
	if strings.Contains(string(b), "paved_") {
		t.Errorf("the tokens file holds a token: %s", b)
	}
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true, ":8080": false, "0.0.0.0:80": false, "10.1.2.3:80": false, "[::]:80": false, "example.com:80": false} {
		if got, err := isLoopback(addr); err != nil || got != want {
			t.Errorf("isLoopback(%q) = %v, %v; want %v", addr, got, err, want)
		}
	}
}

// Behind a TLS proxy the server may listen beyond loopback; it then asks
// browsers for HTTPS (HSTS), as with its own certificate.
func TestServeBehindTLSProxy(t *testing.T) {
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	serveToken(t, tokens, "viewer", "vera")
	base := startServe(t, "--store", emptyStore(t, filepath.Join(dir, "paved.db")), "--tokens", tokens, "--listen", "0.0.0.0:0",
		"--behind-tls-proxy", "--config", "none")
	res, err := (&http.Client{Timeout: 30 * time.Second}).Get(strings.Replace(base, "0.0.0.0", "127.0.0.1", 1) + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("behind a TLS proxy: no HSTS header (%v)", res.Header)
	}
}
