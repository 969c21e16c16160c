package engine

import (
	"fmt"
	"io"
)

// ReadAllLimit reads r to the end, refusing more than limit bytes: every
// input paved reads is bounded, so a huge file is an error, not an
// out-of-memory crash.
func ReadAllLimit(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return b, nil
}
