package chain

import (
	"fmt"
	"testing"
	"time"
)

// Whatever a period's bound says, ParseTime never panics; a date stands
// for its whole UTC day, from its first instant to its last; a time
// stands for itself, as a start and as an end.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2030-01-31", "2030-02-30", "2030-01-02T03:04:05Z", "2030-01-02T03:04:05.123456789+02:00",
		"2030-1-2", "", "yesterday", "9999-12-31", "0000-01-01T00:00:00Z", "2030-01-02T25:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, err1 := ParseTime(s, false)
		end, err2 := ParseTime(s, true)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%q: start %v, end %v", s, err1, err2)
		}
		if err1 != nil {
			return
		}
		if d, err := time.Parse(time.DateOnly, s); err == nil {
			if !start.Equal(d) || end.Sub(start) != 24*time.Hour-time.Nanosecond || start.Location() != time.UTC {
				t.Fatalf("%q: the day is %v to %v", s, start, end)
			}
			if !(Period{From: start, To: end}).Holds(d.Add(23*time.Hour)) || (Period{From: start, To: end}).Holds(d.Add(24*time.Hour)) {
				t.Fatalf("%q: the period does not hold its day", s)
			}
			return
		}
		if !start.Equal(end) {
			t.Fatalf("%q: a time parses to %v and %v", s, start, end)
		}
		if !(Period{From: start, To: end}).Holds(start) {
			t.Fatalf("%q: a period of one instant does not hold it", s)
		}
	})
}

// Whichever bundle of a chain is removed, the chain over a period is
// broken exactly when the removed one was in the period or the one the
// period's first run follows, unless it was the newest of all (which no
// chain can show: that takes an anchor).
func FuzzChainRemoval(f *testing.F) {
	f.Add(uint8(4), uint8(1), uint8(0))
	f.Add(uint8(4), uint8(3), uint8(0))
	f.Add(uint8(6), uint8(1), uint8(3))
	f.Add(uint8(6), uint8(2), uint8(3))
	f.Fuzz(func(t *testing.T, size, remove, from uint8) {
		n := 2 + int(size%8)
		links := make([]Link, n)
		for i := range links {
			links[i] = Link{Name: fmt.Sprint("b", i), Digest: fmt.Sprintf("sha256:%064x", i+1), RunID: fmt.Sprint(i), FinishedAt: day(i + 1)}
			if i > 0 {
				p := links[i-1].Digest
				links[i].Previous = &p
			}
		}
		first := int(from) % (n + 1) // n: an open period
		period := Period{}
		if first < n {
			period.From = links[first].FinishedAt
		} else {
			first = 0
		}
		if s := checkScope("s", links, period, nil); !s.Intact || len(s.Runs) != n-first {
			t.Fatalf("whole chain of %d from %d: %+v", n, first, s)
		}
		k := int(remove) % n
		rest := append(append([]Link{}, links[:k]...), links[k+1:]...)
		want := k == n-1 || k < first-1 // not shown by the chain
		if s := checkScope("s", rest, period, nil); s.Intact != want {
			t.Fatalf("chain of %d from %d without %d: intact %v, want %v: %q", n, first, k, s.Intact, want, s.Problems)
		}
	})
}
