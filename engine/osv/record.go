package osv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/osv-scalibr/semantic"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/sbom"
)

// record is an OSV advisory as written: the fields matching uses.
type record struct {
	ID               string      `json:"id"`
	Modified         string      `json:"modified"`
	Published        string      `json:"published"`
	Withdrawn        string      `json:"withdrawn"`
	Aliases          []string    `json:"aliases"`
	Summary          string      `json:"summary"`
	Severity         []severity  `json:"severity"`
	Affected         []affected  `json:"affected"`
	DatabaseSpecific *dbSpecific `json:"database_specific"`
}

type severity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

// dbSpecific holds the one database_specific field read: GitHub's and
// others' qualitative severity. Anything else in the object is ignored.
type dbSpecific struct {
	Severity any `json:"severity"`
}

type affected struct {
	Package struct {
		Ecosystem string `json:"ecosystem"`
		Name      string `json:"name"`
	} `json:"package"`
	Severity         []severity  `json:"severity"`
	Ranges           []osvRange  `json:"ranges"`
	Versions         []string    `json:"versions"`
	DatabaseSpecific *dbSpecific `json:"database_specific"`
}

type osvRange struct {
	Type   string              `json:"type"`
	Events []map[string]string `json:"events"`
}

// advisory is what the index keeps of a record, shared by its entries.
type advisory struct {
	id, summary string
	aliases     []string
	published   time.Time
	ratings     []sbom.Rating // top-level severity
}

// entry is one affected package of an advisory, ready to match.
type entry struct {
	adv       *advisory
	release   string // of the ecosystem, "" when none
	ranges    []vrange
	versions  map[string]bool
	ratings   []sbom.Rating // the package's own severity, else the advisory's
	ecosystem string
}

// vrange is a SEMVER or ECOSYSTEM range, its events sorted by version.
type vrange struct {
	semver bool
	events []event
	limits []semantic.Version
}

type eventKind uint8

const (
	introduced eventKind = iota
	fixed
	lastAffected
)

type event struct {
	kind eventKind
	raw  string
	v    semantic.Version // nil for introduced "0": before every version
}

// decode reads one OSV record from src (a file named name) into index
// entries keyed by (ecosystem, normalised name). A withdrawn advisory has
// none. Problems are diagnostics located in name.
func decode(name string, src []byte) (out map[string][]*entry, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, engine.Diagnostics{{File: name, Message: fmt.Sprintf("internal error reading the OSV record: %v", r)}}
		}
	}()
	diag := func(line int, format string, args ...any) error {
		return engine.Diagnostics{{File: name, Line: line, Message: fmt.Sprintf(format, args...)}}
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, diag(0, "empty file: not an OSV record")
	}
	var r record
	dec := json.NewDecoder(bytes.NewReader(src))
	if err = dec.Decode(&r); err != nil {
		return nil, jsonDiag(name, src, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, diag(engine.LineAt(src, dec.InputOffset()), "invalid OSV record: more than one JSON value")
	}
	if strings.TrimSpace(r.ID) == "" {
		return nil, diag(0, "invalid OSV record: no id")
	}
	if r.Withdrawn != "" {
		return nil, nil
	}
	adv := &advisory{id: r.ID, summary: r.Summary, aliases: r.Aliases}
	if adv.published, err = date(r.Published); err != nil {
		return nil, diag(0, "%s: published: %v", r.ID, err)
	}
	if _, err = date(r.Modified); err != nil { // checked, not kept: nothing reads it
		return nil, diag(0, "%s: modified: %v", r.ID, err)
	}
	if adv.ratings, err = ratings(r.Severity, r.DatabaseSpecific); err != nil {
		return nil, diag(0, "%s: severity: %v", r.ID, err)
	}
	out = map[string][]*entry{}
	for i, a := range r.Affected {
		at := fmt.Sprintf("%s: affected[%d]", r.ID, i)
		e, key, err := newEntry(adv, a)
		if err != nil {
			return nil, diag(0, "%s: %v", at, err)
		}
		if e != nil {
			out[key] = append(out[key], e)
		}
	}
	return out, nil
}

