package serve

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
	"golang.org/x/sync/singleflight"
)

// reportCache keeps KPI reports only while the store's runs are unchanged:
// a run recorded, imported or pruned is seen on the next request. A report
// at a time asked for (at=…) depends on nothing else, and is kept as long;
// one at "now" is kept for ttl more at most, which bounds the drift of
// now (a finding crossing its SLA up to ttl late). Concurrent requests
// for the same report share one computation.
type reportCache struct {
	ttl     time.Duration
	compute func(context.Context, kpi.Options) (*kpi.Report, error)
	mark    func(context.Context) (kpi.StoreMark, error)
	now     func() time.Time

	mu      sync.Mutex
	entries map[reportKey]*reportEntry
	group   singleflight.Group
}

// reportKey is what a report depends on besides the store.
type reportKey struct {
	at, since time.Time // zero at: now
	filter    kpi.Filter
}

type reportEntry struct {
	rep  *kpi.Report
	mark kpi.StoreMark
	made time.Time     // when its computation began
	took time.Duration // how long it took
}

// computeTimeout bounds one KPI computation.
const computeTimeout = time.Minute

// maxReports bounds the reports kept: one per filter and date asked for.
const maxReports = 64

func newReportCache(ttl time.Duration, compute func(context.Context, kpi.Options) (*kpi.Report, error),
	mark func(context.Context) (kpi.StoreMark, error), now func() time.Time) *reportCache {
	return &reportCache{ttl: ttl, compute: compute, mark: mark, now: now, entries: map[reportKey]*reportEntry{}}
}

// get is the report for k, from the cache when it is fresh.
func (c *reportCache) get(ctx context.Context, k reportKey) (*kpi.Report, error) {
	mark, err := c.mark(ctx)
	if err != nil {
		return nil, err
	}
	if e := c.fresh(k, mark); e != nil {
		return e.rep, nil
	}
	return c.refresh(ctx, k, mark)
}

// fresh is k's entry when it may be served: computed from the store as it
// is, and, at now, less than ttl ago.
func (c *reportCache) fresh(k reportKey, mark kpi.StoreMark) *reportEntry {
	if c.ttl <= 0 {
		return nil
	}
	c.mu.Lock()
	e := c.entries[k]
	c.mu.Unlock()
	if e == nil || e.mark != mark || (k.at.IsZero() && c.now().Sub(e.made) >= c.ttl) {
		return nil
	}
	return e
}

// refresh computes k's report (once, however many ask at the same time)
// and keeps it.
func (c *reportCache) refresh(ctx context.Context, k reportKey, mark kpi.StoreMark) (*kpi.Report, error) {
	key := fmt.Sprintf("%d|%d|%q|%q", k.at.UnixNano(), k.since.UnixNano(), k.filter.Team, k.filter.Kind)
	v, err, _ := c.group.Do(key, func() (any, error) {
		made := c.now()
		// Shared by every request waiting for it: not cancelled with the
		// first one, but bounded.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), computeTimeout)
		defer cancel()
		rep, err := c.compute(cctx, kpi.Options{At: k.at, Since: k.since, Filter: k.filter})
		if err != nil {
			return nil, err
		}
		if c.ttl > 0 {
			c.put(k, &reportEntry{rep: rep, mark: mark, made: made, took: c.now().Sub(made)})
		}
		return rep, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*kpi.Report), nil
}

func (c *reportCache) put(k reportKey, e *reportEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxReports {
		// Drop the oldest, and anything already stale.
		var oldest reportKey
		first := true
		for key, old := range c.entries {
			if key.at.IsZero() && c.now().Sub(old.made) >= c.ttl {
				delete(c.entries, key)
				continue
			}
			if first || old.made.Before(c.entries[oldest].made) {
				oldest, first = key, false
			}
		}
		if len(c.entries) >= maxReports {
			delete(c.entries, oldest)
		}
	}
	c.entries[k] = e
}

// keepFresh computes the default report (now, no filter: the overview's
// and /metrics') at once, then again ahead of its expiry and as soon as a
// run is recorded, so that no viewer waits for it; it returns when ctx
// ends. Between computations it reads the store's mark once a tick.
func (c *reportCache) keepFresh(ctx context.Context, tick time.Duration) {
	if c.ttl <= 0 {
		return
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		c.mu.Lock()
		e := c.entries[reportKey{}]
		c.mu.Unlock()
		mark, err := c.mark(ctx)
		// Ahead of expiry by a computation's time.
		if err == nil && (e == nil || e.mark != mark || c.now().Sub(e.made) >= c.ttl-e.took-tick) {
			c.refresh(ctx, reportKey{}, mark)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// size is the number of reports kept.
func (c *reportCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// cutsCache keeps the store's teams and kinds (kpi.Cuts), which the
// filters offer and requests are checked against, while the store's runs
// are unchanged: every view asks for them.
type cutsCache struct {
	load func(context.Context) (teams, kinds []string, err error)
	mark func(context.Context) (kpi.StoreMark, error)

	mu           sync.Mutex
	ok           bool
	at           kpi.StoreMark
	teams, kinds []string
}

func (c *cutsCache) get(ctx context.Context) (teams, kinds []string, err error) {
	mark, err := c.mark(ctx)
	if err != nil {
		return nil, nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.at == mark {
		return c.teams, c.kinds, nil
	}
	// Loaded after the mark: a run recorded in between changes the next
	// mark, and they are loaded again.
	if teams, kinds, err = c.load(ctx); err != nil {
		return nil, nil, err
	}
	c.ok, c.at, c.teams, c.kinds = true, mark, teams, kinds
	return teams, kinds, nil
}
