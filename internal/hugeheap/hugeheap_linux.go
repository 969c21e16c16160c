package hugeheap

import (
	"bytes"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"syscall"
	"unsafe"
)

const (
	hugePage = 2 << 20
	// arenaSize is the runtime's heap arena on 64-bit Linux: the heap
	// starts on such a boundary.
	arenaSize = 64 << 20
)

// applies says whether huge pages are granted on request only and memory
// is overcommitted.
func applies() bool {
	return bytes.Contains(readSmall("/sys/kernel/mm/transparent_hugepage/enabled"), []byte("[madvise]")) &&
		!bytes.Equal(bytes.TrimSpace(readSmall("/proc/sys/vm/overcommit_memory")), []byte("2"))
}

func readSmall(name string) []byte {
	f, err := os.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 256))
	return b
}

// probe is an object in the heap's first arena.
var probe *[64]byte

// reserve allocates a fresh block of n bytes, left unwritten, so the
// runtime maps it in one piece; marks the heap from the start of its arena
// to the block's end for huge pages; and frees the block. The runtime maps
// heap in 4 MB pieces as it grows, each a new mapping without the mark, so
// the mark must cover space mapped ahead of use. Errors are ignored: ENOMEM
// for holes in the range, EINVAL where THP is compiled out.
func reserve(n int) {
	// No collection may start while the block is live (a memory limit
	// below n, or the heap goal, would start one): it would keep the
	// block, and the collector would then count it against the limit.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	probe = new([64]byte) // kept in a package variable so it is on the heap
	first := uintptr(unsafe.Pointer(probe))
	b := make([]byte, n)
	end := uintptr(unsafe.Pointer(unsafe.SliceData(b))) + uintptr(n)
	lo := first &^ (arenaSize - 1)
	hi := end &^ (hugePage - 1)
	if hi > lo {
		syscall.Syscall(syscall.SYS_MADVISE, lo, hi-lo, syscall.MADV_HUGEPAGE)
	}
	runtime.KeepAlive(b)
	// Collect the block and release it, so it does not count against a
	// memory limit; the mark stays on the released pages.
	debug.FreeOSMemory()
}
