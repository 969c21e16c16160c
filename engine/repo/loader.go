package repo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	classifier "github.com/google/licenseclassifier/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/exclude"
	"github.com/paved-dev/paved/engine/gitindex"
	"github.com/paved-dev/paved/engine/secrets"
)

// Defaults for zero Options fields.
const (
	DefaultMaxFileSize = 1 << 20
	DefaultMaxFiles    = 200_000
)

// Options tune a Loader.
type Options struct {
	// MaxFileSize bounds each known file read for parsing; a bigger one is
	// marked too_large in the document and not read.
	MaxFileSize int64
	// MaxFiles bounds the tree listing; beyond it the walk stops with a
	// Diagnostic and tree.truncated is true.
	MaxFiles int
	// Secrets, when set, scans every text file for committed credentials
	// (document field "secrets").
	Secrets *secrets.Scanner
	// ScanSecrets, when Secrets is nil, scans with paved's built-in rules,
	// built on the first load: a run without repositories never pays for
	// compiling them.
	ScanSecrets bool
	// Exclude leaves paths out of the tree (gitignore syntax, relative to
	// the root), like a .gitignore of the scan's own.
	Exclude *exclude.Matcher
}

// Scope narrows a load to what a commit touches (paved check --staged).
// The tree is still listed whole and small known files still parsed, but
// the per-file work is done for Paths only: binary sniffing, secret
// scanning, and classifying the LICENSE (left unclassified otherwise).
type Scope struct {
	Paths map[string]bool // slash paths relative to the root
}

// Loader reads repository directories into targets. It is safe for
// concurrent use; the license classifier and the catalog-info schema are
// built once, on first need.
type Loader struct {
	opts Options

	commonOnce sync.Once
	common     *classifier.Classifier
	commonErr  error

	licenseOnce sync.Once
	license     *classifier.Classifier
	licenseErr  error

	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error

	secrets func() (*secrets.Scanner, error)
}

// New returns a Loader.
func New(opts Options) *Loader {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = DefaultMaxFiles
	}
	l := &Loader{opts: opts}
	l.secrets = func() (*secrets.Scanner, error) { return opts.Secrets, nil }
	if opts.Secrets == nil && opts.ScanSecrets {
		l.secrets = sync.OnceValues(secrets.New)
	}
	return l
}

var _ engine.Loader = (*Loader)(nil)

// file is one regular file or symlink of the tree, not ignored.
type file struct {
	rel    string
	size   int64
	mode   fs.FileMode
	link   string // symlink target
	inside bool   // symlink resolves inside the root (lexically)
	binary bool
	format string // executable format by magic: elf, pe, macho, wasm, archive
}

// load is the state of one Load call.
type load struct {
	l      *Loader
	ctx    context.Context
	fsys   fs.FS
	gitDir string // the checkout on disk, for git facts; "" for none
	prefix string
	scope  *Scope
	// scanner finds committed secrets; nil scans none.
	scanner *secrets.Scanner

	// index is the checkout's git index, read on the first gitignored
	// path (see tracked).
	index    func() *gitindex.Index
	files    []*file
	byRel    map[string]*file
	dirs     int
	top      []topEntry
	trunc    bool
	diags    engine.Diagnostics
	contents []digestPart
	mu       sync.Mutex
}

type digestPart struct {
	name string
	b    []byte
}

// Load reads the repository at dir into one target of kind "repo". Input
// problems (invalid YAML in a workflow, Dependabot, catalog-info or
// pre-commit config; a tree over MaxFiles) come back as engine.Diagnostics
// together with the target, whose document records them too.
func (l *Loader) Load(ctx context.Context, dir string) ([]*engine.Target, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("load %s: not a directory", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	defer root.Close()
	gitDir := ""
	if _, err := root.Lstat(".git"); err == nil {
		gitDir = abs
	}
	return l.LoadFS(ctx, root.FS(), filepath.ToSlash(filepath.Clean(dir)), gitDir, nil)
}

// LoadFS is Load over any tree: the disk through os.Root, or git's staging
// area. display names the root in reports; gitDir, when not "", is the
// checkout whose git facts the document records; scope, when not nil,
// narrows the per-file work to a commit's paths.
func (l *Loader) LoadFS(ctx context.Context, fsys fs.FS, display, gitDir string, scope *Scope) ([]*engine.Target, error) {
	ld := &load{l: l, ctx: ctx, fsys: fsys, gitDir: gitDir, prefix: display, scope: scope, byRel: map[string]*file{}}
	ld.index = sync.OnceValue(func() *gitindex.Index {
		if gitDir == "" {
			return nil
		}
		ix, err := gitindex.Open(gitDir)
		if errors.Is(err, git.ErrRepositoryNotExists) {
			return nil // a .git that is no repository tracks nothing
		}
		if err != nil {
			ld.diag(".", 0, fmt.Sprintf("cannot read the git index, so gitignored files git tracks are not judged: %v", err))
			return nil
		}
		return ix
	})
	t, err := ld.target()
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", display, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("load %s: %w", display, err)
	}
	return []*engine.Target{t}, ld.diags.Err()
}

