package policybundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paved-dev/paved/engine"
)

func build(t testing.TB, dir string) []byte {
	t.Helper()
	b, _, err := Build(dir, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBuildReadRoundTrip(t *testing.T) {
	archive, man, err := Build("testdata/acme", BuildOptions{Metadata: map[string]any{"by": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(man.Revision, "sha256:") || *man.RegoVersion != 1 {
		t.Fatalf("manifest %+v", man)
	}
	again, _, _ := Build("testdata/acme", BuildOptions{Metadata: map[string]any{"by": "test"}})
	if !bytes.Equal(archive, again) {
		t.Fatal("the same directory packs to different bytes; digests would not be stable")
	}
	b, err := Read(archive, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Manifest.Revision != man.Revision {
		t.Errorf("revision %q, want %q", b.Manifest.Revision, man.Revision)
	}
	src, _ := os.ReadFile("testdata/acme/instance_type.rego")
	if !bytes.Equal(b.Files["instance_type.rego"], src) {
		t.Error("module bytes changed in the bundle: line numbers would no longer match")
	}
	want := map[string]any{"allowed_instance_types": []any{"t3.micro", "t3.small"}}
	if !reflect.DeepEqual(b.Params, want) {
		t.Errorf("params %v, want %v", b.Params, want)
	}
	if err := fstest.TestFS(b.Policies(), "instance_type.rego", "instance_type_test.rego"); err != nil {
		t.Fatal(err)
	}
	// The bundle's policies load like a policy directory.
	ps, err := engine.LoadPolicies(context.Background(), engine.LoadOptions{}, engine.PolicySource{Name: "bundle", FS: b.Policies()})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.Policies) != 1 || ps.Policies[0].ID != "ACME-001" || ps.Policies[0].File != "bundle/instance_type.rego" {
		t.Fatalf("policies %+v", ps.Policies)
	}
	params, err := DirParams("testdata/acme")
	if err != nil || !reflect.DeepEqual(params, want) {
		t.Fatalf("DirParams %v, %v", params, err)
	}
}

func TestBuildRefuses(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"no policies":         {"README.md": "x"},
		"data outside params": {"p.rego": "package p", "data.json": `{"other": 1}`},
		"bad yaml":            {"p.rego": "package p", "params/data.yaml": "a: [1"},
		"set twice":           {"p.rego": "package p", "data.json": `{"params": {"a": 1}}`, "params/a/data.json": `{"b": 2}`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for n, c := range files {
				p := filepath.Join(dir, n)
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.WriteFile(p, []byte(c), 0o644)
			}
			if _, _, err := Build(dir, BuildOptions{}); err == nil {
				t.Fatal("built")
			} else {
				t.Log(err)
			}
		})
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "p.rego"), []byte("package p"), 0o644)
	os.Symlink("/etc/passwd", filepath.Join(dir, "x.rego"))
	if _, _, err := Build(dir, BuildOptions{}); err == nil || !strings.Contains(err.Error(), "symlink") {
		t.Fatalf("symlink packed: %v", err)
	}
}

func TestBuildSkipsHidden(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "p.rego"), []byte("package p\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "q.rego"), []byte("package q\n"), 0o644)
	b, err := Read(build(t, dir), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Files[".git/q.rego"]; ok {
		t.Fatal(".git packed")
	}
}

// tgz builds an archive entry by entry, for hostile shapes.
func tgz(t testing.TB, entries ...tar.Header) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, h := range entries {
		body := []byte(strings.Repeat("x", int(h.Size)))
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		if h.Typeflag != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		tw.Write(body[:h.Size])
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func TestReadBounds(t *testing.T) {
	for name, tc := range map[string]struct {
		archive []byte
		lim     Limits
		want    string
	}{
		"not gzip":       {[]byte("plain"), Limits{}, "gzip"},
		"dot dot":        {tgz(t, tar.Header{Name: "../evil.rego", Size: 1}), Limits{}, "clean relative path"},
		"nested dot dot": {tgz(t, tar.Header{Name: "a/../../evil.rego", Size: 1}), Limits{}, "clean relative path"},
		"symlink":        {tgz(t, tar.Header{Name: "l.rego", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}), Limits{}, "regular files"},
		"hard link":      {tgz(t, tar.Header{Name: "l.rego", Typeflag: tar.TypeLink, Linkname: "x"}), Limits{}, "regular files"},
		"duplicate":      {tgz(t, tar.Header{Name: "/a.rego", Size: 1}, tar.Header{Name: "a.rego", Size: 1}), Limits{}, "twice"},
		"big file":       {tgz(t, tar.Header{Name: "a.rego", Size: 100}), Limits{FileSize: 99}, "over the limit"},
		"many files":     {tgz(t, tar.Header{Name: "a", Size: 1}, tar.Header{Name: "b", Size: 1}, tar.Header{Name: "c", Size: 1}), Limits{Files: 2}, "more than 2 entries"},
		"unpacked":       {tgz(t, tar.Header{Name: "a", Size: 60}, tar.Header{Name: "b", Size: 60}), Limits{Unpacked: 100}, "unpacks to more"},
		"archive size":   {tgz(t, tar.Header{Name: "a", Size: 1}), Limits{Archive: 10}, "over the limit"},
		"bomb":           {tgz(t, tar.Header{Name: "a", Size: 2 << 20}), Limits{Unpacked: 1 << 20}, "unpacks to more"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Read(tc.archive, tc.lim)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
		})
	}
}

func TestExtract(t *testing.T) {
	b, err := Read(build(t, "testdata/acme"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := b.Extract(dir); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "instance_type.rego"))
	want, _ := os.ReadFile("testdata/acme/instance_type.rego")
	if !bytes.Equal(got, want) {
		t.Fatal("extracted module differs")
	}
	// The extracted tree gives the same parameters as the bundle.
	if p, err := DirParams(dir); err != nil || !reflect.DeepEqual(p, b.Params) {
		t.Fatalf("extracted params %v (%v), want %v", p, err, b.Params)
	}
	if err := b.Extract(dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("extract into a full directory: %v", err)
	}
}

func TestPoliciesFS(t *testing.T) {
	b := &Bundle{Files: map[string][]byte{"a/b/c.rego": []byte("x"), "a/d.rego": []byte("yy"), "e.rego": nil, "data.json": []byte("{}")}}
	m := b.Policies()
	if err := fstest.TestFS(m, "a/b/c.rego", "a/d.rego", "e.rego"); err != nil {
		t.Fatal(err)
	}
	var seen []string
	fs.WalkDir(m, ".", func(p string, d fs.DirEntry, err error) error {
		seen = append(seen, p)
		return err
	})
	if strings.Join(seen, " ") != ". a a/b a/b/c.rego a/d.rego e.rego" {
		t.Fatalf("walk %v", seen)
	}
}

// FuzzRead feeds arbitrary archives to the reader: it must refuse or
// accept within its limits, never panic, and only ever yield clean paths.
func FuzzRead(f *testing.F) {
	f.Add(build(f, "testdata/acme"))
	f.Add(tgz(f, tar.Header{Name: "../x.rego", Size: 3}))
	f.Add(tgz(f, tar.Header{Name: "a.rego", Size: 9}, tar.Header{Name: "data.json", Size: 2}))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, archive []byte) {
		b, err := Read(archive, Limits{Archive: 1 << 20, Files: 100, FileSize: 64 << 10, Unpacked: 256 << 10})
		if err != nil {
			return
		}
		var total int
		for name, data := range b.Files {
			if !fs.ValidPath(name) || strings.Contains(name, "..") && strings.Contains("/"+name+"/", "/../") {
				t.Fatalf("unsafe path %q accepted", name)
			}
			total += len(data)
		}
		if len(b.Files) > 100 || total > 256<<10 {
			t.Fatalf("limits exceeded: %d files, %d bytes", len(b.Files), total)
		}
		fs.WalkDir(b.Policies(), ".", func(string, fs.DirEntry, error) error { return nil })
	})
}
