package gitindex

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/utils/diff"
	"github.com/sergi/go-diff/diffmatchpatch"
)

// Bounds on ChangedSince: the bytes of file content it compares in all,
// and the time one file's line diff may take. A rewrite of a huge file
// costs the diff O(lines × edits); past the budget the rest of that file
// counts as changed, which shows more annotations, never fewer.
const (
	maxDiffBytes    = 1 << 30
	maxFileDiffTime = 10 * time.Second
)

// git's test for a binary file: a NUL byte among the first 8000.
const binarySniff = 8000

// Range is a run of lines, First through Last, 1-based and inclusive.
type Range struct{ First, Last int }

// ChangedLines holds, per file (slash path relative to the repository
// root), the lines a change added or changed, sorted and disjoint. A file
// the change touched without adding lines (only deletions, a mode change,
// a rename, a binary file) is present with no ranges.
type ChangedLines map[string][]Range

// Touches reports whether the change touched file at all.
func (c ChangedLines) Touches(file string) bool {
	_, ok := c[file]
	return ok
}

// Contains reports whether the change added or changed line of file.
func (c ChangedLines) Contains(file string, line int) bool {
	rs := c[file]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Last >= line })
	return i < len(rs) && rs[i].First <= line
}

// ChangedSince lists the lines HEAD added or changed since its merge base
// with ref, as `git diff --unified=0 REF...HEAD` shows them: what a pull
// request changes. dir is any directory inside the worktree. Like git diff
// it follows renames (50% similar), so a file that moved keeps only the
// lines that changed. Where runs of equal lines leave the place of an edit
// open, git's placement heuristics may pick a neighbouring line of the
// same text.
func ChangedSince(ctx context.Context, dir, ref string) (ChangedLines, error) {
	if ref == "" || strings.HasPrefix(ref, "-") {
		return nil, fmt.Errorf("base revision %q: want a commit, branch or tag", ref)
	}
	b, err := MergeBase(dir, ref)
	if err != nil {
		return nil, err
	}
	head, err := b.head.Tree()
	if err != nil {
		return nil, fmt.Errorf("read HEAD tree: %w", err)
	}
	changes, err := object.DiffTreeWithOptions(ctx, b.tree, head, &object.DiffTreeOptions{
		DetectRenames: true, RenameScore: 50, RenameLimit: 1000, // git diff's defaults
	})
	if err != nil {
		return nil, fmt.Errorf("compare %s...HEAD: %w", ref, err)
	}
	out := ChangedLines{}
	budget := int64(maxDiffBytes)
	for _, c := range changes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if c.To.Name == "" {
			continue // deleted: no line of HEAD to annotate
		}
		rs, err := changedRanges(b.repo, c.From.TreeEntry, c.To.TreeEntry, &budget)
		if err != nil {
			return nil, fmt.Errorf("compare %s...HEAD: %s: %w", ref, c.To.Name, err)
		}
		out[c.To.Name] = rs
	}
	return out, nil
}

// changedRanges lists the lines of entry to that entry from lacks (from is
// the zero entry for an added file), sorted and disjoint.
func changedRanges(repo *git.Repository, from, to object.TreeEntry, budget *int64) ([]Range, error) {
	switch {
	case to.Mode == filemode.Submodule:
		return []Range{{1, 1}}, nil // git diff shows its one "Subproject commit" line
	case !to.Mode.IsFile():
		return nil, nil
	}
	after, ok, err := readBlob(repo, to.Hash, budget)
	if err != nil || !ok {
		return nil, err
	}
	var before []byte
	if from.Mode.IsFile() {
		if before, ok, err = readBlob(repo, from.Hash, budget); err != nil || !ok {
			return nil, err
		}
	}
	if binary(before) || binary(after) {
		return nil, nil
	}
	return newRanges(diff.DoWithTimeout(string(before), string(after), maxFileDiffTime)), nil
}

// newRanges turns a line diff into the lines the new side added, sorted
// and disjoint. Where an insertion could sit lower (between equal lines,
// its first line the same as the line after it), it is moved down as far
// as it goes, as git diff places it.
func newRanges(ds []diffmatchpatch.Diff) []Range {
	var (
		text  []string // the new side's lines
		added []bool
		delAt = map[int]bool{} // a deletion sits just before this line
	)
	for _, d := range ds {
		if d.Type == diffmatchpatch.DiffDelete {
			delAt[len(text)] = true
			continue
		}
		for _, l := range strings.SplitAfter(d.Text, "\n") {
			if l != "" {
				text = append(text, l)
				added = append(added, d.Type == diffmatchpatch.DiffInsert)
			}
		}
	}
	for a := 0; a < len(text); a++ {
		if !added[a] {
			continue
		}
		b := a // the group a..b of added lines
		for b+1 < len(text) && added[b+1] {
			b++
		}
		pure := true
		for i := a; i <= b+1; i++ {
			pure = pure && !delAt[i]
		}
		for pure && b+1 < len(text) && !delAt[b+2] && text[a] == text[b+1] {
			added[a], added[b+1] = false, true
			a, b = a+1, b+1
			if b+1 < len(text) && added[b+1] {
				break // it meets the next group
			}
		}
		a = b
	}
	var out []Range
	for i, c := range added {
		switch {
		case !c:
		case len(out) > 0 && out[len(out)-1].Last == i:
			out[len(out)-1].Last = i + 1
		default:
			out = append(out, Range{i + 1, i + 1})
		}
	}
	return out
}

// readBlob reads a blob, charging its size to budget; ok is false for a
// blob too big to judge (the loaders would skip it too).
func readBlob(repo *git.Repository, h plumbing.Hash, budget *int64) (b []byte, ok bool, err error) {
	blob, err := repo.BlobObject(h)
	if err != nil {
		return nil, false, err
	}
	if blob.Size > maxTreeFileSize {
		return nil, false, nil
	}
	if *budget -= blob.Size; *budget < 0 {
		return nil, false, fmt.Errorf("the changed files hold more than %d bytes", int64(maxDiffBytes))
	}
	r, err := blob.Reader()
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	b, err = io.ReadAll(io.LimitReader(r, maxTreeFileSize))
	return b, err == nil, err
}

func binary(b []byte) bool {
	return bytes.IndexByte(b[:min(len(b), binarySniff)], 0) >= 0
}

// lines counts the lines of a diff chunk: whole lines, the last one of a
// file perhaps without its newline.
func lines(s string) int {
	n := strings.Count(s, "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		n++
	}
	return n
}
