// Package hugeheap backs the Go heap with transparent huge pages where
// Linux grants them only on request (THP "madvise" mode, the common
// default). The Go runtime asks for none.
//
// A page fault costs 10-20 µs on the virtual machines CI runs on: a
// one-file check took 3,600 of them (a third of its CPU time), a
// 50,000-component SBOM 134,000. On 2 MB pages the heap takes one fault
// where it took 512.
package hugeheap

import "sync"

var once sync.Once

// Reserve makes the runtime map n bytes of heap at once, asks for huge
// pages over the whole heap up to their end, and hands the memory back
// (nothing becomes resident). Only the first call acts: a second
// reservation would land in the first, released, space and the runtime
// would zero it page by page. It blocks for one garbage collection. It does
// nothing off Linux, under the race detector, when the kernel gives huge
// pages to all memory or to none, or when it does not overcommit memory
// (the reservation would count against the commit limit).
func Reserve(n int) {
	once.Do(func() {
		if n > 0 && !raceEnabled && applies() {
			reserve(n)
		}
	})
}
