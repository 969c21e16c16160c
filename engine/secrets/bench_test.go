package secrets

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// syntheticTree returns 2,000 files of Terraform, YAML, Go and Markdown
// between 1 and 16 KiB, about one in fifty holding a secret, plus the near
// misses (words like "token" and "password") that make rules run.
func syntheticTree() map[string][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	lines := []string{
		`resource "aws_s3_bucket" "logs" {`,
		`  bucket = "paved-logs-${var.env}"`,
		`  tags   = { owner = "platform", cost_center = "cc-1234" }`,
		`}`,
		`    - name: checkout`,
		`      uses: actions/checkout@v4`,
		`      with: { token: "${{ secrets.GITHUB_TOKEN }}" }`,
		`func (s *Server) handle(w http.ResponseWriter, r *http.Request) {`,
		`	token := r.Header.Get("Authorization")`,
		`	if err := s.store.Put(ctx, key, value); err != nil {`,
		`		return fmt.Errorf("put %s: %w", key, err)`,
		`The password must be rotated every 90 days; see the runbook.`,
		`  password: ${DB_PASSWORD}`,
		`// Package store keeps secrets out of logs.`,
		`	"github.com/paved-dev/paved/engine"`,
		`| rule | severity | description |`,
		`  api_key_ref = aws_secretsmanager_secret.api.arn`,
	}
	secrets := []string{
		"  access_key = \"" + awsKeyID + "\"",
		"token: " + ghpToken,
		"  password: \"" + dbPassword + "\"",
		privateKey,
	}
	tree := make(map[string][]byte, 2000)
	for i := range 2000 {
		size := 1024 + rng.IntN(15*1024)
		var sb strings.Builder
		for sb.Len() < size {
			sb.WriteString(lines[rng.IntN(len(lines))])
			sb.WriteByte('\n')
		}
		if rng.IntN(50) == 0 {
			sb.WriteString(secrets[rng.IntN(len(secrets))])
			sb.WriteByte('\n')
		}
		tree[fmt.Sprintf("dir%02d/file%04d.txt", i%37, i)] = []byte(sb.String())
	}
	return tree
}

func BenchmarkScanTree(b *testing.B) {
	s := newScanner(b)
	tree := syntheticTree()
	var total int64
	for _, c := range tree {
		total += int64(len(c))
	}
	b.SetBytes(total)
	b.ReportMetric(float64(len(tree)), "files")
	for b.Loop() {
		n := 0
		for name, c := range tree {
			n += len(s.Scan(name, c))
		}
		if n == 0 {
			b.Fatal("no findings in the synthetic tree")
		}
	}
}

func BenchmarkScanTreeParallel(b *testing.B) {
	s := newScanner(b)
	tree := syntheticTree()
	files := make([][]byte, 0, len(tree))
	var total int64
	for _, c := range tree {
		files = append(files, c)
		total += int64(len(c))
	}
	b.SetBytes(total / int64(len(files)))
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			s.Scan("f", files[i%len(files)])
			i++
		}
	})
}
