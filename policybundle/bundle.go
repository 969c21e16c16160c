package policybundle

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/paved-dev/paved/engine"
	"sigs.k8s.io/yaml"
)

// Limits bound what Read and Build accept; zero fields take the defaults.
type Limits struct {
	Archive  int64 // compressed bytes
	Files    int   // entries
	FileSize int64 // bytes of one file
	Unpacked int64 // bytes of all files together
}

// Default limits: generous for policies and their parameters, small
// enough that a hostile bundle cannot exhaust memory.
const (
	DefaultArchive  = 32 << 20
	DefaultFiles    = 10_000
	DefaultFileSize = 16 << 20
	DefaultUnpacked = 64 << 20
)

func (l Limits) withDefaults() Limits {
	if l.Archive <= 0 {
		l.Archive = DefaultArchive
	}
	if l.Files <= 0 {
		l.Files = DefaultFiles
	}
	if l.FileSize <= 0 {
		l.FileSize = DefaultFileSize
	}
	if l.Unpacked <= 0 {
		l.Unpacked = DefaultUnpacked
	}
	return l
}

// Bundle is a bundle read into memory.
type Bundle struct {
	Manifest bundle.Manifest
	// Files holds every file of the archive by slash path without a leading
	// slash: Rego modules, /data.json, /.manifest.
	Files map[string][]byte
	// Params is the bundle's data.params: defaults for the policies'
	// parameters.
	Params map[string]any
}

// dataFiles are the names OPA reads as data documents: a file at a/b/data.json
// is the document data.a.b.
var dataFiles = []string{"data.json", "data.yaml", "data.yml"}

func isDataFile(name string) bool { return slices.Contains(dataFiles, path.Base(name)) }

// BuildOptions tune Build.
type BuildOptions struct {
	// Revision goes into the manifest; by default the sha256 of the packed
	// files, so the same policies always give the same revision.
	Revision string
	Metadata map[string]any
	Limits   Limits
}

// Build packs the Rego files and data files under dir as an OPA bundle
// (.tar.gz). Hidden files and directories (.git) are left out; a symlink
// is an error rather than a way out of dir.
func Build(dir string, opts BuildOptions) ([]byte, *bundle.Manifest, error) {
	lim := opts.Limits.withDefaults()
	files, err := collect(dir, lim)
	if err != nil {
		return nil, nil, err
	}
	data, err := dataTree(dir, files)
	if err != nil {
		return nil, nil, err
	}
	if _, err := paramsOf(data); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", dir, err)
	}
	b := bundle.Bundle{Data: data}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.HasSuffix(name, ".rego") {
			b.Modules = append(b.Modules, bundle.ModuleFile{URL: "/" + name, Path: "/" + name, Raw: files[name]})
		}
	}
	if len(b.Modules) == 0 {
		return nil, nil, fmt.Errorf("%s: no .rego files to pack", dir)
	}
	b.Manifest.Revision = opts.Revision
	if b.Manifest.Revision == "" {
		b.Manifest.Revision = engine.DigestFiles(files) // as engine digests a policy set
	}
	v1 := 1
	b.Manifest.RegoVersion = &v1
	b.Manifest.Metadata = opts.Metadata
	var buf bytes.Buffer
	// Raw bytes, not OPA's formatting: line numbers in findings must match
	// the author's files.
	if err := bundle.NewWriter(&buf).UseModulePath(true).DisableFormat(true).Write(b); err != nil {
		return nil, nil, fmt.Errorf("write bundle: %w", err)
	}
	if int64(buf.Len()) > lim.Archive {
		return nil, nil, fmt.Errorf("%s: bundle is %d bytes, over the limit of %d", dir, buf.Len(), lim.Archive)
	}
	return buf.Bytes(), &b.Manifest, nil
}

