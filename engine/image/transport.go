package image

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// plainHTTP says whether a registry at host (HOST[:PORT]) may be spoken
// to over plain HTTP: a loopback address, or one the user named as
// insecure (HOST matches every port, HOST:PORT that port only).
// go-containerregistry would also use HTTP for private (RFC 1918)
// addresses, where a network attacker can sit; paved does not.
func plainHTTP(host string, insecure []string) bool {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	h = strings.ToLower(strings.Trim(h, "[]"))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
		return true
	}
	for _, r := range insecure {
		r = strings.ToLower(strings.TrimSpace(r))
		if r == strings.ToLower(host) {
			return true
		}
		if _, _, err := net.SplitHostPort(r); err != nil && strings.Trim(r, "[]") == h {
			return true
		}
	}
	return false
}

// httpsOnly refuses plain HTTP requests to hosts plainHTTP does not allow,
// whatever go-containerregistry chose: its ping falls back to HTTP for
// registries it thinks local, and a registry or token server may redirect
// to HTTP.
type httpsOnly struct {
	next     http.RoundTripper
	insecure []string
}

func (t *httpsOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme != "https" && !plainHTTP(r.URL.Host, t.insecure) {
		return nil, fmt.Errorf("plain HTTP to %s refused: it is not a loopback address (name it with --insecure-image-registry %s to allow it)", r.URL.Host, r.URL.Host)
	}
	return t.next.RoundTrip(r)
}
