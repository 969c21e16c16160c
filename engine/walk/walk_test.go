package walk

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/exclude"
)

func TestFilesAndRead(t *testing.T) {
	fsys := fstest.MapFS{
		"Dockerfile":                {Data: []byte("FROM a\n")},
		"app/Dockerfile":            {Data: []byte("FROM b\n")},
		".hidden/Dockerfile":        {Data: []byte("x")},
		"node_modules/x/Dockerfile": {Data: []byte("x")},
		"vendor/Dockerfile":         {Data: []byte("x")},
		"fixtures/Dockerfile":       {Data: []byte("x")},
		"big/Dockerfile":            {Data: []byte(strings.Repeat("x", 100))},
		"app/README.md":             {Data: []byte("x")},
	}
	got, diags := Files(context.Background(), fsys, exclude.New([]string{"fixtures/"}), func(n string) bool { return n == "Dockerfile" })
	want := []string{"Dockerfile", "app/Dockerfile", "big/Dockerfile"}
	if len(diags) != 0 || !slices.Equal(got, want) {
		t.Fatalf("Files = %v %v, want %v", got, diags, want)
	}
	if b, ok, d := Read(fsys, "app/Dockerfile", "app/Dockerfile", 10); !ok || d != nil || string(b) != "FROM b\n" {
		t.Errorf("Read = %q %v %v", b, ok, d)
	}
	if _, ok, d := Read(fsys, "big/Dockerfile", "big/Dockerfile", 10); ok || d == nil || !strings.Contains(d.Message, "too large") {
		t.Errorf("oversize: %v %v", ok, d)
	}
	if _, ok, d := Read(fsys, "gone", "gone", 10); ok || d != nil {
		t.Errorf("a vanished file is skipped silently: %v %v", ok, d)
	}
}

// brokenDirFS fails to list one directory, as an unreadable one would.
type brokenDirFS struct {
	fstest.MapFS
	bad string
}

func (f brokenDirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "readdirent", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

// A directory the walk cannot read is a diagnostic naming it, not a silent
// gap: what it holds would otherwise pass unjudged.
func TestFilesReportsUnreadableDirectory(t *testing.T) {
	fsys := brokenDirFS{MapFS: fstest.MapFS{
		"ok/Dockerfile":     {Data: []byte("FROM a\n")},
		"locked/Dockerfile": {Data: []byte("FROM b\n")},
	}, bad: "locked"}
	got, diags := Files(context.Background(), fsys, nil, func(n string) bool { return n == "Dockerfile" })
	if !slices.Equal(got, []string{"ok/Dockerfile"}) || len(diags) != 1 || diags[0].File != "locked" || !strings.Contains(diags[0].Message, "permission denied") {
		t.Fatalf("Files = %v, %v", got, diags)
	}
}

// Load names what it could not read by the path the user gave, not by the
// walk's path inside it.
func TestLoadPrefixesDiagnostics(t *testing.T) {
	fsys := brokenDirFS{MapFS: fstest.MapFS{
		"ok/Dockerfile":     {Data: []byte("FROM a\n")},
		"locked/Dockerfile": {Data: []byte("FROM b\n")},
	}, bad: "locked"}
	k := Kind{
		Match: func(n string) bool { return n == "Dockerfile" },
		Parse: func(id string, _ []byte) (*engine.Target, error) {
			return &engine.Target{Kind: "dockerfile", ID: id}, nil
		},
		MaxFileSize: 1 << 20,
	}
	ts, err := loadFS(context.Background(), fsys, ".", "repo", k)
	var ds engine.Diagnostics
	if len(ts) != 1 || ts[0].ID != "repo/ok/Dockerfile" || !errors.As(err, &ds) || len(ds) != 1 || ds[0].File != "repo/locked" {
		t.Fatalf("loadFS = %v, %v; want repo/ok/Dockerfile and a diagnostic at repo/locked", ts, err)
	}
}
