package image

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"compress/gzip"

	"github.com/klauspost/compress/zstd"
	"github.com/paved-dev/paved/engine/secrets"
	"github.com/paved-dev/paved/engine/secrets/secretstest"
)

// file is one tar entry a test layer holds.
type file struct {
	name string
	typ  byte // default tar.TypeReg
	mode int64
	body string
	link string
	uid  int
	gid  int
}

// layerTar writes the entries as a tar stream.
func layerTar(t testing.TB, files ...file) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Typeflag: f.typ, Mode: f.mode, Linkname: f.link, Uid: f.uid, Gid: f.gid,
			Size: int64(len(f.body)), Format: tar.FormatPAX}
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		if h.Mode == 0 {
			h.Mode = 0o644
			if h.Typeflag == tar.TypeDir {
				h.Mode = 0o755
			}
		}
		if h.Typeflag != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, f.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func blob(b []byte) layerSource {
	return layerSource{digest: "sha256:test", open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }}
}

var testScanner = sync.OnceValue(func() *secrets.Scanner {
	s, err := secrets.New()
	if err != nil {
		panic(err)
	}
	return s
})

// walkBlobs walks layer blobs (base first) and returns the walker, to
// look at the final file system, and the document's filesystem.
func walkBlobs(t testing.TB, lim Limits, blobs ...[]byte) (*walker, map[string]any) {
	t.Helper()
	var ls []layerSource
	for _, b := range blobs {
		ls = append(ls, blob(b))
	}
	w := newWalker(context.Background(), len(ls), lim, testScanner())
	reason, err := w.run(ls)
	if err != nil {
		t.Fatal(err)
	}
	return w, w.facts(reason).document()
}

