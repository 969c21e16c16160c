package chain

import (
	"fmt"
	"testing"
)

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
