package main

import (
	"math"
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
		gcState.tuned = false
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
