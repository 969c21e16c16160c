package hugeheap

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestReserveBacksHeapWithHugePages(t *testing.T) {
	if raceEnabled || !applies() {
		t.Skip("no reservation here: built with -race (make test runs this package without it too), or the kernel's transparent huge pages are not in madvise mode, or memory is not overcommitted")
	}
	// As the CLI tunes the collector: off, up to a memory limit below the
	// reservation.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(180 << 20))
	before := status(t, "VmRSS:")
	Reserve(256 << 20)
	if grew := status(t, "VmRSS:") - before; grew > 32<<10 {
		t.Errorf("the reservation left %d kB resident", grew)
	}
	// Kept as free heap, the block would count against the memory limit
	// and the collector would run back to back.
	m := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}, {Name: "/gc/heap/goal:bytes"}}
	metrics.Read(m)
	if n := m[0].Value.Uint64(); n > 32<<20 {
		t.Errorf("the reservation left %d MB of free heap unreleased", n>>20)
	}
	if goal := m[1].Value.Uint64(); goal < 64<<20 {
		t.Errorf("heap goal after the reservation %d MB: the collector counts the block against the limit", goal>>20)
	}
	if limit := debug.SetMemoryLimit(-1); limit != 180<<20 {
		t.Errorf("memory limit after the reservation %d, want it restored", limit)
	}
	if pct := debug.SetGCPercent(-1); pct != -1 {
		t.Errorf("GC percent after the reservation %d, want it restored", pct)
	}
	buf := make([]byte, 16<<20)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	huge := anonHugePages(t, uintptr(unsafe.Pointer(&buf[0])))
	runtime.KeepAlive(buf)
	if huge == 0 {
		t.Errorf("the heap mapping holding a fresh 16 MB buffer has no huge pages")
	}
}

// status is a kB field of /proc/self/status.
func status(t *testing.T, field string) int {
	t.Helper()
	for line := range strings.Lines(string(read(t, "/proc/self/status"))) {
		if v, ok := strings.CutPrefix(line, field); ok {
			n, err := strconv.Atoi(strings.Fields(v)[0])
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}

// anonHugePages is the AnonHugePages (kB) of the mapping holding addr.
func anonHugePages(t *testing.T, addr uintptr) int {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(read(t, "/proc/self/smaps")))
	in := false
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(f[0], "-"); ok && !strings.HasSuffix(f[0], ":") {
			l, err1 := strconv.ParseUint(lo, 16, 64)
			h, err2 := strconv.ParseUint(hi, 16, 64)
			in = err1 == nil && err2 == nil && uintptr(l) <= addr && addr < uintptr(h)
			continue
		}
		if in && f[0] == "AnonHugePages:" {
			n, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return 0
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 16<<20))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