// inScope reports whether per-file work applies to rel.
func (ld *load) inScope(rel string) bool {
	return ld.scope == nil || ld.scope.Paths[rel]
}

// display is a tree path as reported: the scanned directory as the user
// wrote it joined with the path relative to it.
func (ld *load) display(rel string) string {
	return path.Join(ld.prefix, rel)
}

func (ld *load) diag(rel string, line int, msg string) {
	ld.mu.Lock()
	ld.diags = append(ld.diags, engine.Diagnostic{File: ld.display(rel), Line: line, Message: msg})
	ld.mu.Unlock()
}

func (ld *load) target() (*engine.Target, error) {
	if err := ld.walk(); err != nil {
		return nil, err
	}
	ld.sniff()
	var err error
	if ld.scanner, err = ld.l.secrets(); err != nil {
		return nil, err
	}
	doc := ld.document()
	if err := ld.ctx.Err(); err != nil {
		return nil, err
	}
	t := &engine.Target{
		Kind:   Kind,
		ID:     ld.prefix,
		Path:   ld.prefix,
		Digest: ld.digest(),
		Owner:  doc["owner"].(string),
		Input:  doc,
	}
	t.Resources = append(t.Resources, engine.Resource{Type: "repo", Address: "repo"})
	for _, w := range doc["workflows"].([]any) {
		wf := w.(map[string]any)
		t.Resources = append(t.Resources, engine.Resource{Type: "workflow", Address: wf["path"].(string), File: wf["file"].(string), Line: 1})
	}
	slices.SortStableFunc(ld.diags, func(a, b engine.Diagnostic) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return t, nil
}

// walk lists the tree: .git and gitignored paths left out (unless git
// tracks them: a committed .env stays in the repository whatever
// .gitignore says), symlinks recorded and never followed.
func (ld *load) walk() error {
	var patterns []gitignore.Pattern
	if b, err := ld.readSmall(".git/info/exclude"); err == nil {
		patterns = append(patterns, parseIgnore(b, nil)...)
	}
	var visit func(dir string, domain []string, patterns []gitignore.Pattern) error
	visit = func(dir string, domain []string, patterns []gitignore.Pattern) error {
		if err := ld.ctx.Err(); err != nil {
			return err
		}
		entries, err := fs.ReadDir(ld.fsys, dir)
		if err != nil {
			if dir == "." {
				return err
			}
			ld.diag(dir, 0, fmt.Sprintf("cannot read directory: %v", err))
			return nil
		}
		for _, e := range entries {
			if e.Name() == ".gitignore" && e.Type().IsRegular() {
				if b, err := ld.readSmall(path.Join(dir, ".gitignore")); err == nil {
					patterns = append(slices.Clip(patterns), parseIgnore(b, domain)...)
				}
				break
			}
		}
		m := gitignore.NewMatcher(patterns)
		for _, e := range entries {
			name := e.Name()
			if name == ".git" {
				continue
			}
			rel := name
			if dir != "." {
				rel = dir + "/" + name
			}
			parts := append(slices.Clip(domain), name)
			isDir := e.IsDir()
			if len(patterns) > 0 && m.Match(parts, isDir) && !ld.tracked(rel) || ld.l.opts.Exclude.Match(rel, isDir) {
				continue
			}
			if dir == "." {
				ld.top = append(ld.top, topEntry{name: name, dir: isDir})
			}
			if isDir {
				ld.dirs++
				if err := visit(rel, parts, patterns); err != nil {
					return err
				}
				if ld.trunc {
					return nil
				}
				continue
			}
			if len(ld.files) >= ld.l.opts.MaxFiles {
				ld.trunc = true
				ld.diag(".", 0, fmt.Sprintf("more than %d files; the listing is truncated", ld.l.opts.MaxFiles))
				return nil
			}
			f := &file{rel: rel}
			switch {
			case e.Type()&fs.ModeSymlink != 0:
				f.mode = fs.ModeSymlink | 0o777
				if target, err := fs.ReadLink(ld.fsys, rel); err == nil {
					f.link = filepath.ToSlash(target)
					f.inside = insideRoot(dir, f.link)
				}
			case e.Type().IsRegular():
				info, err := e.Info()
				if err != nil {
					continue // vanished
				}
				f.size, f.mode = info.Size(), info.Mode()
			default:
				continue // sockets, devices, pipes
			}
			ld.files = append(ld.files, f)
			ld.byRel[rel] = f
		}
		return nil
	}
	return visit(".", nil, patterns)
}

// tracked reports whether git tracks rel in the checkout being read.
func (ld *load) tracked(rel string) bool {
	ix := ld.index()
	return ix != nil && ix.Tracked(rel)
}

// insideRoot reports whether a symlink in dir pointing at target stays in
// the root, lexically. It is never followed either way.
func insideRoot(dir, target string) bool {
	if path.IsAbs(target) || filepath.IsAbs(target) {
		return false
	}
	p := path.Clean(path.Join(dir, target))
	return p != ".." && !strings.HasPrefix(p, "../")
}

func parseIgnore(b []byte, domain []string) []gitignore.Pattern {
	var ps []gitignore.Pattern
	for _, ln := range strings.Split(string(b), "\n") {
		ln = strings.TrimSuffix(ln, "\r")
		if s := strings.TrimSpace(ln); s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(ln, domain))
	}
	return ps
}

