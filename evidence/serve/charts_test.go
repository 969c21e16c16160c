package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/evidence/kpi"
)

// Each trend line has its own whole: a week with baseline assets but no
// repository judged by a golden-path policy has a coverage point and no
// adoption point (not adoption at 0%).
func TestTrendChartWholes(t *testing.T) {
	at := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	points := []kpi.Point{
		{At: at, Coverage: 0.5, Assets: 4},
		{At: at.AddDate(0, 0, 7), Coverage: 0.75, Assets: 4, Adoption: 0.5, Repositories: 2},
	}
	svg := string(trendChart(points, nil))
	if n := strings.Count(svg, ": coverage "); n != 2 {
		t.Errorf("%d coverage points, want 2", n)
	}
	if n := strings.Count(svg, ": golden-path adoption "); n != 1 || !strings.Contains(svg, "golden-path adoption 50.0% of 2 repositories") {
		t.Errorf("adoption points: %d in\n%s", n, svg)
	}
}
