package bundle

import "testing"

// Write refuses what Verify and the registry would refuse.
func TestWithinBounds(t *testing.T) {
	for _, c := range []struct {
		size, total int64
		ok          bool
	}{
		{1, 1, true},
		{MaxFileSize, MaxFileSize, true},
		{MaxFileSize + 1, MaxFileSize + 1, false},
		{10, MaxTotalSize, true},
		{10, MaxTotalSize + 1, false},
	} {
		if err := withinBounds("report.json", c.size, c.total); (err == nil) != c.ok {
			t.Errorf("withinBounds(%d, %d) = %v, want ok %v", c.size, c.total, err, c.ok)
		}
	}
}
