package ghaction

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/engine"
)

// Limits on what the diff parser reads: the whole diff, and the part of one
// line it looks at (a header or a content line's first byte; the rest of a
// long content line is skipped, not buffered).
const (
	maxDiff     = 1 << 30
	maxLineKeep = 64 << 10
)

// Range is a run of lines, First through Last, 1-based and inclusive.
type Range struct{ First, Last int }

// ChangedLines holds, per file (slash path relative to the repository
// root), the lines a diff added or changed, in order. A file the diff
// touched without adding lines (only deletions, a mode change, a binary
// file) is present with no ranges.
type ChangedLines map[string][]Range

// Touches reports whether the diff touched file at all.
func (c ChangedLines) Touches(file string) bool {
	_, ok := c[file]
	return ok
}

// Contains reports whether the diff added or changed line of file.
func (c ChangedLines) Contains(file string, line int) bool {
	rs := c[file]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Last >= line })
	return i < len(rs) && rs[i].First <= line
}

// ParseDiff reads `git diff --unified=0` output (with the a/ and b/
// prefixes) and returns the lines each file gained. Errors name the diff's
// line.
func ParseDiff(r io.Reader) (ChangedLines, error) {
	out := ChangedLines{}
	br := bufio.NewReaderSize(r, 64<<10)
	var (
		file             string // current file in the new tree; "" when deleted
		oldLeft, newLeft int    // lines of the current hunk still to read
		n                int
		line             []byte
		truncated        bool
		err              error
	)
	for {
		line, truncated, err = readLine(br, line[:0])
		if err == io.EOF && len(line) == 0 {
			break
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		n++
		if oldLeft > 0 || newLeft > 0 {
			// Inside a hunk: content lines are counted, never read as
			// headers ("+++ x" may be an added line "++ x").
			switch {
			case len(line) > 0 && line[0] == '+':
				newLeft--
			case len(line) > 0 && line[0] == '-':
				oldLeft--
			case len(line) > 0 && line[0] == '\\': // "\ No newline at end of file"
			default: // context (only with --unified > 0)
				oldLeft--
				newLeft--
			}
			if oldLeft < 0 || newLeft < 0 {
				return nil, fmt.Errorf("diff line %d: hunk holds more lines than its header says", n)
			}
			continue
		}
		switch {
		case bytes.HasPrefix(line, []byte("diff ")):
			file = ""
		case bytes.HasPrefix(line, []byte("+++ ")):
			if truncated {
				return nil, fmt.Errorf("diff line %d: path longer than %d bytes", n, maxLineKeep)
			}
			f, err := newPath(string(line[4:]))
			if err != nil {
				return nil, fmt.Errorf("diff line %d: %w", n, err)
			}
			file = f
			if file != "" && !out.Touches(file) {
				out[file] = nil
			}
		case bytes.HasPrefix(line, []byte("@@ ")):
			first, count, old, err := hunkHeader(string(line))
			if err != nil {
				return nil, fmt.Errorf("diff line %d: %w", n, err)
			}
			if file == "" && count > 0 {
				return nil, fmt.Errorf("diff line %d: hunk adds lines to no file (missing +++ header)", n)
			}
			oldLeft, newLeft = old, count
			if count > 0 {
				out[file] = append(out[file], Range{first, first + count - 1})
			}
		}
		if err == io.EOF {
			break
		}
	}
	if oldLeft > 0 || newLeft > 0 {
		return nil, fmt.Errorf("diff line %d: the last hunk ends early", n)
	}
	out.normalize()
	return out, nil
}

// readLine reads one line without its newline, keeping at most maxLineKeep
// bytes of it; truncated says the rest was dropped.
func readLine(br *bufio.Reader, buf []byte) (line []byte, truncated bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		content := chunk
		if err == nil {
			content = chunk[:len(chunk)-1]
		}
		room := max(maxLineKeep-len(buf), 0)
		if len(content) > room {
			content, truncated = content[:room], true
		}
		buf = append(buf, content...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimSuffix(buf, []byte("\r")), truncated, err
	}
}

// normalize sorts each file's ranges and merges those that overlap or
// touch, so Contains can search them.
func (c ChangedLines) normalize() {
	for f, rs := range c {
		if len(rs) < 2 {
			continue
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i].First < rs[j].First })
		out := rs[:1]
		for _, r := range rs[1:] {
			last := &out[len(out)-1]
			if r.First <= last.Last+1 {
				last.Last = max(last.Last, r.Last)
				continue
			}
			out = append(out, r)
		}
		c[f] = out
	}
}

// newPath reads the path of a "+++ " header: "b/x", "/dev/null" (the file
// was deleted: ""), or a C-quoted "\"b/x\"". git ends a path holding a
// space with a tab.
func newPath(s string) (string, error) {
	s = strings.TrimSuffix(s, "\t")
	if s == "/dev/null" {
		return "", nil
	}
	if strings.HasPrefix(s, `"`) {
		u, err := strconv.Unquote(s)
		if err != nil {
			return "", fmt.Errorf("quoted path %s: %w", s, err)
		}
		s = u
	}
	p, ok := strings.CutPrefix(s, "b/")
	if !ok || p == "" {
		return "", fmt.Errorf("path %q does not start with b/ (run git diff with --dst-prefix=b/)", s)
	}
	return p, nil
}

