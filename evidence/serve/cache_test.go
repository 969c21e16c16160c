package serve

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
)

// fakeKPI counts the computations of a cache, over a store whose mark a
// test sets.
type fakeKPI struct {
	calls atomic.Int64
	mu    sync.Mutex
	mark  kpi.StoreMark
	clock time.Time
	delay time.Duration
}

func (f *fakeKPI) cache(ttl time.Duration, realClock bool) *reportCache {
	now := func() time.Time {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.clock
	}
	if realClock {
		now = time.Now
	}
	return newReportCache(ttl, func(ctx context.Context, o kpi.Options) (*kpi.Report, error) {
		f.calls.Add(1)
		time.Sleep(f.delay)
		return &kpi.Report{At: o.At, Filter: o.Filter}, nil
	}, func(context.Context) (kpi.StoreMark, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.mark, nil
	}, now)
}

func (f *fakeKPI) advance(d time.Duration) {
	f.mu.Lock()
	f.clock = f.clock.Add(d)
	f.mu.Unlock()
}

func (f *fakeKPI) run() {
	f.mu.Lock()
	f.mark.Runs++
	f.mu.Unlock()
}

func TestReportCache(t *testing.T) {
	ctx := context.Background()
	f := &fakeKPI{clock: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := f.cache(5*time.Second, false)
	now := reportKey{}
	past := reportKey{at: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	want := func(what string, n int64) {
		t.Helper()
		if got := f.calls.Load(); got != n {
			t.Errorf("%s: %d computations, want %d", what, got, n)
		}
	}
	c.get(ctx, now)
	c.get(ctx, now)
	want("twice at now", 1)
	f.advance(4 * time.Second)
	c.get(ctx, now)
	want("4 s later", 1)
	f.advance(time.Second)
	c.get(ctx, now)
	want("5 s later", 2)
	f.run()
	c.get(ctx, now)
	want("after a run", 3)
	c.get(ctx, past)
	f.advance(time.Hour)
	c.get(ctx, past)
	want("a past time, an hour later", 4)
	f.run()
	c.get(ctx, past)
	want("a past time after a run", 5)
	c.get(ctx, reportKey{filter: kpi.Filter{Team: "web"}})
	want("another filter", 6)

	// Bounded: the oldest goes.
	for i := range maxReports + 10 {
		f.advance(time.Millisecond)
		c.get(ctx, reportKey{at: time.Unix(int64(i), 0)})
	}
	if n := c.size(); n > maxReports {
		t.Errorf("%d reports kept, more than %d", n, maxReports)
	}

	// No cache: every request computes.
	f2 := &fakeKPI{}
	c2 := f2.cache(0, false)
	c2.get(ctx, now)
	c2.get(ctx, now)
	if f2.calls.Load() != 2 {
		t.Errorf("ttl 0: %d computations, want 2", f2.calls.Load())
	}
}

func TestReportCacheShared(t *testing.T) {
	f := &fakeKPI{delay: 50 * time.Millisecond}
	c := f.cache(time.Minute, true)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.get(context.Background(), reportKey{})
		}()
	}
	wg.Wait()
	if n := f.calls.Load(); n != 1 {
		t.Errorf("8 requests at once: %d computations, want 1", n)
	}
}

func TestKeepFresh(t *testing.T) {
	f := &fakeKPI{delay: 10 * time.Millisecond}
	c := f.cache(time.Second, true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.keepFresh(ctx, 20*time.Millisecond); close(done) }()
	// Computed at once, before anyone looks.
	time.Sleep(200 * time.Millisecond)
	if n := f.calls.Load(); n != 1 {
		t.Errorf("at start: %d computations, want 1", n)
	}
	// The report is kept fresh, and served without a wait.
	deadline, waits := time.Now().Add(2500*time.Millisecond), 0
	for time.Now().Before(deadline) {
		before := f.calls.Load()
		c.get(ctx, reportKey{})
		if f.calls.Load() != before {
			waits++
		}
		time.Sleep(30 * time.Millisecond)
	}
	// (One wait is allowed a machine too busy to run the ticker in time.)
	if waits > 1 {
		t.Errorf("viewers waited %d times for a computation while the report was kept fresh", waits)
	}
	if n := f.calls.Load(); n < 3 {
		t.Errorf("kept fresh 2.5 s with a ttl of 1 s: %d computations", n)
	}
	// A run is seen within a tick.
	n := f.calls.Load()
	f.run()
	time.Sleep(100 * time.Millisecond)
	if f.calls.Load() == n {
		t.Error("a run recorded was not computed ahead")
	}
	cancel()
	<-done
}
