package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"github.com/paved-dev/paved/internal/hugeheap"
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
// three quarters, which keeps the peak of a big run (a 50,000-component
// SBOM, whose OPA input and results peak then) in bounds at a modest cost
// in collections: against growing by half, 0.95 of the time for 490 MB
// peak instead of 465 (growing by all of it: 0.93, 493 MB).
const (
	gcPercentLoading = 100
	gcPercent        = 75
)

// gcState is where the collector's tuning stands. One lock covers the
// phase and the switch to proportional collection, so the watch (a
// finalizer) and gcTargetsLoaded cannot interleave into the wrong percent.
var gcState struct {
	sync.Mutex
	proportional bool // the watch tuneGC arms switched to proportional collection
	judging      bool // targets are loaded (gcTargetsLoaded)
}

// gcApplyPercent sets the proportional collection for the phase the run is
// in, once the watch has switched to it; gcState is locked.
func gcApplyPercent() {
	if !gcState.proportional {
		return
	}
	if gcState.judging {
		debug.SetGCPercent(gcPercent)
	} else {
		debug.SetGCPercent(gcPercentLoading)
	}
}

// gcTargetsLoaded tells the collector the run moves on to judging.
func gcTargetsLoaded() {
	gcState.Lock()
	defer gcState.Unlock()
	gcState.judging = true
	gcApplyPercent()
}

// gcTargetsJudged collects once targets are judged, when collection has
// become proportional: the last goal was set while the big run's OPA input
// was live, and without a collection now the reports' garbage would fill
// the heap up to it (a 50,000-component SBOM's SARIF report peaked at
// 830 MB, its text report at 470).
func gcTargetsJudged() {
	gcState.Lock()
	proportional := gcState.proportional
	gcState.Unlock()
	if proportional {
		runtime.GC()
	}
}

// tuneGC collects only near gcMemoryLimit until the live heap after a
// collection passes two thirds of it; from then on, collecting at a fixed
// limit the live heap nearly fills would run the collector back to back
// (a 50,000-component SBOM spent 15 s in it), so collection becomes
// proportional (gcPercent) with no limit.
func tuneGC() {
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
			gcState.Lock()
			defer gcState.Unlock()
			gcState.proportional = true
			gcApplyPercent()
			debug.SetMemoryLimit(math.MaxInt64)
			return
		}
		armGCWatch()
	})
}

// Heap reservations on huge pages (hugeheap.Reserve). A larger one costs
// start-up time (1 GB about 5 ms more than 64 MB, the runtime's page
// metadata); heap beyond the reservation stays on small pages. With them,
// measured against the same binary without: a one-file check took 0.8-0.87
// of its time, --staged on a 2,000-file repository 0.71-0.74 and a
// 50,000-component SBOM 0.82-0.88.
const (
	heapReserveSmall = 64 << 20 // a pre-commit check of a few files
	heapReserveLarge = 1 << 30  // a directory, or large files
	largeInput       = 4 << 20
)

// reserveHeap is hugeheap.Reserve; a test sees what a check asks for.
var reserveHeap = hugeheap.Reserve

// heapReservation sizes the reservation by what the run reads: --staged
// reads a commit's few files whatever the path, a directory may be large,
// files say their size. PAVED_HUGEPAGES=off makes it none.
func heapReservation(paths []string, staged bool) int {
	if os.Getenv("PAVED_HUGEPAGES") == "off" {
		return 0
	}
	if staged {
		return heapReserveSmall
	}
	var total int64
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			continue // an image reference, or an error the run reports
		}
		if fi.IsDir() {
			return heapReserveLarge
		}
		total += fi.Size()
	}
	if total > largeInput {
		return heapReserveLarge
	}
	return heapReserveSmall
}
