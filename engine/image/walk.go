package image

import (
	"archive/tar"
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"compress/gzip"

	"github.com/klauspost/compress/zstd"
	"github.com/paved-dev/paved/engine/secrets"
)

// Limits bound the filesystem walk of one image. Each bound that cuts a
// walk short is named in the document's reason, with complete false.
type Limits struct {
	// MaxEntries bounds the tar entries read over all layers, whiteouts
	// and entries a later layer replaces included.
	MaxEntries int
	// MaxBytes bounds the uncompressed bytes read over all layers.
	MaxBytes int64
	// MaxScanSize is the largest file scanned for secrets; a bigger text
	// file is listed in secrets_skipped.
	MaxScanSize int64
	// MaxPathLength bounds an entry's name and link target, in bytes.
	MaxPathLength int
	// MaxPathBytes bounds the bytes of entry names and link targets read
	// over all layers: the walk holds every entry's path until the layers
	// are merged, so with MaxEntries it bounds the walk's memory.
	MaxPathBytes int64
	// MaxRatio bounds a layer's uncompressed bytes per compressed byte
	// once it has produced ratioFloor bytes: a decompression bomb.
	MaxRatio int
	// MaxListed bounds each list of the document (setuid, world_writable,
	// secrets…).
	MaxListed int
}

// Default limits. Real images hold thousands to tens of thousands of files
// (a full Debian system with developer tools about a hundred thousand),
// with paths of 60 to 80 bytes on average, and few layers expand more than
// tenfold. The entry and path bounds keep the walk's memory at the bound
// within the budget for a whole check.
const (
	DefaultMaxEntries    = 250_000
	DefaultMaxBytes      = 8 << 30
	DefaultMaxScanSize   = 1 << 20
	DefaultMaxPathLength = 4096
	DefaultMaxPathBytes  = 20 << 20
	DefaultMaxRatio      = 100
	DefaultMaxListed     = 10_000
)

// ratioFloor is how much a layer may expand to before its ratio counts: a
// small layer of zeros is no bomb.
const ratioFloor = 16 << 20

// maxZstdWindow bounds the memory a zstd layer may ask the decoder for.
const maxZstdWindow = 32 << 20

// osReleaseFiles bounds the os-release candidates kept, and maxOSRelease
// the size of one.
const (
	osReleaseFiles = 16
	maxOSRelease   = 64 << 10
)

// binarySniff is how much of a file too big to scan is read to tell text
// from binary, as git (and the secret scanner) do.
const binarySniff = 8000

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxScanSize <= 0 {
		l.MaxScanSize = DefaultMaxScanSize
	}
	l.MaxScanSize = max(l.MaxScanSize, binarySniff)
	if l.MaxPathLength <= 0 {
		l.MaxPathLength = DefaultMaxPathLength
	}
	if l.MaxPathBytes <= 0 {
		l.MaxPathBytes = DefaultMaxPathBytes
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultMaxRatio
	}
	if l.MaxListed <= 0 {
		l.MaxListed = DefaultMaxListed
	}
	return l
}

// layerSource is one layer to walk: its blob, gzip, zstd or a plain tar.
type layerSource struct {
	digest string
	size   int64 // the blob's size as the manifest gives it, to read big layers first
	open   func() (io.ReadCloser, error)
}

// boundError is a limit reached: the walk stops, incomplete, with reason.
type boundError struct{ reason string }

func (e *boundError) Error() string { return e.reason }

func bound(format string, args ...any) error {
	return &boundError{reason: fmt.Sprintf(format, args...)}
}

// marks are the whiteouts of a path, as 1 + the layer that holds them (0:
// none): a whiteout hides what layers below its own hold.
type marks struct{ deleted, opaque int32 }

// maxReaders bounds the layers read at once: each holds a decompressor, a
// read-ahead and a file buffer.
const maxReaders = 4

// walker reads an image's layers side by side, each streamed once into
// records of its entries (metadata, and what its content showed), then
// merges the records from the top layer down, each layer's last entry
// first: the first entry seen at a path is the one the final file system
// holds, and whiteouts hide what the layers below hold. What the final
// file system's entries show is added up as they are merged; of each path
// only the path is kept, to tell what lower layers it hides. No layer is
// written out or held.
type walker struct {
	ctx     context.Context
	lim     Limits
	scanner *secrets.Scanner
	top     int // the top layer's index
	readers int

	// Counted over every layer, against the limits.
	entries   atomic.Int64 // tar entries read
	pathBytes atomic.Int64 // bytes of their names and link targets
	read      atomic.Int64 // uncompressed bytes read

	// The final file system, merged.
	seen      map[string]seen   // every path it holds
	symlinks  map[string]string // their targets as written
	marks     map[string]marks
	osRelease map[string][]byte
	tally     tally
}

