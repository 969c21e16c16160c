package image

import (
	"archive/tar"
	"bytes"
	"context"
	"math"
	"math/rand"
	"os"
	"strconv"
	"sync"
	"testing"

	"compress/gzip"
)

// benchLayers are four gzip layers of about 16 MiB each uncompressed,
// made once: files of log-uniform sizes (256 B to 2 MiB), three in five
// source-like text (scanned for secrets), the rest binary-like, compressing
// about as an image's layers do.
var benchLayers = sync.OnceValues(func() ([][]byte, int64) {
	rng := rand.New(rand.NewSource(15))
	var layers [][]byte
	var total int64
	for l := range 4 {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		tw := tar.NewWriter(zw)
		var size int64
		for n := 0; size < 16<<20; n++ {
			body := benchFile(rng, n)
			tw.WriteHeader(&tar.Header{Name: "opt/l" + strconv.Itoa(l) + "/d" + strconv.Itoa(n%50) + "/f" + strconv.Itoa(n),
				Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
			tw.Write(body)
			size += int64(len(body))
		}
		tw.Close()
		zw.Close()
		layers = append(layers, buf.Bytes())
		total += size
	}
	return layers, total
})

func benchFile(rng *rand.Rand, n int) []byte {
	size := int(256 * math.Pow(8192, rng.Float64()))
	b := make([]byte, 0, size+16)
	if n%5 < 3 {
		for len(b) < size {
			for range 3 + rng.Intn(8) {
				b = append(b, byte('a'+rng.Intn(26)))
			}
			if rng.Intn(10) == 0 {
				b = append(b, '\n')
			} else {
				b = append(b, ' ')
			}
		}
		return b[:size]
	}
	b = b[:size]
	for off := 0; off < size; off += 256 {
		end := min(off+256, size)
		if rng.Intn(2) == 0 {
			rng.Read(b[off:end])
		} else {
			clear(b[off:end])
		}
	}
	return b
}

// BenchmarkWalk walks a generated image streamed from memory: the
// throughput is of uncompressed bytes.
func BenchmarkWalk(b *testing.B) {
	layers, total := benchLayers()
	var srcs []layerSource
	for _, l := range layers {
		srcs = append(srcs, blob(l))
	}
	sc := testScanner()
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		fs, err := walk(context.Background(), srcs, Limits{}, sc)
		if err != nil || !fs.complete {
			b.Fatal(err, fs.reason)
		}
	}
}

// BenchmarkLoadConfig reads an image's config, history and layers list
// from a loopback registry, the layers unread (--no-image-fs).
func BenchmarkLoadConfig(b *testing.B) {
	host := newRegistry(b, nil)
	push(b, host+"/acme/app:1", appImage(b, "amd64"))
	l := New(Options{NoFileSystem: true, Scanner: testScanner()})
	for b.Loop() {
		if _, err := l.Load(context.Background(), "image://"+host+"/acme/app:1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLayout judges the OCI layout PAVED_BENCH_LAYOUT names, its
// layers walked (scripts/gen-image makes one from this machine's files):
// for profiles of a real-sized image.
func BenchmarkLoadLayout(b *testing.B) {
	dir := os.Getenv("PAVED_BENCH_LAYOUT")
	if dir == "" {
		b.Skip("PAVED_BENCH_LAYOUT names no OCI layout (go run ./scripts/gen-image -o DIR makes one)")
	}
	l := New(Options{NoBaseLookup: true, Scanner: testScanner()})
	for b.Loop() {
		ts, err := l.Load(context.Background(), "oci:"+dir)
		if err != nil {
			b.Fatal(err)
		}
		fs := ts[0].Input["filesystem"].(map[string]any)
		b.ReportMetric(float64(fs["files"].(int)), "files")
	}
}
