package engine

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadAllLimit reads r to the end, refusing more than limit bytes: every
// input paved reads is bounded, so a huge file is an error, not an
// out-of-memory crash. A file (anything with Stat) is read into one buffer
// of its size: growing a buffer by doubling would copy a big SBOM over and
// over.
func ReadAllLimit(r io.Reader, limit int64) ([]byte, error) {
	size := int64(512)
	if s, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 {
			size = min(fi.Size(), limit) + 1 // +1: EOF is seen without growing
		}
	}
	b := make([]byte, 0, size)
	lr := io.LimitReader(r, limit+1)
	for {
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew, or r is no file
		}
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return b, nil
}

// ReadFileLimit is ReadAllLimit over the file at path; its errors name
// the path.
func ReadFileLimit(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := ReadAllLimit(f, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}