// seen is a path of the final file system: the layer that holds it, and
// whether it is a directory (what a lower layer's entry below it needs).
type seen struct {
	layer int32
	dir   bool
}

// record is one tar entry of a layer as read: an entry, or a whiteout.
// Records are kept for every entry until they are merged, so they are
// small, and what few entries have is behind a pointer.
type record struct {
	path     string
	extra    *recordExtra
	size     int64
	uid      uint32 // Linux ids are 32 bits: a header's bigger one is clamped
	gid      uint32
	mode     uint16 // permissions with the setuid, setgid and sticky bits
	typ      byte   // tar.TypeReg, TypeDir, TypeSymlink, TypeLink, or another typeflag
	whiteout byte   // 0: an entry; 'd': deletes path; 'o': makes directory path opaque
	skipped  bool   // a text file too big to scan
}

// recordExtra is what few entries have: a symlink's target, or what a
// file's content showed. Symlinks may be many, so theirs is small.
type recordExtra struct {
	link    string
	content *contentFacts
}

type contentFacts struct {
	found     []secrets.Finding
	osRelease []byte
}

// recordBlock is how many records a block holds: a layer's records grow by
// blocks, never copied.
const recordBlock = 4096

// walk reads the final file system of layers (base first) and returns its
// facts. A limit reached is an incomplete result, not an error; a layer
// that cannot be read is an error.
func walk(ctx context.Context, layers []layerSource, lim Limits, sc *secrets.Scanner) (*fileSystem, error) {
	w := newWalker(ctx, len(layers), lim, sc)
	reason, err := w.run(layers)
	if err != nil {
		return nil, err
	}
	return w.facts(reason), nil
}

func newWalker(ctx context.Context, layers int, lim Limits, sc *secrets.Scanner) *walker {
	w := &walker{
		ctx: ctx, lim: lim.withDefaults(), scanner: sc, top: layers - 1,
		readers: max(1, min(runtime.GOMAXPROCS(0), maxReaders, layers)),
		seen:    map[string]seen{}, symlinks: map[string]string{}, marks: map[string]marks{},
		osRelease: map[string][]byte{},
	}
	w.tally = newTally(w.lim.MaxListed)
	return w
}

// run reads the layers and merges them; reason is the bound that cut the
// walk short, if one did. A bound reached, or an error, in one layer stops
// the others.
func (w *walker) run(layers []layerSource) (reason string, err error) {
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	recs := make([][][]record, len(layers))
	errs := make([]error, len(layers))
	next := make(chan int)
	var wg sync.WaitGroup
	for range w.readers {
		wg.Go(func() {
			buf := make([]byte, w.lim.MaxScanSize)
			for i := range next {
				if recs[i], errs[i] = w.layer(ctx, i, layers[i], buf); errs[i] != nil {
					cancel()
				}
			}
		})
	}
feed:
	for _, i := range biggestFirst(layers) {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := w.ctx.Err(); err != nil {
		return "", err
	}
	for i := len(layers) - 1; i >= 0; i-- {
		var b *boundError
		switch err := errs[i]; {
		case err == nil:
		case errors.As(err, &b):
			reason = cmp.Or(reason, b.reason)
		case errors.Is(err, context.Canceled):
			// Stopped by another layer's bound or error.
		default:
			return "", fmt.Errorf("layer %s: %w", layers[i].digest, err)
		}
	}
	for i := len(layers) - 1; i >= 0; i-- {
		for b := len(recs[i]) - 1; b >= 0; b-- {
			block := recs[i][b]
			for k := len(block) - 1; k >= 0; k-- {
				w.merge(i, &block[k])
			}
			recs[i][b] = nil // merged: what the file system needs of it is kept
		}
		recs[i] = nil
	}
	return reason, nil
}

// biggestFirst orders the layers to read, the biggest first: a base layer
// holds most of an image, and read last it would be read alone while the
// other readers have nothing left to do. Layers of one size go top first.
func biggestFirst(layers []layerSource) []int {
	order := make([]int, len(layers))
	for i := range order {
		order[i] = len(layers) - 1 - i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(layers[b].size, layers[a].size) })
	return order
}

// layer reads one layer into records; on an error, those read before it.
func (w *walker) layer(ctx context.Context, i int, src layerSource, buf []byte) ([][]record, error) {
	rc, err := src.open()
	if err != nil {
		return nil, err
	}
	raw := &counter{r: rc}
	body, closeBody, err := decompress(raw)
	if err != nil {
		rc.Close()
		return nil, err
	}
	// Decompression (and the registry's digest check below it) runs beside
	// the tar reader and the secret scanner, a few chunks ahead.
	ahead := readAhead(body)
	defer func() {
		ahead.stop(rc.Close)
		closeBody()
	}()
	lr := &layerReader{w: w, buf: buf}
	tr := tar.NewReader(&meter{ctx: ctx, r: ahead, w: w, raw: raw, digest: src.digest})
	for {
		hdr, err := tr.Next()
		switch {
		case errors.Is(err, io.EOF):
			return lr.recs, nil
		case errors.Is(err, tar.ErrInsecurePath) && hdr != nil:
			// GODEBUG=tarinsecurepath=0: the path is cleaned to the root below.
		case err != nil:
			return lr.recs, err
		}
		if err := lr.entry(hdr, tr); err != nil {
			return lr.recs, err
		}
	}
}

