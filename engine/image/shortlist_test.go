package image

import (
	"cmp"
	"math/rand"
	"slices"
	"testing"
)

func TestShortList(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, tc := range []struct{ max, n int }{{0, 5}, {3, 0}, {3, 2}, {3, 3}, {3, 4}, {10, 1000}, {1000, 10}} {
		l := newShortList(tc.max, cmp.Compare[int])
		var all []int
		for range tc.n {
			v := rng.Intn(500)
			all = append(all, v)
			l.add(v)
		}
		slices.Sort(all)
		want := all[:min(tc.max, len(all))]
		got, cut := l.sorted()
		if !slices.Equal(got, want) || cut != (tc.n > tc.max) {
			t.Errorf("max %d of %d: got %v (cut %v), want %v", tc.max, tc.n, got, cut, want)
		}
	}
}
