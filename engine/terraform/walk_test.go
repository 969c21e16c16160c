package terraform

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paved-dev/paved/engine"
)

// lockedDirFS fails to list one directory, as an unreadable one would.
type lockedDirFS struct {
	fstest.MapFS
	locked string
}

func (f lockedDirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.locked {
		return nil, &fs.PathError{Op: "readdirent", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

// A module directory the walk cannot read is a diagnostic, not modules
// silently left unjudged.
func TestUnreadableDirectoryIsReported(t *testing.T) {
	fsys := lockedDirFS{MapFS: fstest.MapFS{
		"ok/main.tf":     {Data: []byte(`resource "aws_s3_bucket" "a" {}`)},
		"locked/main.tf": {Data: []byte(`resource "aws_s3_bucket" "b" {}`)},
	}, locked: "locked"}
	ts, err := New(Options{}).LoadFS(context.Background(), fsys, ".", ".")
	var ds engine.Diagnostics
	if len(ts) != 1 || !errors.As(err, &ds) || !strings.Contains(ds.Error(), "locked") || !strings.Contains(ds.Error(), "permission denied") {
		t.Fatalf("%d targets, error %v", len(ts), err)
	}
}
