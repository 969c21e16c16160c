package ghaction

import (
	"strings"
	"testing"
)

func TestPullRequestBase(t *testing.T) {
	base, err := PullRequestBase(strings.NewReader(`{"action":"opened","pull_request":{"base":{"sha":"abc123","ref":"main"}}}`))
	if err != nil || base != "abc123" {
		t.Fatalf("%q %v", base, err)
	}
	base, err = PullRequestBase(strings.NewReader(`{"ref":"refs/heads/main","after":"def"}`))
	if err != nil || base != "" {
		t.Fatalf("push event: %q %v", base, err)
	}
	if _, err := PullRequestBase(strings.NewReader("{\n\"pull_request\": [}")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("malformed: %v", err)
	}
}
