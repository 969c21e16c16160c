// Command demo-history builds the small history `make demo` ends with:
// six weekly runs of the examples, backdated, recorded into a store with
// `paved store import` as CI runs without a store would be. Three
// repositories of three teams: web (the golden-path example), payments (the
// legacy service, which adds the golden path's LICENSE, README and
// SECURITY.md three weeks ago) and infra (the insecure Terraform stack,
// replaced by the compliant one two weeks ago).
//
//	go run ./scripts/demo-history -paved bin/paved -store sqlite://demo.db
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

type repo struct {
	name, owner, src string
	// change, when set, is applied before week (weeks ago) is checked.
	change func(dir string) error
	week   int
}

func main() {
	paved := flag.String("paved", "bin/paved", "the paved binary")
	store := flag.String("store", "", "the store to build (sqlite://PATH or postgres://…)")
	weeks := flag.Int("weeks", 6, "weekly runs, the last today")
	flag.Parse()
	if *store == "" {
		fail(errors.New("-store is required"))
	}
	bin, err := filepath.Abs(*paved)
	if err != nil {
		fail(err)
	}
	examples, err := filepath.Abs("examples")
	if err != nil {
		fail(err)
	}
	tmp, err := os.MkdirTemp("", "paved-demo-history-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)

	repos := []*repo{
		{name: "web", owner: "team-web", src: "repos/golden-path"},
		{name: "payments", owner: "team-payments", src: "repos/legacy-service", week: 3, change: func(dir string) error {
			for _, f := range []string{"LICENSE", "README.md", "SECURITY.md"} {
				if err := copyFile(filepath.Join(examples, "repos/golden-path", f), filepath.Join(dir, f)); err != nil {
					return err
				}
			}
			return nil
		}},
		{name: "infra", owner: "team-platform", src: "terraform/insecure-stack", week: 2, change: func(dir string) error {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			return copyTree(filepath.Join(examples, "terraform/compliant-stack"), dir)
		}},
	}
	for _, r := range repos {
		dir := filepath.Join(tmp, r.name)
		if err := copyTree(filepath.Join(examples, r.src), dir); err != nil {
			fail(err)
		}
		if err := commit(dir, "initial import"); err != nil {
			fail(err)
		}
	}

	// The last run an hour ago, so that "now" is after it.
	today := time.Now().UTC().Add(-time.Hour).Truncate(time.Minute)
	var reports []string
	for w := *weeks - 1; w >= 0; w-- {
		at := today.AddDate(0, 0, -7*w)
		for _, r := range repos {
			dir := filepath.Join(tmp, r.name)
			if r.change != nil && w == r.week {
				if err := r.change(dir); err != nil {
					fail(err)
				}
				if err := commit(dir, "follow the golden path"); err != nil {
					fail(err)
				}
			}
			args := []string{"check", ".", "--format", "json", "--repo", "github.com/acme/" + r.name}
			if r.owner != "" {
				args = append(args, "--owner", r.owner)
			}
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir
			var out, errs bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errs
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != 1 {
					fail(fmt.Errorf("paved %v in %s: %v\n%s", args, r.name, err, errs.String()))
				}
			}
			file := filepath.Join(tmp, fmt.Sprintf("%s-week-%d.json", r.name, w))
			if err := backdate(out.Bytes(), file, fmt.Sprintf("demo-%s-%s", r.name, at.Format(time.DateOnly)), at); err != nil {
				fail(err)
			}
			reports = append(reports, file)
		}
	}
	cmd := exec.Command(bin, append([]string{"store", "import", "--store", *store}, reports...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		fail(fmt.Errorf("paved store import: %w\n%s", err, out.String()))
	}
	fmt.Printf("recorded %d backdated runs (%d weeks × %d repositories) with paved store import\n", len(reports), *weeks, len(repos))
}

// backdate writes a report as if its run had started at at, with id.
func backdate(report []byte, file, id string, at time.Time) error {
	dec := json.NewDecoder(bytes.NewReader(report))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	run, ok := doc["run"].(map[string]any)
	if !ok {
		return fmt.Errorf("%s: no run", file)
	}
	run["id"] = id
	run["started_at"] = at.Format(time.RFC3339Nano)
	run["finished_at"] = at.Add(2 * time.Second).Format(time.RFC3339Nano)
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return os.WriteFile(file, b, 0o644)
}

func commit(dir, msg string) error {
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"add", "-A"},
		{"-c", "user.name=demo", "-c", "user.email=demo@example.com", "commit", "-q", "--allow-empty", "-m", msg},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %v: %v\n%s", args, err, out)
		}
	}
	return nil
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "demo-history:", err)
	os.Exit(1)
}
