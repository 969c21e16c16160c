package policybundle

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// memFS is a read-only file system over files held in memory: a bundle's
// policies load from it without touching the disk.
type memFS struct {
	files map[string][]byte
	dirs  map[string][]string // directory → sorted child names
}

func newMemFS(files map[string][]byte) *memFS {
	m := &memFS{files: files, dirs: map[string][]string{".": nil}}
	for name := range files {
		for child := name; child != "."; {
			parent := path.Dir(child)
			_, seen := m.dirs[parent]
			if !slices.Contains(m.dirs[parent], path.Base(child)) {
				m.dirs[parent] = append(m.dirs[parent], path.Base(child))
			}
			if seen && parent != "." {
				break
			}
			child = parent
		}
	}
	for d := range m.dirs {
		slices.Sort(m.dirs[d])
	}
	return m
}

func (m *memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := m.files[name]; ok {
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(b))}, r: bytes.NewReader(b)}, nil
	}
	if _, ok := m.dirs[name]; ok {
		return &memDir{fsys: m, name: name}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time         { return time.Time{} }
func (i memInfo) IsDir() bool                { return i.dir }
func (i memInfo) Sys() any                   { return nil }
func (i memInfo) Type() fs.FileMode          { return i.Mode().Type() }
func (i memInfo) Info() (fs.FileInfo, error) { return i, nil }

type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	fsys *memFS
	name string
	off  int
}

func (d *memDir) Stat() (fs.FileInfo, error) {
	return memInfo{name: path.Base(d.name), dir: true}, nil
}
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: fs.ErrInvalid}
}
func (d *memDir) Close() error { return nil }

func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	children := d.fsys.dirs[d.name][d.off:]
	if n > 0 && len(children) > n {
		children = children[:n]
	}
	if n > 0 && len(children) == 0 {
		return nil, io.EOF
	}
	d.off += len(children)
	out := make([]fs.DirEntry, 0, len(children))
	for _, c := range children {
		full := strings.TrimPrefix(path.Join(d.name, c), "./")
		if b, ok := d.fsys.files[full]; ok {
			out = append(out, memInfo{name: c, size: int64(len(b))})
		} else {
			out = append(out, memInfo{name: c, dir: true})
		}
	}
	return out, nil
}
