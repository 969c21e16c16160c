package kpi_test

import (
	"context"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
	"github.com/paved-dev/paved/evidence/kpi/kpitest"
	"github.com/paved-dev/paved/evidence/store"
)

// benchmarkKPI computes the KPIs at the history's last run, with the
// default 13 weekly points, and reports the store's size.
func benchmarkKPI(b *testing.B, st *store.Store, size int64) {
	defer st.Close()
	ctx := context.Background()
	at := kpitest.BenchEnd.Add(time.Hour)
	rep, err := kpi.Compute(ctx, st, kpi.Options{At: at})
	if err != nil {
		b.Fatal(err)
	}
	if rep.Coverage.Assets == 0 || len(rep.Trends) != kpi.DefaultWeeks+1 {
		b.Fatalf("the history has no assets at %s: %+v", at, rep.Coverage)
	}
	b.Logf("store: %d runs, %d assets, %.1f MB; coverage %.3f of %d assets", rep.Store.Runs, rep.Store.Assets, float64(size)/1e6, rep.Coverage.Overall, rep.Coverage.Assets)
	b.ResetTimer()
	for b.Loop() {
		if _, err := kpi.Compute(ctx, st, kpi.Options{At: at}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/1e6, "store-MB")
}

func BenchmarkKPISQLite(b *testing.B) {
	st, size := kpitest.SQLiteHistory(b, kpitest.BenchParams())
	benchmarkKPI(b, st, size)
}

func BenchmarkKPIPostgres(b *testing.B) {
	st, size := kpitest.PostgresHistory(b, kpitest.BenchParams())
	benchmarkKPI(b, st, size)
}
