package dockerfile

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// synthetic is a 200-line, four-stage Dockerfile with the instructions
// real ones use most.
func synthetic() []byte {
	var b strings.Builder
	b.WriteString("# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22\n")
	lines := 2
	for s := 0; lines < 200; s++ {
		fmt.Fprintf(&b, "FROM golang:${GO_VERSION}@sha256:%064d AS s%d\n", s, s)
		b.WriteString("WORKDIR /src\nENV CGO_ENABLED=0 GOFLAGS=\"-trimpath\"\nCOPY go.mod go.sum ./\n")
		b.WriteString("RUN apt-get update && \\\n    apt-get install -y --no-install-recommends git ca-certificates && \\\n    rm -rf /var/lib/apt/lists/*\n")
		lines += 8
		for i := 0; i < 10 && lines < 196; i++ {
			fmt.Fprintf(&b, "RUN go build -o /out/app%d ./cmd/app%d\nLABEL step%d=\"%d\"\n", i, i, i, i)
			lines += 2
		}
		b.WriteString("USER 65532:65532\n")
		lines++
	}
	b.WriteString("HEALTHCHECK CMD [\"/app\", \"health\"]\nENTRYPOINT [\"/app\"]\n")
	return []byte(b.String())
}

func BenchmarkParse200(b *testing.B) {
	src := synthetic()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("Dockerfile", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad200(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), synthetic(), 0o644); err != nil {
		b.Fatal(err)
	}
	l := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		if ts, err := l.Load(context.Background(), dir); err != nil || len(ts) != 1 {
			b.Fatal(len(ts), err)
		}
	}
}

func TestSyntheticSize(t *testing.T) {
	if n := strings.Count(string(synthetic()), "\n"); n < 195 || n > 210 {
		t.Fatalf("synthetic Dockerfile has %d lines", n)
	}
	if _, err := Parse("Dockerfile", synthetic()); err != nil {
		t.Fatal(err)
	}
}
