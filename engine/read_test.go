package engine

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadAllLimit(t *testing.T) {
	if b, err := ReadAllLimit(strings.NewReader("12345"), 5); err != nil || string(b) != "12345" {
		t.Fatalf("at the limit: %q %v", b, err)
	}
	if _, err := ReadAllLimit(strings.NewReader("123456"), 5); err == nil || !strings.Contains(err.Error(), "larger than 5 bytes") {
		t.Fatalf("over the limit: %v", err)
	}
	big := bytes.Repeat([]byte("abcdefgh"), 10_000)
	if b, err := ReadAllLimit(iotest.OneByteReader(bytes.NewReader(big)), 1<<20); err != nil || !bytes.Equal(b, big) {
		t.Fatalf("a reader that grows the buffer: %d bytes, %v", len(b), err)
	}
	if _, err := ReadAllLimit(iotest.ErrReader(os.ErrClosed), 10); err == nil {
		t.Fatal("a read error was swallowed")
	}
}

// A file is read into a buffer of its size, and still bounded.
func TestReadAllLimitFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	content := bytes.Repeat([]byte("0123456789"), 100_000)
	os.WriteFile(p, content, 0o644)
	for _, c := range []struct {
		limit int64
		ok    bool
	}{{int64(len(content)), true}, {int64(len(content)) + 100, true}, {int64(len(content)) - 1, false}} {
		f, _ := os.Open(p)
		b, err := ReadAllLimit(f, c.limit)
		f.Close()
		if c.ok && (err != nil || !bytes.Equal(b, content)) {
			t.Errorf("limit %d: %d bytes, %v", c.limit, len(b), err)
		}
		if !c.ok && err == nil {
			t.Errorf("limit %d: a file over the limit was read", c.limit)
		}
		if c.ok && cap(b) != len(content)+1 && cap(b) != int(c.limit)+1 {
			t.Errorf("limit %d: buffer cap %d for a %d-byte file: grown, not sized", c.limit, cap(b), len(content))
		}
	}
}

func BenchmarkReadAllLimitFile(b *testing.B) {
	p := filepath.Join(b.TempDir(), "f")
	os.WriteFile(p, bytes.Repeat([]byte("x"), 32<<20), 0o644)
	b.SetBytes(32 << 20)
	for b.Loop() {
		f, _ := os.Open(p)
		if _, err := ReadAllLimit(f, 64<<20); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// ReadFileLimit reads a file whole within the limit; past it, or missing,
// the error names the file.
func TestReadFileLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "k.pem")
	if err := os.WriteFile(p, []byte("12345"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFileLimit(p, 5); err != nil || string(b) != "12345" {
		t.Fatalf("within the limit: %q, %v", b, err)
	}
	if _, err := ReadFileLimit(p, 4); err == nil || !strings.Contains(err.Error(), p+": larger than 4 bytes") {
		t.Errorf("past the limit: %v", err)
	}
	if _, err := ReadFileLimit(p+".missing", 4); err == nil || !strings.Contains(err.Error(), p+".missing") {
		t.Errorf("missing: %v", err)
	}
}
