package bundle

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"
)

// sink is where a bundle's files go while it is written: a temporary
// directory or a temporary .tar.gz beside the destination, which finish
// renames to it once the last file is in.
type sink interface {
	// put writes one file, which fill produces, and says what it wrote.
	put(name string, fill func(io.Writer) error) (FileEntry, error)
	// finish makes the bundle appear under dst.
	finish(dst string) error
	// abandon removes what an unfinished write left.
	abandon()
}

// tempPrefix starts the names of a write's temporary files.
const tempPrefix = ".paved-evidence-"

// hashed writes through to w, hashing and counting.
type hashed struct {
	w io.Writer
	h hash.Hash
	n int64
}

func newHashed(w io.Writer) *hashed { return &hashed{w: w, h: sha256.New()} }

func (h *hashed) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

func (h *hashed) entry(name string) FileEntry {
	return FileEntry{Path: name, SHA256: hex.EncodeToString(h.h.Sum(nil)), Size: h.n}
}

// dirSink writes the files into a temporary directory.
type dirSink struct{ tmp string }

func newDirSink(dst string) (*dirSink, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(dst), tempPrefix+"*")
	if err != nil {
		return nil, err
	}
	return &dirSink{tmp: tmp}, nil
}

func (d *dirSink) put(name string, fill func(io.Writer) error) (FileEntry, error) {
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return FileEntry{}, err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return FileEntry{}, err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	h := newHashed(bw)
	err = fill(h)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return h.entry(name), err
}

func (d *dirSink) finish(dst string) error {
	// An empty directory (CheckDestination) goes first: rename does not
	// replace one, and os.Remove removes only an empty one.
	if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
		_ = os.Remove(dst)
	}
	return os.Rename(d.tmp, dst)
}

func (d *dirSink) abandon() { _ = os.RemoveAll(d.tmp) }

// archiveSink writes the files, in the order they come, into a temporary
// .tar.gz. A tar header states the size before the content, so each file
// is spooled first: in memory, or past spoolMemory in a temporary file.
// Headers carry no times, owners or modes of the machine, so the archive's
// bytes depend on its files alone.
type archiveSink struct {
	out *os.File
	bw  *bufio.Writer
	zw  *gzip.Writer
	tw  *tar.Writer
	buf bytes.Buffer // the spool's memory, reused from file to file
}

// spoolMemory is how much of one file is held in memory before it is
// spooled to disk (a large SBOM's report runs to hundreds of megabytes).
const spoolMemory = 32 << 20

// newArchiveSink compresses with gzip.BestSpeed: the time is the check's,
// and JSON compresses well even so.
func newArchiveSink(dst string) (*archiveSink, error) {
	out, err := os.CreateTemp(filepath.Dir(dst), tempPrefix+"*.tar.gz")
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	zw, err := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	if err != nil {
		out.Close()
		os.Remove(out.Name())
		return nil, err
	}
	return &archiveSink{out: out, bw: bw, zw: zw, tw: tar.NewWriter(zw)}, nil
}

func (a *archiveSink) put(name string, fill func(io.Writer) error) (FileEntry, error) {
	a.buf.Reset()
	sp := &spool{dir: filepath.Dir(a.out.Name()), buf: &a.buf}
	defer sp.discard()
	h := newHashed(sp)
	if err := fill(h); err != nil {
		return FileEntry{}, err
	}
	r, err := sp.reader()
	if err != nil {
		return FileEntry{}, err
	}
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: h.n, Mode: 0o644, ModTime: time.Unix(0, 0), Format: tar.FormatPAX}
	if err := a.tw.WriteHeader(hdr); err != nil {
		return FileEntry{}, err
	}
	if _, err := io.Copy(a.tw, r); err != nil {
		return FileEntry{}, err
	}
	return h.entry(name), nil
}

func (a *archiveSink) finish(dst string) error {
	for _, c := range []func() error{a.tw.Close, a.zw.Close, a.bw.Flush, a.out.Close} {
		if err := c(); err != nil {
			return err
		}
	}
	if err := os.Chmod(a.out.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(a.out.Name(), dst)
}

func (a *archiveSink) abandon() {
	a.out.Close()
	_ = os.Remove(a.out.Name())
}

// spool holds one file's content: in memory up to spoolMemory, then in a
// temporary file.
type spool struct {
	dir string
	buf *bytes.Buffer
	f   *os.File
}

func (s *spool) Write(p []byte) (int, error) {
	if s.f == nil && s.buf.Len()+len(p) > spoolMemory {
		f, err := os.CreateTemp(s.dir, tempPrefix+"*.spool")
		if err != nil {
			return 0, err
		}
		s.f = f
		if _, err := s.buf.WriteTo(f); err != nil {
			return 0, err
		}
	}
	if s.f != nil {
		return s.f.Write(p)
	}
	return s.buf.Write(p)
}

func (s *spool) reader() (io.Reader, error) {
	if s.f == nil {
		return s.buf, nil
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return bufio.NewReaderSize(s.f, 256<<10), nil
}

func (s *spool) discard() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
	}
}
