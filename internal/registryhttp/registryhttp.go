// Package registryhttp keeps paved's registry traffic on HTTPS. Every
// package that speaks to an OCI registry (images, policy bundles, evidence)
// wraps its transport with Transport, so plain HTTP goes to loopback
// registries and to those the user named, nowhere else.
package registryhttp

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// PlainHTTPAllowed says whether a registry at host (HOST[:PORT]) may be
// spoken to over plain HTTP: a loopback address, or one named in insecure
// (HOST matches every port, HOST:PORT that port only, "*" every host).
// go-containerregistry would also use HTTP for private (RFC 1918)
// addresses, where a network attacker can sit; paved does not.
func PlainHTTPAllowed(host string, insecure []string) bool {
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
		if r == "*" || r == strings.ToLower(host) {
			return true
		}
		if _, _, err := net.SplitHostPort(r); err != nil && strings.Trim(r, "[]") == h {
			return true
		}
	}
	return false
}

// Transport wraps next (nil: http.DefaultTransport) so that it refuses
// plain HTTP requests PlainHTTPAllowed does not allow, whatever
// go-containerregistry chose: its ping falls back to HTTP for registries it
// thinks local, and a registry or token server may redirect to HTTP. how
// tells the user how to allow a host ("name it with --insecure-image-registry").
func Transport(next http.RoundTripper, insecure []string, how string) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &httpsOnly{next: next, insecure: insecure, how: how}
}

type httpsOnly struct {
	next     http.RoundTripper
	insecure []string
	how      string
}

func (t *httpsOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme != "https" && !PlainHTTPAllowed(r.URL.Host, t.insecure) {
		msg := fmt.Sprintf("plain HTTP to %s refused: it is not a loopback address", r.URL.Host)
		if t.how != "" {
			msg += " (" + t.how + ")"
		}
		return nil, fmt.Errorf("%s", msg)
	}
	return t.next.RoundTrip(r)
}

// RemoteOptions are the options every registry call of paved's passes to
// go-containerregistry: the context, credentials from kc (nil: the docker
// config, authn.DefaultKeychain), paved's user agent, and next (nil:
// remote's default transport) behind Transport(next, insecure, how).
func RemoteOptions(ctx context.Context, kc authn.Keychain, next http.RoundTripper, insecure []string, how string) []remote.Option {
	if kc == nil {
		kc = authn.DefaultKeychain
	}
	if next == nil {
		next = remote.DefaultTransport
	}
	return []remote.Option{
		remote.WithContext(ctx),
		remote.WithAuthFromKeychain(kc),
		remote.WithTransport(Transport(next, insecure, how)),
		remote.WithUserAgent("paved"),
	}
}
