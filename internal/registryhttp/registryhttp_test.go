package registryhttp

import (
	"errors"
	"net/http"
	"strings"
	"testing"
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