// hunkHeader reads "@@ -a[,b] +c[,d] @@": the new side's first line and
// count (d lines from c), and the old side's count.
func hunkHeader(s string) (first, count, oldCount int, err error) {
	fields := strings.Fields(s)
	if len(fields) < 4 || fields[3] != "@@" || !strings.HasPrefix(fields[1], "-") || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, 0, fmt.Errorf("malformed hunk header %q", clip(s))
	}
	_, oldCount, err = span(fields[1][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("hunk header %q: %w", clip(s), err)
	}
	first, count, err = span(fields[2][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("hunk header %q: %w", clip(s), err)
	}
	return first, count, oldCount, nil
}

// maxHunkLines bounds a hunk's line numbers, so a forged header cannot make
// a range overflow.
const maxHunkLines = 1 << 30

func span(s string) (start, count int, err error) {
	a, b, hasCount := strings.Cut(s, ",")
	start, err = strconv.Atoi(a)
	if err != nil || start < 0 || start > maxHunkLines {
		return 0, 0, fmt.Errorf("bad line number %q", a)
	}
	count = 1
	if hasCount {
		count, err = strconv.Atoi(b)
		if err != nil || count < 0 || count > maxHunkLines {
			return 0, 0, fmt.Errorf("bad line count %q", b)
		}
	}
	if count > 0 && start == 0 {
		return 0, 0, errors.New("a hunk with lines starts at line 0")
	}
	return start, count, nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// Repo locates a working directory inside its git repository.
type Repo struct {
	Dir    string // the directory git runs in
	Root   string // the repository's top level, absolute
	Prefix string // Dir relative to Root, slash-separated, "" or ending in "/"
}

// OpenRepo finds the repository holding dir.
func OpenRepo(ctx context.Context, dir string) (Repo, error) {
	out, err := git(ctx, dir, "rev-parse", "--show-toplevel", "--show-prefix")
	if err != nil {
		return Repo{}, err
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	r := Repo{Dir: dir, Root: lines[0]}
	if len(lines) > 1 {
		r.Prefix = lines[1]
	}
	return r, nil
}

// ChangedSince lists the lines HEAD added or changed since its merge base
// with base (git diff BASE...HEAD): what a pull request changes.
func (r Repo) ChangedSince(ctx context.Context, base string) (ChangedLines, error) {
	if base == "" || strings.HasPrefix(base, "-") {
		return nil, fmt.Errorf("base revision %q: want a commit, branch or tag", base)
	}
	cmd := exec.CommandContext(ctx, "git", "-c", "core.quotePath=false", "diff", "--unified=0", "--no-color",
		"--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", base+"...HEAD", "--")
	cmd.Dir = r.Dir
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4 << 10}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git diff: %w", err)
	}
	lr := &io.LimitedReader{R: stdout, N: maxDiff + 1}
	changed, perr := ParseDiff(lr)
	io.Copy(io.Discard, lr) // let git finish writing before Wait
	werr := cmd.Wait()
	switch {
	case werr != nil:
		return nil, fmt.Errorf("git diff %s...HEAD: %w: %s", base, werr, strings.TrimSpace(stderr.String()))
	case lr.N <= 0:
		return nil, fmt.Errorf("git diff %s...HEAD: larger than %d bytes", base, maxDiff)
	case perr != nil:
		return nil, fmt.Errorf("git diff %s...HEAD: %w", base, perr)
	}
	return changed, nil
}

// RepoPath is a report location's file as a path relative to the
// repository root, the form annotations and diffs use; ok is false for a
// file outside the repository.
func (r Repo) RepoPath(file string) (p string, ok bool) {
	file = strings.ReplaceAll(file, "\\", "/")
	if path.IsAbs(file) {
		if r.Root == "" {
			return "", false
		}
		root := strings.TrimSuffix(strings.ReplaceAll(r.Root, "\\", "/"), "/") + "/"
		rel, ok := strings.CutPrefix(path.Clean(file), root)
		return rel, ok
	}
	p = path.Clean(r.Prefix + file)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 4 << 10}
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// limitedWriter keeps the first n bytes written to it and drops the rest.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}

// maxEvent bounds an event payload read.
const maxEvent = 64 << 20

// PullRequestBase reads the event payload of a workflow run
// ($GITHUB_EVENT_PATH) and returns the pull request's base commit, or ""
// when the event is not about a pull request.
func PullRequestBase(r io.Reader) (string, error) {
	b, err := engine.ReadAllLimit(r, maxEvent)
	if err != nil {
		return "", err
	}
	var ev struct {
		PullRequest *struct {
			Base struct {
				SHA string `json:"sha"`
			} `json:"base"`
		} `json:"pull_request"`
	}
	if err := json.Unmarshal(b, &ev); err != nil {
		return "", fmt.Errorf("%s: not an event payload: %w", jsonLine(b, err), err)
	}
	if ev.PullRequest == nil {
		return "", nil
	}
	return ev.PullRequest.Base.SHA, nil
}