// decompress reads a layer blob by its magic number, not its media type:
// registries and archives label layers loosely.
func decompress(r io.Reader) (io.Reader, func(), error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip: %w", err)
		}
		return zr, func() { zr.Close() }, nil
	case bytes.Equal(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(maxZstdWindow))
		if err != nil {
			return nil, nil, fmt.Errorf("zstd: %w", err)
		}
		return zr, zr.Close, nil
	}
	return br, func() {}, nil
}

// counter counts the compressed bytes of a layer; the read-ahead
// goroutine counts, the meter reads.
type counter struct {
	r io.Reader
	n atomic.Int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// Read-ahead: aheadChunks chunks of aheadSize bytes, the most a layer is
// decompressed ahead of the walk.
const (
	aheadChunks = 4
	aheadSize   = 256 << 10
)

// ahead reads r on its own goroutine into a few reused chunks.
type ahead struct {
	full     chan chunk
	free     chan []byte
	quit     chan struct{}
	done     chan struct{}
	cur, buf []byte
	err      error
}

type chunk struct {
	b   []byte
	err error
}

func readAhead(r io.Reader) *ahead {
	a := &ahead{full: make(chan chunk, aheadChunks), free: make(chan []byte, aheadChunks),
		quit: make(chan struct{}), done: make(chan struct{})}
	for range aheadChunks {
		a.free <- make([]byte, aheadSize)
	}
	go func() {
		defer close(a.done)
		for {
			var buf []byte
			select {
			case buf = <-a.free:
			case <-a.quit:
				return
			}
			n, err := 0, error(nil)
			for n < len(buf) && err == nil {
				var k int
				k, err = r.Read(buf[n:])
				n += k
			}
			select {
			case a.full <- chunk{buf[:n], err}:
			case <-a.quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return a
}

func (a *ahead) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.err != nil {
			return 0, a.err
		}
		if a.buf != nil {
			a.free <- a.buf[:cap(a.buf)]
		}
		c := <-a.full
		a.cur, a.buf, a.err = c.b, c.b, c.err
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// stop ends the goroutine: unblock (closing the blob) frees it from a
// read that would not return.
func (a *ahead) stop(unblock func() error) {
	close(a.quit)
	unblock()
	<-a.done
}

// meter counts a layer's uncompressed bytes against the image's limits, as
// they are read: a bound holds inside one huge entry too.
type meter struct {
	ctx    context.Context
	r      io.Reader
	w      *walker
	raw    *counter
	digest string
	out    int64
}

func (m *meter) Read(p []byte) (int, error) {
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := m.r.Read(p)
	m.out += int64(n)
	switch {
	case m.w.read.Add(int64(n)) > m.w.lim.MaxBytes:
		return n, bound("more than %d bytes in the image's layers uncompressed", m.w.lim.MaxBytes)
	case m.out > ratioFloor && m.out > int64(m.w.lim.MaxRatio)*m.raw.n.Load():
		return n, bound("layer %s expands more than %d times its compressed size (a decompression bomb)", m.digest, m.w.lim.MaxRatio)
	}
	return n, err
}

// clean places a tar path in the image root: "..", absolute paths and
// "./" prefixes cannot lead out of it.
func clean(name string) string { return path.Clean("/" + name) }

const (
	opaqueMarker   = ".wh..wh..opq"
	whiteoutPrefix = ".wh."
)

// layerReader turns one layer's tar entries into records.
type layerReader struct {
	w         *walker
	buf       []byte
	recs      [][]record
	osRelease int
}

func (r *layerReader) add(rec record) {
	if n := len(r.recs); n == 0 || len(r.recs[n-1]) == recordBlock {
		r.recs = append(r.recs, make([]record, 0, recordBlock))
	}
	last := &r.recs[len(r.recs)-1]
	*last = append(*last, rec)
}

func (r *layerReader) entry(hdr *tar.Header, tr *tar.Reader) error {
	lim := r.w.lim
	if r.w.entries.Add(1) > int64(lim.MaxEntries) {
		return bound("more than %d entries in the image's layers", lim.MaxEntries)
	}
	if len(hdr.Name) > lim.MaxPathLength || len(hdr.Linkname) > lim.MaxPathLength {
		return bound("a path longer than %d bytes", lim.MaxPathLength)
	}
	if r.w.pathBytes.Add(int64(len(hdr.Name)+len(hdr.Linkname))) > lim.MaxPathBytes {
		return bound("more than %d bytes of paths in the image's layers", lim.MaxPathBytes)
	}
	if hdr.Typeflag == tar.TypeXGlobalHeader {
		return nil
	}
	p := clean(hdr.Name)
	if p == "/" {
		return nil
	}
	dir, base := path.Split(p)
	switch {
	case base == opaqueMarker:
		r.add(record{path: clean(dir), whiteout: 'o'})
		return nil
	case strings.HasPrefix(base, whiteoutPrefix):
		r.add(record{path: path.Join(dir, base[len(whiteoutPrefix):]), whiteout: 'd'})
		return nil
	}
	rec := record{path: p, typ: hdr.Typeflag, mode: uint16(hdr.Mode & 0o7777), uid: id32(hdr.Uid), gid: id32(hdr.Gid)}
	switch hdr.Typeflag {
	case tar.TypeReg, tar.TypeRegA, tar.TypeGNUSparse, tar.TypeCont:
		rec.typ, rec.size = tar.TypeReg, hdr.Size
	case tar.TypeSymlink:
		rec.extra = &recordExtra{link: hdr.Linkname}
	}
	if rec.typ == tar.TypeReg && rec.size > 0 {
		if err := r.content(&rec, tr); err != nil {
			return err
		}
	}
	r.add(rec)
	return nil
}

// id32 clamps a tar header's user or group id to Linux's 32 bits.
func id32(id int) uint32 { return uint32(min(max(id, 0), math.MaxUint32)) }

// content reads a regular file: scanned for secrets when within
// MaxScanSize, otherwise sniffed and, when text, marked as not scanned.
// Only what is needed is read; tar skips the rest. Files a layer above
// replaces are read too, as layers are read side by side; the merge
// drops what they showed.
func (r *layerReader) content(rec *record, tr *tar.Reader) error {
	size := rec.size
	if size > r.w.lim.MaxScanSize {
		n, err := io.ReadFull(tr, r.buf[:binarySniff])
		if err != nil {
			return err
		}
		rec.skipped = bytes.IndexByte(r.buf[:n], 0) < 0
		return nil
	}
	b := r.buf[:size]
	if _, err := io.ReadFull(tr, b); err != nil {
		return err
	}
	var c contentFacts
	if path.Base(rec.path) == "os-release" && size <= maxOSRelease && r.osRelease < osReleaseFiles {
		c.osRelease = bytes.Clone(b)
		r.osRelease++
	}
	if r.w.scanner != nil {
		c.found = r.w.scanner.Scan(rec.path[1:], b)
	}
	if c.osRelease != nil || len(c.found) > 0 {
		rec.extra = &recordExtra{content: &c}
	}
	return nil
}

// merge adds layer i's record to the final file system, the layers above
// it, and the entries after it in its own layer, merged already.
func (w *walker) merge(i int, r *record) {
	switch {
	case r.whiteout != 0:
		w.mark(r.path, i, r.whiteout == 'o')
		return
	case w.hidden(r.path, i):
		return
	}
	p := r.path
	w.seen[p] = seen{layer: int32(i), dir: r.typ == tar.TypeDir}
	w.tally.add(p, r)
	if x := r.extra; x != nil {
		if r.typ == tar.TypeSymlink {
			w.symlinks[p] = x.link
		}
		if c := x.content; c != nil && c.osRelease != nil && len(w.osRelease) < osReleaseFiles {
			w.osRelease[p] = c.osRelease
		}
	}
}

// mark records a whiteout in layer i; the highest layer's is kept, which
// is the first seen.
func (w *walker) mark(p string, i int, opaque bool) {
	m := w.marks[p]
	switch {
	case opaque && m.opaque == 0:
		m.opaque = int32(i + 1)
	case !opaque && m.deleted == 0:
		m.deleted = int32(i + 1)
	}
	w.marks[p] = m
}

// hidden reports whether p is already in the final file system (from a
// layer above i, or later in layer i), or a layer above i deleted it or
// one of its directories, made a directory above it opaque, or put a
// non-directory where one of its directories is.
func (w *walker) hidden(p string, i int) bool {
	above := int32(i + 1) // marks store layer+1: a mark hides layer i when it is greater
	if _, ok := w.seen[p]; ok {
		return true
	}
	if m, ok := w.marks[p]; ok && m.deleted > above {
		return true
	}
	if i == w.top {
		return false // nothing above it
	}
	for a := p; a != "/"; {
		a = path.Dir(a)
		if m, ok := w.marks[a]; ok && (m.deleted > above || m.opaque > above) {
			return true
		}
		if s, ok := w.seen[a]; ok && int(s.layer) > i && !s.dir {
			return true
		}
	}
	return false
}
