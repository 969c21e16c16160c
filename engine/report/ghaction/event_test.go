package ghaction

import (
	"strings"
	"testing"
)

func TestPullRequestBase(t *testing.T) {
	base, err := PullRequestBase("event.json", strings.NewReader(`{"action":"opened","pull_request":{"base":{"sha":"abc123","ref":"main"}}}`))
	if err != nil || base != "abc123" {
		t.Fatalf("%q %v", base, err)
	}
	base, err = PullRequestBase("event.json", strings.NewReader(`{"ref":"refs/heads/main","after":"def"}`))
	if err != nil || base != "" {
		t.Fatalf("push event: %q %v", base, err)
	}
	if _, err := PullRequestBase("event.json", strings.NewReader("{\n\"pull_request\": [}")); err == nil || !strings.Contains(err.Error(), "event.json:2:") {
		t.Fatalf("malformed: %v", err)
	}
}
