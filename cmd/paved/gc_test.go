package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// Once the live heap outgrows two thirds of the limit, collection turns
// proportional with no limit (gcPercentLoading, then gcPercent once the
// targets are loaded); below it, the collector stays off.
func TestTuneGCTurnsProportional(t *testing.T) {
	prevPercent := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	}()
	gcState.Lock()
	gcState.judging, gcState.proportional = false, false
	gcState.Unlock()
	defer func() {
		gcState.Lock()
		gcState.proportional = false // other tests' runs keep their percent
		gcState.Unlock()
	}()
	tuneGC()
	runtime.GC()
	time.Sleep(50 * time.Millisecond) // finalizers run on their own goroutine
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("small heap: GC percent %d, want off", p)
	}
	live := make([]byte, gcMemoryLimit)
	for i := range live {
		live[i] = 1
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		time.Sleep(20 * time.Millisecond)
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		if p == gcPercentLoading {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("big heap: GC percent %d, want %d", p, gcPercentLoading)
		}
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit %d, want none", l)
	}
	gcTargetsLoaded()
	if p := debug.SetGCPercent(-1); p != gcPercent {
		t.Errorf("judging: GC percent %d, want %d", p, gcPercent)
	}
	runtime.KeepAlive(live)
}

func TestHeapReservation(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "main.tf")
	big := filepath.Join(dir, "big.cdx.json")
	if err := os.WriteFile(small, []byte("resource \"x\" \"y\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(largeInput + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name   string
		paths  []string
		staged bool
		want   int
	}{
		{"one small file", []string{small}, false, heapReserveSmall},
		{"a directory", []string{small, dir}, false, heapReserveLarge},
		{"a large file", []string{big}, false, heapReserveLarge},
		{"staged, whatever the path", []string{dir}, true, heapReserveSmall},
		{"an image reference", []string{"registry.example.com/app:1"}, false, heapReserveSmall},
	} {
		if got := heapReservation(tc.paths, tc.staged); got != tc.want {
			t.Errorf("%s: reservation %d MB, want %d MB", tc.name, got>>20, tc.want>>20)
		}
	}
	t.Setenv("PAVED_HUGEPAGES", "off")
	if got := heapReservation([]string{dir}, false); got != 0 {
		t.Errorf("PAVED_HUGEPAGES=off: reservation %d MB, want none", got>>20)
	}
}

// A check asks for its reservation before it loads anything.
func TestCheckReservesHeap(t *testing.T) {
	var asked []int
	defer func(orig func(int)) { reserveHeap = orig }(reserveHeap)
	reserveHeap = func(n int) { asked = append(asked, n) }
	t.Setenv("PAVED_HUGEPAGES", "")
	if code, _, errs := paved(t, "check", "testdata/tf-tags", "--no-builtin", "--policy", "testdata/policies"); code > 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if len(asked) != 1 || asked[0] != heapReserveLarge {
		t.Errorf("a check of a directory asked for %v, want one reservation of %d MB", asked, heapReserveLarge>>20)
	}
}

// Judged targets leave their big inputs behind: a run whose collection
// turned proportional collects then, a small run does not.
func TestGCTargetsJudged(t *testing.T) {
	defer func() {
		gcState.Lock()
		gcState.proportional = false
		gcState.Unlock()
	}()
	collections := func() uint32 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.NumGC
	}
	for _, proportional := range []bool{false, true} {
		gcState.Lock()
		gcState.proportional = proportional
		gcState.Unlock()
		prev := debug.SetGCPercent(-1) // no collection but the one under test
		before := collections()
		gcTargetsJudged()
		after := collections()
		debug.SetGCPercent(prev)
		if collected := after > before; collected != proportional {
			t.Errorf("proportional %v: collected %v", proportional, collected)
		}
	}
}
