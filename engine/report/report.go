package report

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/engine"
)

// Names of the formats Write knows.
const (
	FormatText     = "text"
	FormatJSON     = "json"
	FormatSARIF    = "sarif"
	FormatJUnit    = "junit"
	FormatGitHub   = "github"
	FormatMarkdown = "markdown"
)

// Formats lists the names Write accepts, in the order help texts show them.
func Formats() []string {
	return []string{FormatText, FormatJSON, FormatSARIF, FormatJUnit, FormatGitHub, FormatMarkdown}
}

// Options tune how a report is written.
type Options struct {
	// Color adds ANSI colours to the text format; other formats ignore it.
	Color bool
}

// Write formats r as format to w with default options (no colour).
func Write(w io.Writer, format string, r *engine.Report) error {
	return WriteWith(w, format, r, Options{})
}

// WriteWith formats r as format to w. An unknown format is an error that
// names the valid ones.
func WriteWith(w io.Writer, format string, r *engine.Report, opts Options) error {
	if r == nil {
		return errors.New("report: nil report")
	}
	var err error
	switch format {
	case FormatText:
		err = writeText(w, r, opts)
	case FormatJSON:
		err = writeJSON(w, r)
	case FormatSARIF:
		err = writeSARIF(w, r)
	case FormatJUnit:
		err = writeJUnit(w, r)
	case FormatGitHub:
		err = writeGitHub(w, r)
	case FormatMarkdown:
		err = writeMarkdown(w, r)
	default:
		return fmt.Errorf("unknown report format %q (valid: %s)", format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return fmt.Errorf("write %s report: %w", format, err)
	}
	return nil
}

// findings are the results a reader must look at (fail, warn, error), in
// SortResults' order.
func findings(r *engine.Report) []engine.Result {
	isFinding := func(s engine.Status) bool {
		return s == engine.StatusFail || s == engine.StatusWarn || s == engine.StatusError
	}
	n := 0 // sized once: results are big, and a big SBOM has tens of thousands
	for i := range r.Results {
		if isFinding(r.Results[i].Status) {
			n++
		}
	}
	out := make([]engine.Result, 0, n)
	for i := range r.Results {
		if isFinding(r.Results[i].Status) {
			out = append(out, r.Results[i])
		}
	}
	SortResults(out, r.FailOn)
	return out
}

// SortResults orders results most urgent first: blocking, then new before
// those a baseline already has, then by severity (most severe first), file,
// line, policy, target and resource, so output is stable. Positions are
// sorted, not the results (which are big), and the first keys are worked
// out once per result (BenchmarkSortResults).
func SortResults(rs []engine.Result, failOn string) {
	type key struct {
		blocking, baseline bool
		rank               int
		file               string
		line               int
	}
	keys := make([]key, len(rs))
	order := make([]int, len(rs))
	for i, r := range rs {
		f, l := r.FileLine()
		keys[i] = key{r.Blocking(failOn), r.Baseline, engine.SeverityRank(r.Policy.Severity), f, l}
		order[i] = i
	}
	rank := func(b bool) int {
		if b {
			return 0
		}
		return 1
	}
	slices.SortFunc(order, func(i, j int) int {
		ki, kj := &keys[i], &keys[j]
		if c := cmp.Or(
			cmp.Compare(rank(ki.blocking), rank(kj.blocking)),
			cmp.Compare(rank(!ki.baseline), rank(!kj.baseline)),
			cmp.Compare(kj.rank, ki.rank),
			cmp.Compare(ki.file, kj.file),
			cmp.Compare(ki.line, kj.line),
		); c != 0 {
			return c
		}
		a, b := &rs[i], &rs[j]
		return cmp.Or(
			cmp.Compare(a.Policy.ID, b.Policy.ID),
			cmp.Compare(a.Target.Kind, b.Target.Kind),
			cmp.Compare(a.Target.ID, b.Target.ID),
			cmp.Compare(a.Resource, b.Resource),
			cmp.Compare(a.Status, b.Status),
			cmp.Compare(i, j), // as a stable sort would
		)
	})
	sorted := make([]engine.Result, len(rs))
	for k, i := range order {
		sorted[k] = rs[i]
	}
	copy(rs, sorted)
}

// location renders a result's location as file:line, file, or "".
func location(r engine.Result) string {
	f, l := r.FileLine()
	if l > 0 {
		return f + ":" + strconv.Itoa(l)
	}
	return f
}

// targetName is how a target is shown: kind:id.
func targetName(kind engine.Kind, id string) string {
	if kind == "" {
		return id
	}
	return string(kind) + ":" + id
}

// resourcesChecked adds up what the loaders found in every target.
func resourcesChecked(r *engine.Report) int {
	n := 0
	for _, t := range r.Targets {
		n += t.Resources
	}
	return n
}

// remediation is what to do about a result. A policy's advice is about its
// findings, so an error of a policy of the set (it could not be evaluated)
// shows none; an error of a pseudo-policy the engine made up for it (an
// input that could not be loaded) shows that one's, which is about the error.
func remediation(r *engine.Report, res engine.Result) string {
	if res.Status == engine.StatusError {
		for _, p := range r.Policies {
			if p != nil && p.ID == res.Policy.ID {
				return ""
			}
		}
	}
	return strings.TrimSpace(res.Policy.Remediation)
}

// firstLine is s up to its first line break, trimmed.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// firstParagraph is s up to its first blank line, on one line: policy
// metadata is YAML, whose block scalars wrap sentences across lines.
func firstParagraph(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}

// severities lists the severity names, most severe first.
func severities() []string {
	return []string{engine.SeverityCritical, engine.SeverityHigh, engine.SeverityMedium, engine.SeverityLow}
}

// Plural is "1 finding" or "n findings", for reports and summaries.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// attentionWaivers are the waivers someone must act on: expired (their
// findings block again), expiring soon, and stale (they match nothing).
// Expired ones come first, then expiring, then stale.
func attentionWaivers(r *engine.Report) []*engine.Waiver {
	var out []*engine.Waiver
	for _, w := range r.Waivers {
		if w.Status != engine.WaiverActive {
			out = append(out, w)
		}
	}
	engine.SortWaivers(out)
	return out
}

// vexMaxText bounds the VEX statements the text report lists; the JSON,
// SARIF and Markdown reports list every one.
const vexMaxText = 20

// vexWaivers are the VEX statements that waived findings, in report order.
// A file or inline waiver is reviewed where it is written, so reports only
// raise the ones needing attention; a VEX statement arrives inside the
// SBOM, from its supplier, and what it sets aside is shown on every run.
func vexWaivers(r *engine.Report) []*engine.Waiver {
	var out []*engine.Waiver
	for _, w := range r.Waivers {
		if w.Origin == engine.WaiverOriginVEX && w.Matched > 0 {
			out = append(out, w)
		}
	}
	return out
}

// waiverNote says what a waiver's status means, in one line.
func waiverNote(w *engine.Waiver) string {
	switch w.Status {
	case engine.WaiverExpired:
		return fmt.Sprintf("expired %s and waives nothing: %s of %s count again (owner %s)", w.Expires, Plural(w.Matched, "finding", "findings"), w.Policy, w.Owner)
	case engine.WaiverExpiring:
		return fmt.Sprintf("expires %s; it waives %s of %s (owner %s)", w.Expires, Plural(w.Matched, "finding", "findings"), w.Policy, w.Owner)
	case engine.WaiverStale:
		return fmt.Sprintf("matches nothing any more: remove it (policy %s, owner %s)", w.Policy, w.Owner)
	}
	return fmt.Sprintf("waives %s of %s", Plural(w.Matched, "finding", "findings"), w.Policy)
}