// DirParams reads the data files under dir (OPA's data.json/data.yaml
// convention) and returns their data.params, so a policy directory and the
// bundle packed from it give the policies the same defaults.
func DirParams(dir string) (map[string]any, error) {
	files, err := collectData(dir, Limits{}.withDefaults())
	if err != nil {
		return nil, err
	}
	data, err := dataTree(dir, files)
	if err != nil {
		return nil, err
	}
	params, err := paramsOf(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return params, nil
}

func collect(dir string, lim Limits) (map[string][]byte, error) {
	return walk(dir, lim, func(name string) bool { return strings.HasSuffix(name, ".rego") || isDataFile(name) })
}

func collectData(dir string, lim Limits) (map[string][]byte, error) {
	return walk(dir, lim, isDataFile)
}

// walk reads the files under dir that keep selects, within lim.
func walk(dir string, lim Limits, keep func(string) bool) (map[string][]byte, error) {
	files := map[string][]byte{}
	var total int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		name := filepath.ToSlash(rel)
		if !keep(name) {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file (symlinks are not packed)", p)
		}
		if len(files) >= lim.Files {
			return fmt.Errorf("%s: more than %d files", dir, lim.Files)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		b, err := engine.ReadAllLimit(f, lim.FileSize)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if total += int64(len(b)); total > lim.Unpacked {
			return fmt.Errorf("%s: more than %d bytes of files", dir, lim.Unpacked)
		}
		files[name] = b
		return nil
	})
	return files, err
}