// readSmall reads a file of the tree bounded by MaxFileSize.
func (ld *load) readSmall(rel string) ([]byte, error) {
	f, err := ld.fsys.Open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return engine.ReadAllLimit(f, ld.l.opts.MaxFileSize)
}

// textExt are extensions never sniffed: they are text by convention, and
// reading every file's head would cost more than the rest of the walk.
var textExt = map[string]bool{
	".go": true, ".md": true, ".txt": true, ".json": true, ".yml": true, ".yaml": true, ".toml": true,
	".js": true, ".mjs": true, ".cjs": true, ".ts": true, ".tsx": true, ".jsx": true, ".py": true,
	".rb": true, ".rs": true, ".java": true, ".kt": true, ".c": true, ".h": true, ".cc": true,
	".cpp": true, ".hpp": true, ".cs": true, ".sh": true, ".html": true, ".css": true, ".scss": true,
	".xml": true, ".tf": true, ".hcl": true, ".rego": true, ".sql": true, ".proto": true, ".mod": true,
	".sum": true, ".lock": true, ".cfg": true, ".ini": true, ".rst": true, ".csv": true, ".svg": true,
	".php": true, ".swift": true, ".scala": true, ".lua": true, ".vue": true, ".gradle": true,
}

// binaryExt are extensions of compiled code and archives, binary whatever
// their content.
var binaryExt = map[string]string{
	".exe": "pe", ".dll": "pe", ".so": "elf", ".dylib": "macho", ".a": "archive", ".o": "elf",
	".jar": "archive", ".war": "archive", ".class": "class", ".pyc": "pyc", ".wasm": "wasm",
	".zip": "archive", ".tar": "archive", ".gz": "archive", ".tgz": "archive", ".7z": "archive",
	".bin": "", ".apk": "archive", ".deb": "archive", ".rpm": "archive", ".msi": "pe",
}

// sniff reads the head of files whose extension says nothing, on a small
// pool, to tell binaries and executable formats apart.
func (ld *load) sniff() {
	var todo []*file
	for _, f := range ld.files {
		if f.link != "" || f.mode&fs.ModeSymlink != 0 || f.size == 0 || !ld.inScope(f.rel) {
			continue
		}
		ext := strings.ToLower(path.Ext(f.rel))
		if format, ok := binaryExt[ext]; ok {
			f.binary, f.format = true, format
			continue
		}
		if textExt[ext] {
			continue
		}
		todo = append(todo, f)
	}
	ld.each(todo, 8, func(f *file) {
		r, err := ld.fsys.Open(f.rel)
		if err != nil {
			return
		}
		buf := make([]byte, 1024)
		n, _ := io.ReadFull(r, buf)
		r.Close()
		f.binary, f.format = classifyHead(buf[:n])
	})
}