func paths(w *walker) []string {
	var out []string
	for p := range w.seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

func TestWalkWhiteouts(t *testing.T) {
	base := layerTar(t,
		file{name: "etc/", typ: tar.TypeDir},
		file{name: "etc/a", body: "a"},
		file{name: "etc/b", body: "b"},
		file{name: "opt/dir/x", body: "x"},
		file{name: "opt/dir/sub/y", body: "y"},
		file{name: "var/keep", body: "old", mode: 0o4755},
		file{name: "srv/tree/leaf", body: "leaf"},
		file{name: "home/gone/.profile", body: "p"},
	)
	top := layerTar(t,
		file{name: "etc/.wh.a"},                          // one file deleted
		file{name: "opt/dir/.wh..wh..opq"},               // the directory emptied…
		file{name: "opt/dir/z", body: "z"},               // …and refilled in the same layer
		file{name: "var/keep", body: "new", mode: 0o644}, // replaced: the upper entry wins
		file{name: "srv/tree", typ: tar.TypeSymlink, link: "/elsewhere"},
		file{name: "home/.wh.gone"},
		file{name: "new/.wh.never-there"}, // deleting what no layer holds is harmless
	)
	for _, compress := range []bool{false, true} {
		b, tp := base, top
		if compress {
			b, tp = gzipped(t, base), gzipped(t, top)
		}
		w, doc := walkBlobs(t, Limits{}, b, tp)
		want := []string{"/etc", "/etc/b", "/opt/dir/z", "/srv/tree", "/var/keep"}
		if got := paths(w); !slices.Equal(got, want) {
			t.Errorf("compressed %v: final file system %v, want %v", compress, got, want)
		}
		if len(doc["setuid"].([]any)) != 0 {
			t.Errorf("/var/keep is the upper layer's: setuid %v", doc["setuid"])
		}
		if doc["complete"] != true || doc["walked"] != true || doc["files"] != 3 || doc["bytes"] != 5 {
			t.Errorf("document %v", doc)
		}
	}
}

func TestWalkSameLayerTwice(t *testing.T) {
	w, doc := walkBlobs(t, Limits{}, layerTar(t,
		file{name: "app/.env", body: "GITHUB_TOKEN=" + secretstest.GitHubToken("ghp_", strings.Repeat("a1B2", 7)+"zz") + "\n"},
		file{name: "app/.env", body: "nothing here\n"},
	))
	if len(doc["secrets"].([]any)) != 0 || doc["files"] != 1 || doc["bytes"] != 13 || !slices.Equal(paths(w), []string{"/app/.env"}) {
		t.Errorf("the later entry of one layer wins: %v", doc)
	}
}

func TestWalkFacts(t *testing.T) {
	token := secretstest.GitHubToken("ghp_", strings.Repeat("Zq9x", 7)+"Ab")
	big := strings.Repeat("plain text line\n", 70_000) // past MaxScanSize, and text
	layer := layerTar(t,
		file{name: "usr/bin/passwd", mode: 0o4755, body: "\x7fELF"},
		file{name: "usr/bin/chage", mode: 0o2755, gid: 42, body: "\x7fELF"},
		file{name: "usr/bin/ok", mode: 0o755, body: "\x7fELF"},
		file{name: "tmp/", typ: tar.TypeDir, mode: 0o1777},
		file{name: "opt/app/cache/", typ: tar.TypeDir, mode: 0o777},
		file{name: "opt/app/log", mode: 0o666, body: "x"},
		file{name: "opt/app/link", typ: tar.TypeSymlink, mode: 0o777, link: "log"},
		file{name: "var/cache/apt/archives/curl.deb", body: strings.Repeat("d", 100)},
		file{name: "var/cache/apt/archives/lock"},
		file{name: "var/lib/apt/lists/", typ: tar.TypeDir},
		file{name: "home/app/.cache/pip/wheels/x.whl", body: strings.Repeat("w", 10)},
		file{name: "bin/sh", typ: tar.TypeSymlink, link: "dash"},
		file{name: "bin/dash", mode: 0o755, body: "\x7fELF"},
		file{name: "usr/share/doc/bash", body: "not a shell: not on the PATH"},
		file{name: "usr/sbin/sshd", mode: 0o755, body: "\x7fELF"},
		file{name: "usr/lib/os-release", body: "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"},
		file{name: "etc/os-release", typ: tar.TypeSymlink, link: "../usr/lib/os-release"},
		file{name: "app/.env", body: "# settings\nDEBUG=0\nGITHUB_TOKEN=" + token + "\n"},
		file{name: "data/big.txt", body: big},
		file{name: "data/big.bin", body: "\x00" + big},
	)
	_, doc := walkBlobs(t, Limits{}, gzipped(t, layer))
	check := func(key string, want any) {
		t.Helper()
		if got := doc[key]; !equalJSON(got, want) {
			t.Errorf("%s = %v, want %v", key, got, want)
		}
	}
	check("setuid", []any{map[string]any{"path": "/usr/bin/passwd", "mode": "4755", "uid": 0}})
	check("setgid", []any{map[string]any{"path": "/usr/bin/chage", "mode": "2755", "gid": 42}})
	check("world_writable", []any{
		map[string]any{"path": "/opt/app/cache", "type": "dir"},
		map[string]any{"path": "/opt/app/log", "type": "file"},
	})
	check("package_caches", []any{
		map[string]any{"path": "/home/app/.cache/pip", "manager": "pip", "bytes": 10},
		map[string]any{"path": "/var/cache/apt/archives", "manager": "apt", "bytes": 100},
	})
	check("shells", []any{"/bin/dash", "/bin/sh"})
	check("ssh_servers", []any{"/usr/sbin/sshd"})
	check("os_release", map[string]any{"id": "debian", "version_id": "12", "pretty_name": "Debian GNU/Linux 12 (bookworm)"})
	check("secrets_skipped", []any{map[string]any{"path": "/data/big.txt"}})
	found := doc["secrets"].([]any)
	if len(found) != 1 {
		t.Fatalf("secrets %v", found)
	}
	s := found[0].(map[string]any)
	if s["path"] != "/app/.env" || s["line"] != 3 || s["rule"] != "github-pat" || s["context"] != "code" || s["fingerprint"] == "" {
		t.Errorf("secret %v", s)
	}
	if strings.Contains(toJSON(doc), token) {
		t.Error("the token is in the document")
	}
}

// TestWalkHostile: each hostile layer gives a bounded, clear result.
func TestWalkHostile(t *testing.T) {
	t.Run("path traversal", func(t *testing.T) {
		w, doc := walkBlobs(t, Limits{}, layerTar(t,
			file{name: "../../../etc/evil", body: "e", mode: 0o4755},
			file{name: "/abs/file", body: "a"},
			file{name: "./a/../../../b", body: "b"},
			file{name: "..", typ: tar.TypeDir},
		))
		if got, want := paths(w), []string{"/abs/file", "/b", "/etc/evil"}; !slices.Equal(got, want) {
			t.Errorf("cleaned to the root: %v, want %v", got, want)
		}
		if doc["complete"] != true || doc["setuid"].([]any)[0].(map[string]any)["path"] != "/etc/evil" {
			t.Errorf("document %v", doc)
		}
	})
	t.Run("symlinks out of the root", func(t *testing.T) {
		w, doc := walkBlobs(t, Limits{}, layerTar(t,
			file{name: "abs", typ: tar.TypeSymlink, link: "/etc/shadow"},
			file{name: "rel", typ: tar.TypeSymlink, link: "../../../../../etc/shadow"},
			file{name: "usr/lib/os-release", body: "ID=alpine\n"},
			file{name: "etc/os-release", typ: tar.TypeSymlink, link: "../../../../../usr/lib/os-release"},
			file{name: "loop/a", typ: tar.TypeSymlink, link: "b"},
			file{name: "loop/b", typ: tar.TypeSymlink, link: "a"},
		))
		if w.symlinks["/rel"] != "../../../../../etc/shadow" {
			t.Errorf("the link is recorded as written: %q", w.symlinks["/rel"])
		}
		if rel, _ := doc["os_release"].(map[string]any); rel["id"] != "alpine" {
			t.Errorf("os-release through a .. symlink resolves inside the root: %v", doc["os_release"])
		}
		if _, ok := w.resolve("/loop/a"); ok {
			t.Error("a symlink loop resolved")
		}
	})
	t.Run("symlink loop at os-release", func(t *testing.T) {
		_, doc := walkBlobs(t, Limits{}, layerTar(t,
			file{name: "etc/os-release", typ: tar.TypeSymlink, link: "os-release"},
		))
		if doc["os_release"] != nil || doc["complete"] != true {
			t.Errorf("document %v", doc)
		}
	})
	t.Run("hard link to outside", func(t *testing.T) {
		w, doc := walkBlobs(t, Limits{}, layerTar(t,
			file{name: "steal", typ: tar.TypeLink, link: "../../../../etc/shadow", mode: 0o4755},
		))
		if got := paths(w); !slices.Equal(got, []string{"/steal"}) {
			t.Errorf("a hard link is a file of its own, its target never followed: %v", got)
		}
		if doc["files"] != 1 || doc["bytes"] != 0 || len(doc["setuid"].([]any)) != 1 {
			t.Errorf("document %v", doc)
		}
	})
	t.Run("decompression bomb", func(t *testing.T) {
		b := bomb(t, 1<<30)
		w, doc := walkBlobs(t, Limits{}, b)
		if doc["complete"] != false || doc["walked"] != true || !strings.Contains(doc["reason"].(string), "decompression bomb") {
			t.Errorf("%d bytes: document %v", len(b), doc)
		}
		if w.read.Load() > 2*ratioFloor {
			t.Errorf("%d bytes read before the bomb was seen", w.read.Load())
		}
	})
	t.Run("too many bytes", func(t *testing.T) {
		_, doc := walkBlobs(t, Limits{MaxBytes: 1 << 20}, layerTar(t, file{name: "f", body: strings.Repeat("x", 2<<20)}))
		if doc["complete"] != false || doc["reason"] != "more than 1048576 bytes in the image's layers uncompressed" {
			t.Errorf("document %v", doc)
		}
	})
	t.Run("a long path", func(t *testing.T) {
		_, doc := walkBlobs(t, Limits{}, layerTar(t, file{name: strings.Repeat("d/", 3000) + "f", body: "x"}))
		if doc["complete"] != false || doc["reason"] != "a path longer than 4096 bytes" {
			t.Errorf("document %v", doc)
		}
	})
	t.Run("a million tiny entries", func(t *testing.T) {
		// A lower bound than the default keeps the test fast under the
		// race detector; the generator stops where the walk does.
		const bound = 50_000
		w := newWalker(context.Background(), 1, Limits{MaxEntries: bound}, testScanner())
		reason, err := w.run([]layerSource{{digest: "sha256:many", open: func() (io.ReadCloser, error) { return manyEntries(t, 1_000_000), nil }}})
		if err != nil {
			t.Fatal(err)
		}
		if reason != "more than 50000 entries in the image's layers" || len(w.seen) != bound || w.entries.Load() != bound+1 {
			t.Errorf("reason %q with %d files, %d entries read", reason, len(w.seen), w.entries.Load())
		}
	})
	t.Run("long names", func(t *testing.T) {
		// Names of 4000 bytes: what the walk holds of them is bounded by
		// their bytes, whatever their count.
		const bound = 1 << 20
		w := newWalker(context.Background(), 1, Limits{MaxPathBytes: bound}, testScanner())
		reason, err := w.run([]layerSource{{digest: "sha256:long", open: func() (io.ReadCloser, error) { return longNames(t, 10_000, 4000), nil }}})
		if err != nil {
			t.Fatal(err)
		}
		if reason != "more than 1048576 bytes of paths in the image's layers" || len(w.seen) != bound/4000 {
			t.Errorf("reason %q with %d paths", reason, len(w.seen))
		}
	})
	t.Run("a huge sparse file", func(t *testing.T) {
		const size = 10 << 30
		start := time.Now()
		w, doc := walkBlobs(t, Limits{}, gzipped(t, sparseTar(t, "var/log/lastlog", size)))
		if doc["complete"] != true || doc["bytes"] != size || w.read.Load() > 1<<20 {
			t.Errorf("document %v, %d bytes read", doc, w.read.Load())
		}
		if len(doc["secrets_skipped"].([]any)) != 0 {
			t.Errorf("zeros are not text: %v", doc["secrets_skipped"])
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("a sparse file took %v", d)
		}
	})
	t.Run("list cut", func(t *testing.T) {
		var fs []file
		for _, i := range []int{3, 0, 4, 2, 1} {
			fs = append(fs, file{name: "bin/s" + strconv.Itoa(i), mode: 0o4755, body: "x"})
		}
		_, doc := walkBlobs(t, Limits{MaxListed: 3}, layerTar(t, fs...))
		var kept []string
		for _, e := range doc["setuid"].([]any) {
			kept = append(kept, e.(map[string]any)["path"].(string))
		}
		if !slices.Equal(kept, []string{"/bin/s0", "/bin/s1", "/bin/s2"}) || doc["complete"] != false || doc["reason"] != "more than 3 setuid entries (the list is cut)" {
			t.Errorf("the first 3 by path are kept: %v", doc)
		}
	})
}

func TestWalkErrors(t *testing.T) {
	good := gzipped(t, layerTar(t, file{name: "a", body: strings.Repeat("x", 10000)}))
	for name, b := range map[string][]byte{
		"truncated gzip": good[:len(good)/2],
		"corrupt gzip":   append([]byte{0x1f, 0x8b, 8, 0}, bytes.Repeat([]byte{0xff}, 100)...),
		"truncated tar":  layerTar(t, file{name: "a", body: strings.Repeat("x", 10000)})[:2048],
	} {
		w := newWalker(context.Background(), 1, Limits{}, nil)
		if _, err := w.run([]layerSource{blob(b)}); err == nil || !strings.Contains(err.Error(), "layer sha256:test") {
			t.Errorf("%s: %v", name, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := walk(ctx, []layerSource{blob(good)}, Limits{}, nil); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}

func TestWalkZstd(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := zstd.NewWriter(&buf)
	zw.Write(layerTar(t, file{name: "usr/bin/su", mode: 0o4755, body: "x"}))
	zw.Close()
	_, doc := walkBlobs(t, Limits{}, buf.Bytes())
	if len(doc["setuid"].([]any)) != 1 || doc["complete"] != true {
		t.Errorf("document %v", doc)
	}
}

// manyEntries streams a tar of n empty files, made block by block as it
// is read: the test never holds it.
func manyEntries(t testing.TB, n int) io.ReadCloser {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	if err := tw.WriteHeader(&tar.Header{Name: "x", Typeflag: tar.TypeReg, Mode: 0o644, Format: tar.FormatUSTAR}); err != nil {
		t.Fatal(err)
	}
	m := &many{n: n}
	copy(m.tmpl[:], buf.Bytes())
	clear(m.tmpl[:100])               // the name, set per entry
	copy(m.tmpl[148:156], "        ") // the checksum, counted as spaces
	for _, c := range m.tmpl {
		m.sum += int(c)
	}
	return io.NopCloser(m)
}

// longNames streams a tar of n empty files whose names are size bytes.
func longNames(t testing.TB, n, size int) io.ReadCloser {
	t.Helper()
	pr, pw := io.Pipe()
	go func() {
		tw := tar.NewWriter(pw)
		pad := strings.Repeat("x", size-13)
		for i := range n {
			if err := tw.WriteHeader(&tar.Header{Name: fmt.Sprintf("%s/%012d", pad, i), Typeflag: tar.TypeReg, Mode: 0o644}); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(tw.Close())
	}()
	return pr
}

type many struct {
	n, i int
	tmpl [512]byte
	sum  int
	out  []byte
	done bool
}

func (m *many) Read(p []byte) (int, error) {
	for len(m.out) == 0 {
		if m.done {
			return 0, io.EOF
		}
		if m.i == m.n {
			m.out, m.done = make([]byte, 1024), true // the end-of-archive blocks
			break
		}
		for ; m.i < m.n && len(m.out) < 256<<10; m.i++ {
			blk := m.tmpl
			name := "f/" + strconv.Itoa(m.i)
			copy(blk[:], name)
			sum := m.sum
			for _, c := range []byte(name) {
				sum += int(c)
			}
			copy(blk[148:156], fmt.Sprintf("%06o\x00 ", sum))
			m.out = append(m.out, blk[:]...)
		}
	}
	n := copy(p, m.out)
	m.out = m.out[n:]
	return n, nil
}

// bomb is a gzip layer of one file of size zeros, made of gzip members
// that each hold a mebibyte: cheap to make, and as dense as a real bomb.
func bomb(t testing.TB, size int64) []byte {
	t.Helper()
	var hdr bytes.Buffer
	tw := tar.NewWriter(&hdr)
	if err := tw.WriteHeader(&tar.Header{Name: "zeros", Size: size, Mode: 0o644, Typeflag: tar.TypeReg}); err != nil {
		t.Fatal(err)
	}
	out := gzipped(t, hdr.Bytes())
	zeros := gzipped(t, make([]byte, 1<<20))
	for range size >> 20 {
		out = append(out, zeros...)
	}
	return out
}

// sparseTar is a tar holding one GNU sparse file (PAX format 1.0, as GNU
// tar writes it) of size bytes, all hole but its last byte. Go's writer
// writes no sparse files, so the PAX header is a regular entry retyped.
func sparseTar(t testing.TB, name string, size int64) []byte {
	t.Helper()
	var records strings.Builder
	for _, kv := range [][2]string{{"GNU.sparse.major", "1"}, {"GNU.sparse.minor", "0"},
		{"GNU.sparse.name", name}, {"GNU.sparse.realsize", strconv.FormatInt(size, 10)}} {
		rec := " " + kv[0] + "=" + kv[1] + "\n"
		n := len(rec) + 2
		if len(strconv.Itoa(n)+rec) != n {
			n++
		}
		records.WriteString(strconv.Itoa(n) + rec)
	}
	sparseMap := "1\n" + strconv.FormatInt(size-1, 10) + "\n1\n"
	body := sparseMap + strings.Repeat("\x00", 512-len(sparseMap)) + "\x01"
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, h := range []struct{ name, body string }{{"PaxHeaders/" + name, records.String()}, {"GNUSparseFile.0/" + name, body}} {
		if err := tw.WriteHeader(&tar.Header{Name: h.name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(h.body)), Format: tar.FormatUSTAR}); err != nil {
			t.Fatal(err)
		}
		io.WriteString(tw, h.body)
	}
	tw.Close()
	b := buf.Bytes()
	b[156] = tar.TypeXHeader
	copy(b[148:156], "        ")
	sum := 0
	for _, c := range b[:512] {
		sum += int(c)
	}
	copy(b[148:156], fmt.Sprintf("%06o\x00 ", sum))
	return b
}

func TestBiggestFirst(t *testing.T) {
	layers := []layerSource{{size: 10}, {size: 300}, {size: 50}, {size: 10}}
	if got, want := biggestFirst(layers), []int{1, 2, 3, 0}; !slices.Equal(got, want) {
		t.Errorf("read order %v, want %v (the biggest first, ties from the top)", got, want)
	}
}
