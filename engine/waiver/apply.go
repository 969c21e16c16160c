package waiver

import (
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
)

// MaxSourceSize bounds a source file scanned for inline waivers.
const MaxSourceSize = 8 << 20

// canComment reports whether a file can hold an inline waiver, a # or //
// comment: JSON and XML cannot (an SBOM, a Terraform plan, .tf.json), so
// they are not read a second time to find out. Whatever the target kind:
// a new kind's sources are scanned unless their format rules it out.
func canComment(file string) bool {
	switch strings.ToLower(path.Ext(file)) {
	case ".json", ".xml":
		return false
	}
	return file != ""
}

// Set is the waivers of one run: from a file and from inline comments.
type Set struct {
	file   []*engine.Waiver
	inline []inlineWaiver
}

// NewSet starts a set with a waivers file's entries.
func NewSet(fromFile []*engine.Waiver) *Set { return &Set{file: fromFile} }

// ScanSources reads the inline waivers of every file the targets were
// built from (and the results point into). read reads a file by the path
// the loaders reported; a file that cannot be read is skipped (the loader
// already read it, or reported it).
func (s *Set) ScanSources(targets []*engine.Target, results []engine.Result, read func(string) ([]byte, error)) error {
	owners := map[string]string{}
	var files []string
	add := func(file, owner string) {
		if !canComment(file) {
			return
		}
		if _, ok := owners[file]; !ok {
			files = append(files, file)
			owners[file] = owner
		}
	}
	for _, t := range targets {
		for _, r := range t.Resources {
			add(r.File, t.Owner)
		}
	}
	for _, r := range results {
		if r.Location != nil {
			add(r.Location.File, r.Target.Owner)
		}
	}
	sort.Strings(files)
	for _, f := range files {
		src, err := read(f)
		if err != nil || len(src) > MaxSourceSize {
			continue
		}
		ws, err := scanInline(filepath.ToSlash(f), src, owners[f])
		if err != nil {
			return err
		}
		s.inline = append(s.inline, ws...)
	}
	return nil
}

// Apply waives the failures and warnings a waiver in force matches, and
// returns every waiver with its status and match count. full says the run
// saw everything the waivers could match (not --staged): only then is an
// unmatched waiver stale.
//
// The waivers targets declare about themselves (Target.Waivers: an SBOM's
// VEX statements) are applied first, matching exactly their policy, target
// and resource: they are the most specific statement there is about a
// finding, and a file waiver they make redundant is then reported stale.
// They are never stale themselves: a VEX statement about a vulnerability
// no policy denies (a low one within its SLA) is no mistake to remove, so
// one that waives nothing is left out of the returned list.
func (s *Set) Apply(results []engine.Result, targets []*engine.Target, now time.Time, full bool) []*engine.Waiver {
	own := ownWaivers(targets)
	if len(s.file) == 0 && len(s.inline) == 0 && len(own.list) == 0 {
		return nil
	}
	today := now.UTC().Format(time.DateOnly)
	declared := declarations(targets)
	var all []*engine.Waiver
	for _, iw := range s.inline {
		all = append(all, iw.w)
	}
	all = append(all, s.file...)
	expired := func(w *engine.Waiver) bool { return w.Expires != "" && w.Expires < today }
	for i := range results {
		r := &results[i]
		if r.Status != engine.StatusFail && r.Status != engine.StatusWarn {
			continue
		}
		var hit, lapsed *engine.Waiver
		if w := own.byKey[ownKey{r.Policy.ID, r.Target.Identity(), r.Resource}]; w != nil {
			if !expired(w) {
				hit = w
			} else {
				lapsed = w
			}
		}
		if hit == nil {
			for _, iw := range s.inline {
				if iw.matches(r, declared) {
					if !expired(iw.w) {
						hit = iw.w
						break
					}
					lapsed = iw.w
				}
			}
		}
		if hit == nil {
			for _, w := range s.file {
				if Match(w.Policy, r.Policy.ID) && matchTarget(w.Target, r.Target) && matchAny(w.Resource, r.Resource) {
					if !expired(w) {
						hit = w
						break
					}
					if lapsed == nil {
						lapsed = w
					}
				}
			}
		}
		switch {
		case hit != nil:
			hit.Matched++
			r.Status, r.WaiverID = engine.StatusWaived, hit.ID
		case lapsed != nil:
			lapsed.Matched++ // the finding stands; the waiver is reported expired
		}
	}
	for _, w := range own.list {
		if w.Matched > 0 {
			all = append(all, w)
		}
	}
	for _, w := range all {
		w.Status = status(w, now, full)
	}
	return all
}

// ownKey is what a target-declared waiver matches: exactly one policy,
// target and resource (no globs: VEX names a vulnerability, and its ids
// and purls may hold glob characters).
type ownKey struct {
	policy   string
	target   engine.Identity
	resource string
}

// ownSet is the waivers the targets declare about themselves, in target
// order, and by what they match; of two alike the first counts.
type ownSet struct {
	list  []*engine.Waiver
	byKey map[ownKey]*engine.Waiver
}

func ownWaivers(targets []*engine.Target) ownSet {
	var o ownSet
	for _, t := range targets {
		for _, w := range t.Waivers {
			if o.byKey == nil {
				o.byKey = map[ownKey]*engine.Waiver{}
			}
			k := ownKey{w.Policy, t.Identity, w.Resource}
			if _, dup := o.byKey[k]; dup {
				continue
			}
			o.byKey[k] = w
			o.list = append(o.list, w)
		}
	}
	return o
}

func status(w *engine.Waiver, now time.Time, full bool) string {
	if w.Expires != "" {
		exp, err := time.Parse(time.DateOnly, w.Expires)
		if err == nil {
			today, _ := time.Parse(time.DateOnly, now.UTC().Format(time.DateOnly))
			switch days := int(exp.Sub(today).Hours() / 24); {
			case days < 0:
				return engine.WaiverExpired
			case w.Matched == 0 && full:
				return engine.WaiverStale
			case days <= engine.ExpiringWithin:
				return engine.WaiverExpiring
			}
		}
	}
	if w.Matched == 0 && full {
		return engine.WaiverStale
	}
	return engine.WaiverActive
}

// declKey is a resource declared at a file and line.
type declKey struct {
	file string
	line int
}

// declarations maps each declaration line to the resources declared there
// (a Terraform block with count declares several instances).
func declarations(targets []*engine.Target) map[declKey]map[string]bool {
	out := map[declKey]map[string]bool{}
	for _, t := range targets {
		for _, r := range t.Resources {
			if r.File == "" || r.Line == 0 {
				continue
			}
			k := declKey{filepath.ToSlash(r.File), r.Line}
			if out[k] == nil {
				out[k] = map[string]bool{}
			}
			out[k][r.Address] = true
		}
	}
	return out
}

// matches: the policy matches, and the result is the anchored line's, or
// about a resource declared there.
func (iw inlineWaiver) matches(r *engine.Result, declared map[declKey]map[string]bool) bool {
	if !Match(iw.w.Policy, r.Policy.ID) || iw.at.line == 0 {
		return false
	}
	if r.Location != nil && filepath.ToSlash(r.Location.File) == iw.at.file && r.Location.Line >= iw.at.line && r.Location.Line <= iw.at.end {
		return true
	}
	return declared[declKey{iw.at.file, iw.at.line}][r.Resource]
}
