package check

import (
	"context"
	"encoding/json"
	"hash/crc32"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

// liveLookingToken is a GitHub token whose offline checksum verifies; it
// is built here so that no scanner flags this file, and is not live.
func liveLookingToken() string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	body := "Zq3x9Lm2Pk7WbR8kL2mQ9xV4nT7bZ1"
	n := crc32.ChecksumIEEE([]byte(body))
	sum := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		sum[i] = digits[n%62]
		n /= 62
	}
	return "ghp_" + body + string(sum)
}

// The same live-looking token blocks in a script and warns in a test
// fixture; secrets: strict (the option, or the config) blocks on both. No
// report holds the token.
func TestSecretsStrict(t *testing.T) {
	tok := liveLookingToken()
	dir := t.TempDir()
	for name, content := range map[string]string{
		".git/HEAD":            "ref: refs/heads/main\n",
		"deploy.sh":            "export GH_TOKEN=" + tok + "\n",
		"testdata/fixture.env": "GH_TOKEN=" + tok + "\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	statuses := func(rep *engine.Report) map[string]engine.Status {
		out := map[string]engine.Status{}
		for _, r := range rep.Results {
			if strings.HasPrefix(r.Resource, "secret:") {
				file, _, _ := strings.Cut(strings.TrimPrefix(r.Resource, "secret:"), "#")
				out[r.Policy.ID+" "+file] = r.Status
			}
		}
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), tok[4:20]) {
			t.Error("the report holds the token")
		}
		return out
	}
	run := func(opts Options) map[string]engine.Status {
		t.Helper()
		opts.Paths = []string{dir}
		rep, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return statuses(rep)
	}
	want := map[string]engine.Status{"REPO-018 deploy.sh": engine.StatusFail, "REPO-019 testdata/fixture.env": engine.StatusWarn}
	if got := run(Options{ConfigFile: "none"}); !maps.Equal(got, want) {
		t.Errorf("default: %v, want %v", got, want)
	}
	strict := map[string]engine.Status{"REPO-018 deploy.sh": engine.StatusFail, "REPO-018 testdata/fixture.env": engine.StatusFail}
	if got := run(Options{ConfigFile: "none", Secrets: SecretsStrict}); !maps.Equal(got, strict) {
		t.Errorf("--secrets strict: %v, want %v", got, strict)
	}
	if err := os.WriteFile(filepath.Join(dir, ".paved.yaml"), []byte("version: 1\nsecrets: strict\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := run(Options{}); !maps.Equal(got, strict) {
		t.Errorf("secrets: strict in .paved.yaml: %v, want %v", got, strict)
	}
	if got := run(Options{Secrets: SecretsDefault}); !maps.Equal(got, want) {
		t.Errorf("--secrets default over the config's strict: %v, want %v", got, want)
	}
	if _, err := Run(context.Background(), Options{Paths: []string{dir}, Secrets: "lenient"}); err == nil {
		t.Error("secrets lenient: want an error")
	}
}

// .gitignore governs untracked files only: a secret in a file that git
// tracks although .gitignore names it (a force-added .env) is judged, and
// the same file untracked is not part of the repository.
func TestSecretsInTrackedIgnoredFile(t *testing.T) {
	tok := liveLookingToken()
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFile(t, dir, ".gitignore", ".env\nlocal/\n")
	writeFile(t, dir, ".env", "GH_TOKEN="+tok+"\n")
	writeFile(t, dir, "local/deploy.sh", "export GH_TOKEN="+tok+"\n")
	writeFile(t, dir, "local/scratch.sh", "export GH_TOKEN="+tok+"\n")
	gitRun(t, dir, "add", ".gitignore")
	gitRun(t, dir, "add", "-f", ".env", "local/deploy.sh")
	rep, err := Run(context.Background(), Options{Paths: []string{dir}, ConfigFile: "none", Repo: "example.com/app"})
	if err != nil {
		t.Fatal(err)
	}
	failed := map[string]bool{}
	for _, r := range rep.Results {
		if r.Policy.ID == "REPO-018" && r.Status == engine.StatusFail {
			file, _, _ := strings.Cut(strings.TrimPrefix(r.Resource, "secret:"), "#")
			failed[file] = true
		}
	}
	if want := map[string]bool{".env": true, "local/deploy.sh": true}; !maps.Equal(failed, want) {
		t.Errorf("REPO-018 failed %v, want %v (tracked files only)", failed, want)
	}
}

// A Dockerfile under tests/ builds an image for tests: its findings are
// warnings that say so, and the same file at the root still blocks. The
// place is read from the path inside the repository, not as typed.
func TestDockerfileForTestsIsAdvisory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tests", "checkout")
	const df = "FROM bats-jenkins\nRUN jenkins-plugin-cli --plugins junit:1.28\n"
	writeFile(t, dir, ".git/HEAD", "ref: refs/heads/main\n")
	writeFile(t, dir, "Dockerfile", df)
	writeFile(t, dir, "tests/upgrade/Dockerfile", df)
	rep, err := Run(context.Background(), Options{Paths: []string{dir}, ConfigFile: "none", Repo: "example.com/app"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]engine.Status{}
	for _, r := range rep.Results {
		if r.Policy.ID == "DF-001" {
			got[r.Target.Identity().Path] = r.Status
			if r.Target.Identity().Path == "tests/upgrade/Dockerfile" && !strings.Contains(r.Message, "built for tests") {
				t.Errorf("message does not say why it does not block: %s", r.Message)
			}
		}
	}
	if got["Dockerfile"] != engine.StatusFail || got["tests/upgrade/Dockerfile"] != engine.StatusWarn {
		t.Errorf("DF-001 = %v, want the root's to fail and the test's to warn", got)
	}
}
