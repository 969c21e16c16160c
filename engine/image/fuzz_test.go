package image

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"path"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// fuzzLimits are small, so each input is cheap and the bounds are reached
// (TestWalkHostile has the decompression bomb: too slow an input to mutate).
var fuzzLimits = Limits{MaxEntries: 2000, MaxBytes: 1 << 20, MaxScanSize: 8192, MaxPathLength: 256, MaxPathBytes: 64 << 10, MaxListed: 100}

// FuzzWalk walks two layers (base, top): any bytes, tar or not, gzip or
// zstd or neither. The walk never panics, never places a path outside the
// root, never reads past its bounds, and is complete exactly when no
// reason is given.
func FuzzWalk(f *testing.F) {
	seeds := [][]byte{
		layerTar(f, file{name: "etc/os-release", body: "ID=\"alpine\"\nVERSION_ID=3.20\n"}, file{name: "bin/sh", typ: tar.TypeSymlink, link: "/bin/busybox"}),
		layerTar(f, file{name: "etc/.wh.os-release"}, file{name: "opt/.wh..wh..opq"}, file{name: "opt/x", mode: 0o4777, body: "x"}),
		layerTar(f, file{name: "../../x", body: "x"}, file{name: "/abs", typ: tar.TypeLink, link: "../../etc/shadow"}, file{name: "l", typ: tar.TypeSymlink, link: "../../../etc"}),
		layerTar(f, file{name: "tmp/", typ: tar.TypeDir, mode: 0o777}, file{name: "root/.cache/pip/a", body: "aaaa"}, file{name: "usr/sbin/sshd", mode: 0o755, body: "\x7fELF"}),
		sparseTar(f, "big", 1<<40),
		gzipped(f, layerTar(f, file{name: "app/.env", body: "TOKEN=abc\n"})),
		{},
	}
	var zbuf bytes.Buffer
	zw, _ := zstd.NewWriter(&zbuf)
	zw.Write(seeds[0])
	zw.Close()
	seeds = append(seeds, zbuf.Bytes())
	for i, s := range seeds {
		f.Add(s, seeds[(i+1)%len(seeds)])
	}
	f.Fuzz(func(t *testing.T, base, top []byte) {
		w := newWalker(context.Background(), 2, fuzzLimits, testScanner())
		reason, err := w.run([]layerSource{blob(base), blob(top)})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "layer sha256:test: ") {
				t.Fatalf("an error that does not name its layer: %v", err)
			}
			return
		}
		for p := range w.seen {
			if !path.IsAbs(p) || path.Clean(p) != p || p == "/" {
				t.Fatalf("path %q outside the root", p)
			}
		}
		if n := w.entries.Load(); n > int64(fuzzLimits.MaxEntries+1) || int64(len(w.seen)) > n || w.read.Load() > fuzzLimits.MaxBytes+1<<20 ||
			w.pathBytes.Load() > fuzzLimits.MaxPathBytes+2*int64(fuzzLimits.MaxPathLength) {
			t.Fatalf("past the bounds: %d entries, %d paths, %d bytes, %d path bytes", w.entries.Load(), len(w.seen), w.read.Load(), w.pathBytes.Load())
		}
		doc := w.facts(reason).document()
		if (doc["reason"] == "") != (doc["complete"] == true) || doc["walked"] != true {
			t.Fatalf("complete %v walked %v with reason %q", doc["complete"], doc["walked"], doc["reason"])
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzReference: any argument parses to a reference of one of the three
// sources, or to an error; what parses is what Detect claims.
func FuzzReference(f *testing.F) {
	for _, s := range []string{"image://r.example/app:1", "image://r.example/app@sha256:" + hex64, "oci:dir:tag", "oci:a:b:c",
		"docker-archive:x.tar:r.example/a:1", "image://", "oci:", "image://[::1]:5000/x", "docker-archive::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		r, err := parseReference(arg, func(p string) bool { return p == "dir" || strings.HasSuffix(p, ".tar") })
		if err != nil {
			return
		}
		if !IsReference(arg) || r.Raw != arg {
			t.Fatalf("%q parsed but is not a reference: %+v", arg, r)
		}
		switch r.Source {
		case SourceRegistry:
			if r.Path != "" {
				t.Fatalf("%q: a registry reference with a path: %+v", arg, r)
			}
		case SourceLayout, SourceArchive:
			if r.Path == "" {
				t.Fatalf("%q: %+v", arg, r)
			}
		default:
			t.Fatalf("%q: source %q", arg, r.Source)
		}
	})
}

// FuzzOSRelease: any file reads to the three fields, each a string.
func FuzzOSRelease(f *testing.F) {
	f.Add([]byte("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"))
	f.Add([]byte("ID='x'\nVERSION_ID=\"a\\\"b\\\\\"\nPRETTY_NAME=\"\\\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out := parseOSRelease(b)
		if len(out) != 3 {
			t.Fatalf("%v", out)
		}
		for _, k := range []string{"id", "version_id", "pretty_name"} {
			if _, ok := out[k].(string); !ok {
				t.Fatalf("%s: %v", k, out[k])
			}
		}
	})
}
