package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// gcMemoryLimit is where the collector starts working when GOGC and
// GOMEMLIMIT are not set. A check is a short-lived process whose live heap is
// small next to the garbage that parsing leaves behind; collecting only as
// the heap nears this limit cut a corpus check from 2.0 s to 1.4 s and a
// one-file pre-commit check by a sixth, and keeps peak RSS near 200 MB.
const gcMemoryLimit = 180 << 20

// gcPercent is the proportional collection a run falls back to when its live
// heap outgrows the limit (see tuneGC): while targets load, the heap may
// double its live size between collections (the live heap only grows then,
// and each collection marks all of it again); once they are judged, grow by
// half, which keeps the peak of a big run (a 50,000-component SBOM, whose
// OPA input and results peak then) in bounds at a modest cost in
// collections. Together: 5.0 to 4.7 s, 590 MB peak either way.
const (
	gcPercentLoading = 100
	gcPercent        = 50
)

var (
	gcTuned        atomic.Bool // tuneGC applies (GOGC and GOMEMLIMIT unset)
	gcProportional atomic.Bool // the watch switched to proportional collection
	gcJudging      atomic.Bool // targets are loaded (gcTargetsLoaded)
)

// gcPercentNow is the proportional collection for the phase the run is in.
func gcPercentNow() int {
	if gcJudging.Load() {
		return gcPercent
	}
	return gcPercentLoading
}

// gcTargetsLoaded tells the collector the run moves on to judging.
func gcTargetsLoaded() {
	gcJudging.Store(true)
	if gcTuned.Load() && gcProportional.Load() {
		debug.SetGCPercent(gcPercent)
	}
}

// tuneGC collects only near gcMemoryLimit until the live heap after a
// collection passes two thirds of it; from then on, collecting at a fixed
// limit the live heap nearly fills would run the collector back to back
// (a 50,000-component SBOM spent 15 s in it), so collection becomes
// proportional (gcPercent) with no limit.
func tuneGC() {
	gcTuned.Store(true)
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(gcMemoryLimit)
	armGCWatch()
}

// gcSentinel is garbage whose finalizer runs after each collection.
type gcSentinel struct{ _ *int }

func armGCWatch() {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > gcMemoryLimit*2/3 {
			gcProportional.Store(true)
			debug.SetGCPercent(gcPercentNow())
			debug.SetMemoryLimit(math.MaxInt64)
			return
		}
		armGCWatch()
	})
}