// dataTree merges data files into one document, each at its directory's
// path, as OPA does.
func dataTree(dir string, files map[string][]byte) (map[string]any, error) {
	root := map[string]any{}
	names := make([]string, 0, len(files))
	for name := range files {
		if isDataFile(name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		where := filepath.Join(dir, filepath.FromSlash(name))
		js, err := yaml.YAMLToJSON(files[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		var v any
		if err := json.Unmarshal(js, &v); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		var keys []string
		if d := path.Dir(name); d != "." {
			keys = strings.Split(d, "/")
		}
		if err := put(root, keys, v); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	return root, nil
}

// put merges v into root at keys; two files may not set the same value.
func put(root map[string]any, keys []string, v any) error {
	if len(keys) == 0 {
		obj, ok := v.(map[string]any)
		if !ok {
			return errors.New("a data file at the bundle's root must hold a mapping")
		}
		for k, x := range obj {
			if err := put(root, []string{k}, x); err != nil {
				return err
			}
		}
		return nil
	}
	cur := root
	for i, k := range keys[:len(keys)-1] {
		next, ok := cur[k].(map[string]any)
		if !ok {
			if _, taken := cur[k]; taken {
				return fmt.Errorf("data.%s is set twice", strings.Join(keys[:i+1], "."))
			}
			next = map[string]any{}
			cur[k] = next
		}
		cur = next
	}
	last := keys[len(keys)-1]
	old, taken := cur[last]
	if !taken {
		cur[last] = v
		return nil
	}
	om, ok1 := old.(map[string]any)
	nm, ok2 := v.(map[string]any)
	if !ok1 || !ok2 {
		return fmt.Errorf("data.%s is set twice", strings.Join(keys, "."))
	}
	for k, x := range nm {
		if err := put(om, []string{k}, x); err != nil {
			return fmt.Errorf("data.%s: %w", strings.Join(keys, "."), err)
		}
	}
	return nil
}

// paramsOf returns data.params and refuses data elsewhere: paved's
// policies see only data.params, and silently dropping the rest would
// judge with other inputs than the author meant.
func paramsOf(data map[string]any) (map[string]any, error) {
	var params map[string]any
	for k, v := range data {
		if k != "params" {
			return nil, fmt.Errorf("data.%s: paved policies read parameters from data.params only (put data files under params/ or nest them under a params key)", k)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, errors.New("data.params must be a mapping")
		}
		params = m
	}
	return params, nil
}

// Read checks and loads a bundle archive within lim: every entry a
// regular file at a clean relative path, no more than lim.Files of them,
// none larger than lim.FileSize, lim.Unpacked in all. OPA's own reader
// then loads the manifest and data, so what paved accepts OPA accepts too.
func Read(archive []byte, lim Limits) (*Bundle, error) {
	lim = lim.withDefaults()
	if int64(len(archive)) > lim.Archive {
		return nil, fmt.Errorf("bundle is %d bytes, over the limit of %d", len(archive), lim.Archive)
	}
	files, err := untar(archive, lim)
	if err != nil {
		return nil, err
	}
	rd := bundle.NewCustomReader(bundle.NewTarballLoaderWithBaseURL(bytes.NewReader(archive), "")).
		WithRegoVersion(ast.RegoV1).
		WithSkipBundleVerification(true).
		WithSizeLimitBytes(lim.FileSize)
	ob, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	params, err := paramsOf(ob.Data)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	return &Bundle{Manifest: ob.Manifest, Files: files, Params: params}, nil
}

// untar reads the archive's entries into memory, refusing anything that is
// not a plain file at a safe path.
func untar(archive []byte, lim Limits) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		return nil, fmt.Errorf("bundle is not a gzip archive: %w", err)
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	var total int64
	for n := 0; ; n++ {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bundle archive: %w", err)
		}
		if n >= lim.Files {
			return nil, fmt.Errorf("bundle has more than %d entries", lim.Files)
		}
		name, err := cleanName(hdr.Name)
		if err != nil {
			return nil, err
		}
		switch hdr.Typeflag {
		case tar.TypeDir:
			continue
		case tar.TypeReg:
		default:
			return nil, fmt.Errorf("bundle entry %s: only regular files are allowed (type %q)", name, hdr.Typeflag)
		}
		if hdr.Size > lim.FileSize {
			return nil, fmt.Errorf("bundle entry %s: %d bytes, over the limit of %d", name, hdr.Size, lim.FileSize)
		}
		if total += hdr.Size; total > lim.Unpacked {
			return nil, fmt.Errorf("bundle unpacks to more than %d bytes", lim.Unpacked)
		}
		if _, dup := files[name]; dup {
			return nil, fmt.Errorf("bundle entry %s appears twice", name)
		}
		b, err := engine.ReadAllLimit(tr, lim.FileSize)
		if err != nil {
			return nil, fmt.Errorf("bundle entry %s: %w", name, err)
		}
		files[name] = b
	}
	return files, nil
}

// cleanName turns an archive path into a relative slash path, refusing
// any that would leave the extraction root.
func cleanName(raw string) (string, error) {
	name := strings.TrimLeft(raw, "/")
	for strings.HasPrefix(name, "./") {
		name = name[2:]
	}
	name = strings.TrimSuffix(name, "/")
	if name == "" || !fs.ValidPath(name) || strings.ContainsAny(name, "\\\x00") {
		return "", fmt.Errorf("bundle entry %q: not a clean relative path", raw)
	}
	return name, nil
}

// Policies returns the bundle's Rego files as a file system, the form
// engine.LoadPolicies reads. fstest.MapFS is the standard library's
// in-memory fs.FS; it makes the directories and pulls in no testing code.
func (b *Bundle) Policies() fs.FS {
	rego := fstest.MapFS{}
	for name, data := range b.Files {
		if strings.HasSuffix(name, ".rego") {
			rego[name] = &fstest.MapFile{Data: data, Mode: 0o444}
		}
	}
	return rego
}

// Extract writes the bundle's files under dir, which must not exist yet or
// be empty, so stale policies never mix with the bundle's.
func (b *Bundle) Extract(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s: not empty; extract into a new directory", dir)
	}
	names := make([]string, 0, len(b.Files))
	for name := range b.Files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		// Names were checked by cleanName: relative, no "..".
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, werr := f.Write(b.Files[name])
		if err := errors.Join(werr, f.Close()); err != nil {
			return err
		}
	}
	return nil
}