// newEntry prepares one affected package; nil when its ecosystem is not
// one a purl can name (no component could match it).
func newEntry(adv *advisory, a affected) (*entry, string, error) {
	eco := strings.TrimSpace(a.Package.Ecosystem)
	base, rel := ecosystemRelease(eco)
	if eco == "" || strings.TrimSpace(a.Package.Name) == "" {
		// Only GIT ranges may go without a package.
		for _, r := range a.Ranges {
			if r.Type != "GIT" {
				return nil, "", errors.New("package: ecosystem and name are required")
			}
		}
		return nil, "", nil
	}
	e := &entry{adv: adv, release: rel, ecosystem: eco, ratings: adv.ratings}
	if len(a.Severity) > 0 || a.DatabaseSpecific != nil && a.DatabaseSpecific.Severity != nil {
		rs, err := ratings(a.Severity, a.DatabaseSpecific)
		if err != nil {
			return nil, "", fmt.Errorf("severity: %v", err)
		}
		if len(rs) > 0 {
			e.ratings = rs
		}
	}
	known := supported[base]
	for j, r := range a.Ranges {
		switch r.Type {
		case "GIT":
			continue // needs the repository's commit graph
		case "SEMVER", "ECOSYSTEM":
		default:
			return nil, "", fmt.Errorf("ranges[%d]: type %q is not SEMVER, ECOSYSTEM or GIT", j, r.Type)
		}
		if !known {
			continue
		}
		vr, err := newRange(base, r)
		if err != nil {
			return nil, "", fmt.Errorf("ranges[%d]: %v", j, err)
		}
		e.ranges = append(e.ranges, vr)
	}
	if !known {
		return nil, "", nil
	}
	if len(a.Versions) > 0 {
		e.versions = make(map[string]bool, len(a.Versions))
		for _, v := range a.Versions {
			e.versions[v] = true
		}
	}
	return e, base + "\x00" + normName(base, a.Package.Name), nil
}

func newRange(eco string, r osvRange) (vrange, error) {
	vr := vrange{semver: r.Type == "SEMVER"}
	parse := func(s string) (semantic.Version, error) {
		if vr.semver {
			return semantic.ParseSemverVersion(s), nil
		}
		return semantic.Parse(s, eco)
	}
	hasIntroduced := false
	for k, ev := range r.Events {
		if len(ev) != 1 {
			return vr, fmt.Errorf("events[%d]: want exactly one of introduced, fixed, last_affected, limit", k)
		}
		for key, s := range ev {
			if strings.TrimSpace(s) == "" {
				return vr, fmt.Errorf("events[%d]: empty %s", k, key)
			}
			var kind eventKind
			switch key {
			case "introduced":
				kind, hasIntroduced = introduced, true
				if s == "0" {
					vr.events = append(vr.events, event{kind: introduced, raw: s})
					continue
				}
			case "fixed":
				kind = fixed
			case "last_affected":
				kind = lastAffected
			case "limit":
				if s == "*" {
					continue
				}
				v, err := parse(s)
				if err != nil {
					return vr, fmt.Errorf("events[%d]: limit %q: %v", k, s, err)
				}
				vr.limits = append(vr.limits, v)
				continue
			default:
				return vr, fmt.Errorf("events[%d]: unknown event %q", k, key)
			}
			v, err := parse(s)
			if err != nil {
				return vr, fmt.Errorf("events[%d]: %s %q is not a %s version: %v", k, key, s, eco, err)
			}
			vr.events = append(vr.events, event{kind: kind, raw: s, v: v})
		}
	}
	if !hasIntroduced {
		return vr, errors.New("no introduced event")
	}
	var cmpErr error
	slices.SortStableFunc(vr.events, func(a, b event) int {
		c, err := compare(a.v, b.v)
		if err != nil {
			cmpErr = err
		}
		return c
	})
	return vr, cmpErr
}

// compare orders versions, nil (introduced "0") first.
func compare(a, b semantic.Version) (int, error) {
	switch {
	case a == nil && b == nil:
		return 0, nil
	case a == nil:
		return -1, nil
	case b == nil:
		return 1, nil
	}
	return a.Compare(b)
}

// date reads an RFC 3339 timestamp; "" is the zero time.
func date(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 timestamp", s)
	}
	return t, nil
}

// jsonDiag locates a JSON error at its line.
func jsonDiag(name string, src []byte, err error) error {
	return engine.Diagnostics{engine.JSONDiagnostic(name, "invalid OSV record", src, err)}
}