// each runs fn over files on a pool of at most workers goroutines, until
// the load is cancelled.
func (ld *load) each(files []*file, workers int, fn func(*file)) {
	var wg sync.WaitGroup
	next := make(chan *file)
	for range min(workers, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				fn(f)
			}
		}()
	}
	for _, f := range files {
		if ld.ctx.Err() != nil {
			break
		}
		next <- f
	}
	close(next)
	wg.Wait()
}

// classifyHead tells binary content from text by a NUL byte, and names
// executable formats by their magic numbers.
func classifyHead(b []byte) (binary bool, format string) {
	switch {
	case bytes.HasPrefix(b, []byte("\x7fELF")):
		return true, "elf"
	case bytes.HasPrefix(b, []byte("MZ")):
		return true, "pe"
	case bytes.HasPrefix(b, []byte{0xfe, 0xed, 0xfa, 0xce}), bytes.HasPrefix(b, []byte{0xfe, 0xed, 0xfa, 0xcf}),
		bytes.HasPrefix(b, []byte{0xce, 0xfa, 0xed, 0xfe}), bytes.HasPrefix(b, []byte{0xcf, 0xfa, 0xed, 0xfe}),
		bytes.HasPrefix(b, []byte{0xca, 0xfe, 0xba, 0xbe}):
		return true, "macho"
	case bytes.HasPrefix(b, []byte("\x00asm")):
		return true, "wasm"
	case bytes.HasPrefix(b, []byte("PK\x03\x04")), bytes.HasPrefix(b, []byte("\x1f\x8b")), bytes.HasPrefix(b, []byte("!<arch>")):
		return true, "archive"
	}
	return bytes.IndexByte(b, 0) >= 0, ""
}

// digest is over the tree listing (path, size, mode, link) and the content
// of every file the loader parsed: what the document is built from.
func (ld *load) digest() string {
	h := sha256.New()
	for _, f := range ld.files {
		fmt.Fprintf(h, "%s\x00%d\x00%o\x00%s\n", f.rel, f.size, uint32(f.mode), f.link)
	}
	parts := slices.Clone(ld.contents)
	slices.SortFunc(parts, func(a, b digestPart) int { return strings.Compare(a.name, b.name) })
	for _, p := range parts {
		fmt.Fprintf(h, "%s\x00%d\x00", p.name, len(p.b))
		h.Write(p.b)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// known reads a file the loader parses, recording it for the digest. meta
// is the document's common part: path, file, size, too_large, binary.
// content is nil when the file is too large or binary.
func (ld *load) known(rel string) (meta map[string]any, content []byte) {
	f := ld.byRel[rel]
	meta = map[string]any{"path": rel, "file": ld.display(rel), "size": 0, "too_large": false, "binary": false, "error": nil}
	if f == nil {
		return meta, nil
	}
	meta["size"] = int(f.size)
	if f.size > ld.l.opts.MaxFileSize {
		meta["too_large"] = true
		return meta, nil
	}
	b, err := ld.readSmall(rel)
	if err != nil {
		if strings.Contains(err.Error(), "larger than") {
			meta["too_large"] = true
		} else {
			meta["error"] = map[string]any{"line": 0, "msg": err.Error()}
		}
		return meta, nil
	}
	ld.mu.Lock()
	ld.contents = append(ld.contents, digestPart{rel, b})
	ld.mu.Unlock()
	head := b[:min(len(b), 8000)]
	if bytes.IndexByte(head, 0) >= 0 {
		meta["binary"] = true
		return meta, nil
	}
	return meta, b
}

// setError records a parse error in a known file's document and, for
// configuration a run depends on, as a Diagnostic.
func (ld *load) setError(meta map[string]any, err error, diagnose bool) {
	line, msg := 1, err.Error()
	if ye, ok := err.(*yamlError); ok {
		line, msg = ye.Line, ye.Msg
	}
	meta["error"] = map[string]any{"line": line, "msg": msg}
	if diagnose {
		ld.diag(meta["path"].(string), line, msg)
	}
}
