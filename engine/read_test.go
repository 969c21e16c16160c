package engine

import (
	"strings"
	"testing"
)

func TestReadAllLimit(t *testing.T) {
	if b, err := ReadAllLimit(strings.NewReader("12345"), 5); err != nil || string(b) != "12345" {
		t.Fatalf("at the limit: %q %v", b, err)
	}
	if _, err := ReadAllLimit(strings.NewReader("123456"), 5); err == nil || !strings.Contains(err.Error(), "larger than 5 bytes") {
		t.Fatalf("over the limit: %v", err)
	}
}
