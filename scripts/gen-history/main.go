// Command gen-history writes a synthetic history into a paved store:
// ASSETS targets judged by POLICIES policies once a day for DAYS days,
// recorded through the store as paved check --store records its runs
// (evidence/kpi/kpitest describes the fleet). It is for measuring paved
// kpi and paved serve on a store of a realistic size, and for demos.
//
//	go run ./scripts/gen-history -store sqlite:///tmp/history.db
//	go run ./scripts/gen-history -store "$PAVED_STORE" -assets 200 -policies 20 -days 30
//	paved kpi --store sqlite:///tmp/history.db
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/paved-dev/paved/evidence/kpi/kpitest"
	"github.com/paved-dev/paved/evidence/store"
)

func main() {
	def := kpitest.Default(time.Time{})
	storeURL := flag.String("store", os.Getenv("PAVED_STORE"), "the store to write: sqlite://PATH or postgres://… (default $PAVED_STORE); best a new one")
	assets := flag.Int("assets", def.Assets, "targets in the fleet")
	policies := flag.Int("policies", def.Policies, "policies, each judging every target")
	days := flag.Int("days", def.Days, "daily runs")
	end := flag.String("end", "", "the last run's date, YYYY-MM-DD (default today); runs start at 02:00 UTC")
	seed := flag.Uint64("seed", def.Seed, "random seed: the same parameters and seed write the same history")
	quiet := flag.Bool("q", false, "no progress on stderr")
	flag.Parse()
	if *storeURL == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen-history -store URL [-assets N] [-policies N] [-days N] [-end YYYY-MM-DD] [-seed N]")
		os.Exit(2)
	}
	last := time.Now().UTC().Truncate(24 * time.Hour)
	if *end != "" {
		t, err := time.Parse(time.DateOnly, *end)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen-history: -end %q: want YYYY-MM-DD\n", *end)
			os.Exit(2)
		}
		last = t
	}
	p := kpitest.Params{Assets: *assets, Policies: *policies, Days: *days, End: last.Add(2 * time.Hour), Seed: *seed}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	st, err := store.Open(ctx, *storeURL)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-history:", err)
		os.Exit(2)
	}
	defer st.Close()
	began := time.Now()
	progress := func(day int) {
		if !*quiet && ((day+1)%10 == 0 || day+1 == p.Days) {
			fmt.Fprintf(os.Stderr, "day %d of %d (%s)\n", day+1, p.Days, time.Since(began).Round(time.Second))
		}
	}
	if err := kpitest.Generate(ctx, st, p, progress); err != nil {
		fmt.Fprintln(os.Stderr, "gen-history:", err)
		os.Exit(1)
	}
	fmt.Printf("%d assets × %d policies × %d daily runs, last %s, in %s\n", p.Assets, p.Policies, p.Days, p.End.Format(time.RFC3339), time.Since(began).Round(time.Second))
}
