package main

import (
	"context"
	"io"
	"os"
	"runtime/pprof"
	"testing"
)

func TestZZProf(t *testing.T) {
	f, _ := os.Create("/tmp/sb/cpu.out")
	pprof.StartCPUProfile(f)
	run(context.Background(), []string{"check", "/tmp/sb/big.cdx.json"}, io.Discard, io.Discard)
	pprof.StopCPUProfile()
}
