package image

import (
	"container/heap"
	"slices"
)

// shortList keeps the first keep items of a list, in its order, and counts
// the items it was given: a list of every file of a hostile image is never
// held whole, only the part the document shows.
type shortList[T any] struct {
	keep    int
	compare func(a, b T) int
	given   int
	items   []T // once full, a heap with the last item kept on top
}

func newShortList[T any](keep int, compare func(a, b T) int) *shortList[T] {
	return &shortList[T]{keep: keep, compare: compare}
}

func (l *shortList[T]) add(v T) {
	l.given++
	switch {
	case len(l.items) < l.keep:
		l.items = append(l.items, v)
		if len(l.items) == l.keep {
			heap.Init(l)
		}
	case l.keep > 0 && l.compare(v, l.items[0]) < 0:
		l.items[0] = v
		heap.Fix(l, 0)
	}
}

// sorted returns the items kept, in order, and whether some were left out.
func (l *shortList[T]) sorted() ([]T, bool) {
	slices.SortFunc(l.items, l.compare)
	return l.items, l.given > len(l.items)
}

// The heap.Interface of a full list: the last item on top.
func (l *shortList[T]) Len() int           { return len(l.items) }
func (l *shortList[T]) Less(i, j int) bool { return l.compare(l.items[i], l.items[j]) > 0 }
func (l *shortList[T]) Swap(i, j int)      { l.items[i], l.items[j] = l.items[j], l.items[i] }
func (l *shortList[T]) Push(any)           { panic("a full short list does not grow") }
func (l *shortList[T]) Pop() any           { panic("a full short list does not shrink") }
