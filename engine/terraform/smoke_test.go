package terraform

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	p := os.Getenv("SMOKE")
	if p == "" {
		t.Skip()
	}
	start := time.Now()
	ts, err := New(Options{}).Load(context.Background(), p)
	fmt.Println("time", time.Since(start), "targets", len(ts))
	if err != nil {
		fmt.Println("ERR", err)
	}
	nres := 0
	for _, tg := range ts {
		nres += len(tg.Resources)
		if os.Getenv("DUMP") == tg.ID {
			b, _ := json.MarshalIndent(tg.Input, "", "  ")
			os.WriteFile("/tmp/smoke/dump.json", b, 0o644)
		}
	}
	fmt.Println("resources", nres)
	for _, tg := range ts[:min(5, len(ts))] {
		fmt.Println(tg.ID, tg.Path, tg.Digest, len(tg.Resources))
	}
}
