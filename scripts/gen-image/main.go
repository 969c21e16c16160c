// Command gen-image writes an OCI image layout for scripts/bench.sh: an
// image of about -size MB of gzip layers made of this machine's own files
// (a deterministic sample of -src, /usr by default: binaries, libraries,
// headers, scripts and docs, as images hold), split over -layers layers
// whose upper ones delete and replace some files of those below, as real
// images' do. The same machine gives the same image.
//
//	go run ./scripts/gen-image -o DIR [-src /usr] [-size 500] [-layers 5]
//
// With -entries N it writes instead an image of N empty files, in one
// layer or spread over -layers: the "million tiny entries" case of a
// hostile image, with short names, names as long as -src's paths
// (-real-names) or longer (-name-bytes), any mode (-mode 4777: each a
// setuid, world-writable file), or symbolic links (-symlinks).
//
//	go run ./scripts/gen-image -o DIR -entries 1000000 [-real-names] [-mode 4777]
package main

import (
	"archive/tar"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"hash"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"compress/gzip"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func main() {
	out := flag.String("o", "", "the OCI layout to write (a new or empty directory)")
	src := flag.String("src", "/usr", "the directory the files are taken from")
	size := flag.Int64("size", 500, "about how many MB of compressed layers")
	layers := flag.Int("layers", 0, "how many layers (5 for a sample, 1 for -entries)")
	entries := flag.Int("entries", 0, "write this many empty files instead, spread over -layers layers (1 unless given)")
	mode := flag.String("mode", "644", "the -entries files' mode, in octal (4777: every one setuid and world-writable)")
	realNames := flag.Bool("real-names", false, "name the -entries files as -src's paths are named (copies of its tree), not d1/f1234")
	nameBytes := flag.Int("name-bytes", 0, "pad the -entries files' names to this many bytes")
	symlinks := flag.Bool("symlinks", false, "make the -entries symbolic links (to ../target) rather than files")
	flag.Parse()
	if *out == "" || flag.NArg() != 0 || *layers < 0 {
		fmt.Fprintln(os.Stderr, "usage: gen-image -o DIR [-src DIR] [-size MB] [-layers N] | -o DIR -entries N")
		os.Exit(2)
	}
	var err error
	switch {
	case *layers == 0 && *entries > 0:
		*layers = 1
	case *layers == 0:
		*layers = 5
	}
	if *entries > 0 {
		var m int64
		if m, err = strconv.ParseInt(*mode, 8, 64); err == nil {
			err = writeMany(*out, *entries, *layers, m, *realNames, *src, *nameBytes, *symlinks)
		}
	} else {
		err = writeSample(*out, *src, *size<<20, *layers)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-image:", err)
		os.Exit(1)
	}
}

// file is one path of the sample.
type file struct {
	name string // in the image, without a leading slash
	src  string // on this machine; "" for a whiteout
	mode fs.FileMode
	link string
	size int64
}

// expectedRatio is about how much a system directory's files shrink in
// gzip: the sample is sized by it, so the image is about -size, not
// exactly.
const expectedRatio = 2.5

// layerShares split the sample in path order: a large base, smaller layers
// above it.
var layerShares = []float64{0.40, 0.25, 0.15, 0.12, 0.08}

func writeSample(dir, src string, want int64, n int) error {
	all, total, err := list(src)
	if err != nil {
		return err
	}
	if total == 0 {
		return fmt.Errorf("%s holds no files to sample", src)
	}
	// A path is in the sample when its hash says so: a spread over the whole
	// tree, the same on every run.
	keep := min(1, float64(want)*expectedRatio/float64(max(total, 1)))
	var chosen []file
	var bytes int64
	for _, f := range all {
		h := fnv.New32a()
		h.Write([]byte(f.name))
		if f.mode.IsDir() || float64(h.Sum32()%10000) < keep*10000 {
			chosen = append(chosen, f)
			if f.mode.IsRegular() {
				bytes += f.size
			}
		}
	}
	shares := layerShares
	if n != len(shares) {
		shares = make([]float64, n)
		for i := range shares {
			shares[i] = 1 / float64(n)
		}
	}
	// Split in path order by bytes; every layer repeats the directories its
	// files lie in, as image builders write them.
	split := make([][]file, n)
	var acc int64
	li := 0
	for _, f := range chosen {
		for li < n-1 && float64(acc) >= float64(bytes)*cumulative(shares, li) {
			li++
		}
		split[li] = append(split[li], f)
		if f.mode.IsRegular() {
			acc += f.size
		}
	}
	// Each layer above the base deletes one in 200 of the base's files and
	// writes one in 500 again.
	for i := 1; i < n; i++ {
		for j, f := range split[0] {
			switch {
			case !f.mode.IsRegular():
			case j%200 == i:
				split[i] = append(split[i], file{name: path.Join(path.Dir(f.name), ".wh."+path.Base(f.name))})
			case j%500 == i+100:
				split[i] = append(split[i], f)
			}
		}
	}
	for i := range split {
		split[i] = withParents(split[i])
	}
	if err := os.MkdirAll(filepath.Join(dir, "blobs", "sha256"), 0o755); err != nil {
		return err
	}
	// Layers are compressed side by side, as many as there are cores.
	blobs := make([]*blob, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	for i := range split {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			blobs[i], errs[i] = writeLayer(dir, func(tw *tar.Writer) error { return writeFiles(tw, split[i]) })
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := writeLayout(dir, blobs); err != nil {
		return err
	}
	var c, u int64
	var count int
	for i, b := range blobs {
		c += b.size
		u += b.uncompressed
		count += len(split[i])
	}
	fmt.Printf("%s: %d layers, %d entries, %d MB compressed, %d MB uncompressed (%.0f%% of %s's files)\n",
		dir, n, count, c>>20, u>>20, keep*100, src)
	return nil
}

func cumulative(shares []float64, i int) float64 {
	var s float64
	for _, x := range shares[:i+1] {
		s += x
	}
	return s
}

// list walks src in path order: directories, regular files and symlinks
// (devices, sockets and unreadable files are left out).
func list(src string) ([]file, int64, error) {
	src = filepath.Clean(src)
	var out []file
	var total int64
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		name := strings.TrimPrefix(filepath.ToSlash(p), "/")
		f := file{name: name, src: p, mode: info.Mode(), size: info.Size()}
		switch {
		case info.Mode().IsDir():
			if p == src {
				return nil
			}
		case info.Mode().IsRegular():
			if r, err := os.Open(p); err != nil {
				return nil
			} else {
				r.Close()
			}
			total += f.size
		case info.Mode()&fs.ModeSymlink != 0:
			if f.link, err = os.Readlink(p); err != nil {
				return nil
			}
		default:
			return nil
		}
		out = append(out, f)
		return nil
	})
	return out, total, err
}

// withParents puts before each path the directories above it, once.
func withParents(fs []file) []file {
	seen := map[string]bool{}
	var out []file
	var add func(d string)
	add = func(d string) {
		if d == "." || d == "/" || seen[d] {
			return
		}
		seen[d] = true
		add(path.Dir(d))
		out = append(out, file{name: d, mode: fs0755})
	}
	for _, f := range fs {
		add(path.Dir(f.name))
		if f.mode.IsDir() {
			if !seen[f.name] {
				seen[f.name] = true
				out = append(out, f)
			}
			continue
		}
		out = append(out, f)
	}
	return out
}

const fs0755 = fs.ModeDir | 0o755

var epoch = time.Unix(1_700_000_000, 0)

func writeFiles(tw *tar.Writer, files []file) error {
	for _, f := range files {
		h := &tar.Header{Name: f.name, ModTime: epoch, Mode: int64(f.mode.Perm()), Format: tar.FormatPAX}
		if f.mode&fs.ModeSetuid != 0 {
			h.Mode |= 0o4000
		}
		if f.mode&fs.ModeSetgid != 0 {
			h.Mode |= 0o2000
		}
		if f.mode&fs.ModeSticky != 0 {
			h.Mode |= 0o1000
		}
		switch {
		case f.src == "" && !f.mode.IsDir():
			h.Typeflag, h.Mode = tar.TypeReg, 0o644 // a whiteout
		case f.mode.IsDir():
			h.Typeflag, h.Name = tar.TypeDir, f.name+"/"
		case f.mode&fs.ModeSymlink != 0:
			h.Typeflag, h.Linkname = tar.TypeSymlink, f.link
		default:
			if err := copyFile(tw, h, f); err != nil {
				return err
			}
			continue
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(tw *tar.Writer, h *tar.Header, f file) error {
	r, err := os.Open(f.src)
	if err != nil {
		return err
	}
	defer r.Close()
	h.Typeflag, h.Size = tar.TypeReg, f.size
	if err := tw.WriteHeader(h); err != nil {
		return err
	}
	if _, err := io.CopyN(tw, r, f.size); err != nil {
		return fmt.Errorf("%s: %w", f.src, err)
	}
	return nil
}

func writeMany(dir string, n, layers int, mode int64, realNames bool, src string, nameBytes int, symlinks bool) error {
	if err := os.MkdirAll(filepath.Join(dir, "blobs", "sha256"), 0o755); err != nil {
		return err
	}
	name := func(i int) string { return fmt.Sprintf("d%d/f%d", i/1000, i) }
	if realNames {
		all, _, err := list(src)
		if err != nil {
			return err
		}
		if len(all) == 0 {
			return fmt.Errorf("%s holds no files to take names from", src)
		}
		// Copy i of the tree is under cI/: paths as long as the tree's own.
		name = func(i int) string { return "c" + strconv.Itoa(i/len(all)) + "/" + all[i%len(all)].name }
	}
	if nameBytes > 0 {
		short := name
		name = func(i int) string {
			n := short(i)
			return strings.Repeat("x", max(0, nameBytes-len(n)-1)) + "/" + n
		}
	}
	var blobs []*blob
	var c, u int64
	for l := range layers {
		b, err := writeLayer(dir, func(tw *tar.Writer) error {
			for i := l * n / layers; i < (l+1)*n/layers; i++ {
				h := &tar.Header{Name: name(i), Typeflag: tar.TypeReg, Mode: mode, ModTime: epoch, Format: tar.FormatPAX}
				if symlinks {
					h.Typeflag, h.Linkname = tar.TypeSymlink, "../target"
				}
				if err := tw.WriteHeader(h); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		blobs = append(blobs, b)
		c, u = c+b.size, u+b.uncompressed
	}
	if err := writeLayout(dir, blobs); err != nil {
		return err
	}
	fmt.Printf("%s: %d layers, %d entries (empty files or symlinks), %d MB compressed, %d MB uncompressed\n", dir, layers, n, c>>20, u>>20)
	return nil
}

// blob is a gzip layer written into the layout, with what its descriptor
// and the config need.
type blob struct {
	digest, diffID     v1.Hash
	size, uncompressed int64
	path               string
}

// writeLayer writes one gzip layer into the layout's blobs, hashing it
// (compressed and not) as it goes: nothing is read twice.
func writeLayer(dir string, fill func(*tar.Writer) error) (*blob, error) {
	tmp, err := os.CreateTemp(filepath.Join(dir, "blobs", "sha256"), "layer-")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return nil, err
	}
	digest, diffID := sha256.New(), sha256.New()
	compressed := &countingWriter{w: io.MultiWriter(tmp, digest)}
	zw, err := gzip.NewWriterLevel(compressed, gzip.DefaultCompression)
	if err != nil {
		return nil, err
	}
	plain := &countingWriter{w: io.MultiWriter(zw, diffID)}
	tw := tar.NewWriter(plain)
	if err := fill(tw); err != nil {
		tmp.Close()
		return nil, err
	}
	for _, c := range []io.Closer{tw, zw, tmp} {
		if err := c.Close(); err != nil {
			return nil, err
		}
	}
	b := &blob{digest: sum(digest), diffID: sum(diffID), size: compressed.n, uncompressed: plain.n}
	b.path = filepath.Join(dir, "blobs", "sha256", b.digest.Hex)
	return b, os.Rename(tmp.Name(), b.path)
}

func sum(h hash.Hash) v1.Hash {
	return v1.Hash{Algorithm: "sha256", Hex: fmt.Sprintf("%x", h.Sum(nil))}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// layer is a blob already in the layout, as go-containerregistry's layer:
// the layout's writer finds it there and does not copy it.
type layer struct{ b *blob }

func (l layer) Digest() (v1.Hash, error)            { return l.b.digest, nil }
func (l layer) DiffID() (v1.Hash, error)            { return l.b.diffID, nil }
func (l layer) Size() (int64, error)                { return l.b.size, nil }
func (l layer) MediaType() (types.MediaType, error) { return types.OCILayer, nil }
func (l layer) Compressed() (io.ReadCloser, error)  { return os.Open(l.b.path) }

func writeLayout(dir string, blobs []*blob) error {
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	var adds []mutate.Addendum
	for i, b := range blobs {
		l, err := partial.CompressedToLayer(layer{b})
		if err != nil {
			return err
		}
		adds = append(adds, mutate.Addendum{Layer: l, MediaType: types.OCILayer,
			History: v1.History{Created: v1.Time{Time: epoch}, CreatedBy: "gen-image layer " + strconv.Itoa(i)}})
	}
	img, err := mutate.Append(img, adds...)
	if err != nil {
		return err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Created = "linux", "amd64", v1.Time{Time: epoch}
	cf.Config.User = "1000"
	cf.Config.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin"}
	cf.Config.Cmd = []string{"/usr/bin/true"}
	cf.Config.Labels = map[string]string{"org.opencontainers.image.source": "https://example.com/bench"}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		return err
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	return p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": "bench"}))
}
