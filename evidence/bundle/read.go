package bundle

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Bounds on a bundle: a bundle is the evidence of one run, and a reader
// must not be made to read without end. Write, Verify and the registry's
// push and pull (evidence/ocistore) keep the same ones, so a bundle one of
// them takes the others take too.
const (
	MaxFiles     = 100_000
	MaxFileSize  = 1 << 30
	MaxTotalSize = 4 << 30
)

// fileSum is a file as read: its SHA-256 (hex) and size.
type fileSum struct {
	sha256 string
	size   int64
}

// contents is what reading a bundle found: every regular file's digest,
// the documents asked for in full, and entries that cannot be in a bundle.
type contents struct {
	files    map[string]fileSum
	docs     map[string][]byte
	problems []Problem
}

// UnreadableError says a bundle could not be read at all: no such
// directory or file, not a directory or .tar.gz, a corrupt archive, a
// bound reached.
type UnreadableError struct {
	Path string
	Err  error
}

func (e *UnreadableError) Error() string { return fmt.Sprintf("evidence %s: %v", e.Path, e.Err) }
func (e *UnreadableError) Unwrap() error { return e.Err }

// readBundle reads the bundle at p, a directory or a .tar.gz, hashing every
// file once as it streams by; keep names the documents to hold whole, with
// their size bounds.
func readBundle(ctx context.Context, p string, keep map[string]int64) (*contents, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, &UnreadableError{Path: p, Err: err}
	}
	c := &contents{files: map[string]fileSum{}, docs: map[string][]byte{}}
	if fi.IsDir() {
		err = c.readDir(ctx, p, keep)
	} else {
		err = c.readArchive(ctx, p, keep)
	}
	if err != nil {
		return nil, &UnreadableError{Path: p, Err: err}
	}
	return c, nil
}

func (c *contents) readDir(ctx context.Context, root string, keep map[string]int64) error {
	var total int64
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			c.problems = append(c.problems, Problem{File: name, Reason: "not a regular file (a bundle holds files only)"})
			return nil
		}
		if len(c.files) >= MaxFiles {
			return fmt.Errorf("more than %d files", MaxFiles)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sum, err := c.take(name, f, keep)
		if err != nil {
			return err
		}
		if total += sum.size; total > MaxTotalSize {
			return fmt.Errorf("more than %d bytes", int64(MaxTotalSize))
		}
		return nil
	})
}

func (c *contents) readArchive(ctx context.Context, p string, keep map[string]int64) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	if head, err := br.Peek(2); err != nil || !bytes.Equal(head, []byte{0x1f, 0x8b}) {
		return errors.New("neither a directory nor a .tar.gz")
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return err
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("archive: %w", err)
		}
		name := strings.TrimPrefix(hdr.Name, "./")
		switch hdr.Typeflag {
		case tar.TypeDir:
			continue
		case tar.TypeReg:
		default:
			c.problems = append(c.problems, Problem{File: name, Reason: "not a regular file (a bundle holds files only)"})
			continue
		}
		if !fs.ValidPath(name) {
			c.problems = append(c.problems, Problem{File: name, Reason: "not a path inside the bundle"})
			continue
		}
		if _, dup := c.files[name]; dup {
			c.problems = append(c.problems, Problem{File: name, Reason: "appears twice in the archive"})
			continue
		}
		if len(c.files) >= MaxFiles {
			return fmt.Errorf("more than %d files", MaxFiles)
		}
		if hdr.Size > MaxFileSize {
			return fmt.Errorf("%s: larger than %d bytes", name, int64(MaxFileSize))
		}
		sum, err := c.take(name, tr, keep)
		if err != nil {
			return err
		}
		if total += sum.size; total > MaxTotalSize {
			return fmt.Errorf("more than %d bytes", int64(MaxTotalSize))
		}
	}
}

// take hashes one file, keeping it whole when asked to (and bounded
// tighter then).
func (c *contents) take(name string, r io.Reader, keep map[string]int64) (fileSum, error) {
	h := sha256.New()
	var w io.Writer = h
	limit := int64(MaxFileSize)
	var buf *bytes.Buffer
	if l, ok := keep[name]; ok {
		limit, buf = l, &bytes.Buffer{}
		w = io.MultiWriter(h, buf)
	}
	n, err := io.Copy(w, io.LimitReader(r, limit+1))
	if err != nil {
		return fileSum{}, fmt.Errorf("%s: %w", name, err)
	}
	if n > limit {
		return fileSum{}, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	if buf != nil {
		c.docs[name] = buf.Bytes()
	}
	sum := fileSum{sha256: hex.EncodeToString(h.Sum(nil)), size: n}
	c.files[name] = sum
	return sum, nil
}
