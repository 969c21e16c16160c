package registryhttp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

func TestPlainHTTPAllowed(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:5000": true, "127.0.0.2": true, "[::1]:5000": true, "localhost:5000": true, "reg.localhost": true,
		"10.0.0.5:5000": false, "192.168.1.1": false, "r.example": false, "localhost.example.com": false,
	} {
		if got := PlainHTTPAllowed(host, nil); got != want {
			t.Errorf("PlainHTTPAllowed(%s) = %v", host, got)
		}
	}
	insecure := []string{"r.example", "10.0.0.5:5000"}
	for host, want := range map[string]bool{"r.example": true, "r.example:8443": true, "10.0.0.5:5000": true, "10.0.0.5:5001": false, "s.example": false} {
		if got := PlainHTTPAllowed(host, insecure); got != want {
			t.Errorf("PlainHTTPAllowed(%s, %v) = %v", host, insecure, got)
		}
	}
	if !PlainHTTPAllowed("10.0.0.5:5000", []string{"*"}) {
		t.Error(`"*" allows every host`)
	}
}

type sink struct{ got []string }

func (s *sink) RoundTrip(r *http.Request) (*http.Response, error) {
	s.got = append(s.got, r.URL.String())
	return nil, errors.New("offline")
}

// Plain HTTP to a private address never leaves the process; HTTPS and
// loopback do.
func TestTransport(t *testing.T) {
	s := &sink{}
	tr := Transport(s, nil, "name it with --flag")
	for _, u := range []string{"http://10.0.0.5:5000/v2/", "https://10.0.0.5:5000/v2/", "http://127.0.0.1:5000/v2/"} {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		_, err := tr.RoundTrip(req)
		if u == "http://10.0.0.5:5000/v2/" && (err == nil || !strings.Contains(err.Error(), "plain HTTP to 10.0.0.5:5000 refused") || !strings.Contains(err.Error(), "--flag")) {
			t.Errorf("%s: %v", u, err)
		}
	}
	if len(s.got) != 2 || strings.HasPrefix(s.got[0], "http://10.") {
		t.Errorf("reached the network: %v", s.got)
	}
}

// The options every registry call uses carry paved's user agent and keep
// plain HTTP to loopback.
func TestRemoteOptions(t *testing.T) {
	var agent string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agent = r.UserAgent()
		http.NotFound(w, r)
	}))
	defer srv.Close()
	opts := RemoteOptions(context.Background(), authn.NewMultiKeychain(), nil, nil, "say so")
	ref, err := name.ParseReference(strings.TrimPrefix(srv.URL, "http://")+"/acme/app:1", name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = remote.Head(ref, opts...)
	if !strings.Contains(agent, "paved") {
		t.Errorf("user agent %q", agent)
	}
	ref, err = name.ParseReference("10.0.0.5:5000/acme/app:1", name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	// HTTPS goes to next: here it fails at once, so nothing is dialled.
	offline := roundTripper(func(*http.Request) (*http.Response, error) { return nil, errors.New("offline") })
	opts = RemoteOptions(context.Background(), authn.NewMultiKeychain(), offline, nil, "say so")
	if _, err := remote.Head(ref, opts...); err == nil || !strings.Contains(err.Error(), "plain HTTP to 10.0.0.5:5000 refused") || !strings.Contains(err.Error(), "say so") {
		t.Errorf("a private address over plain HTTP: %v", err)
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
