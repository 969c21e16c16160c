package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/paved-dev/paved/engine"
)

// ANSI escapes for the coloured text report.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// textIndent lines detail up under the policy id.
const textIndent = "          "

// writeText writes the terminal report: one block per fail, warn and error
// result, most urgent first, then one summary line. Passes and waived results
// are only counted.
func writeText(w io.Writer, r *engine.Report, opts Options) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color || code == "" {
			return s
		}
		return code + s + ansiReset
	}

	errTargets := map[string]bool{}
	// What a policy or a target contributes to a block is made once, not
	// once per finding: a big SBOM has tens of thousands of findings.
	type headKey struct {
		ref    *engine.PolicyRef
		status engine.Status // the label when the policy has no severity
	}
	heads := map[headKey]*textHead{}
	subjects := map[*engine.TargetRef]string{}
	for _, res := range findings(r) {
		if res.Status == engine.StatusError {
			errTargets[targetName(res.Target.Kind, res.Target.ID)] = true
		}
		hk := headKey{res.Policy, res.Status}
		h := heads[hk]
		if h == nil {
			h = newTextHead(r, res, paint)
			heads[hk] = h
		}
		tag := "[" + string(res.Status) + "]"
		switch {
		case res.Baseline:
			tag = "[baseline]"
		case res.Status == engine.StatusFail && res.Blocking(r.FailOn):
			tag = "[blocking]"
		}
		tagColor := ""
		if res.Blocking(r.FailOn) {
			tagColor = ansiBold
		}
		bw.WriteString(h.line)
		bw.WriteString(paint(tagColor, tag))
		bw.WriteByte('\n')
		bw.WriteString(textIndent)
		subject := Clean(res.Resource)
		if res.Target != nil {
			t, ok := subjects[res.Target]
			if !ok {
				if name := targetName(res.Target.Kind, res.Target.ID); name != "" {
					t = "  (" + Clean(name) + ")"
				}
				subjects[res.Target] = t
			}
			subject += t
		}
		bw.WriteString(strings.TrimSpace(subject))
		bw.WriteByte('\n')
		if loc := location(res); loc != "" {
			bw.WriteString(textIndent)
			bw.WriteString(paint(ansiDim, Clean(loc)))
			bw.WriteByte('\n')
		}
		if msg := strings.TrimSpace(res.Message); msg != "" {
			for line := range strings.SplitSeq(msg, "\n") {
				bw.WriteString(textIndent)
				bw.WriteString(Clean(strings.TrimRight(line, "\r")))
				bw.WriteByte('\n')
			}
		}
		bw.WriteString(h.remediation) // made for the result's status too
		bw.WriteByte('\n')
	}
	// A target that failed to load should also have error results; show its
	// error here only when it has none, so it is never silent.
	for _, t := range r.Targets {
		name := targetName(t.Kind, t.ID)
		if t.Error != "" && !errTargets[name] {
			fmt.Fprintf(bw, "%s  %s  %s\n\n", paint(ansiRed, fmt.Sprintf("%-8s", "ERROR")), paint(ansiBold, Clean(name)), Clean(firstLine(t.Error)))
		}
	}

	for _, wv := range attentionWaivers(r) {
		fmt.Fprintf(bw, "%s  %s  %s\n", paint(ansiYellow, fmt.Sprintf("%-8s", "WAIVER")), paint(ansiBold, Clean(wv.ID)), Clean(waiverNote(wv)))
		fmt.Fprintf(bw, "%s%s\n\n", textIndent, paint(ansiDim, Clean(fmt.Sprintf("%s:%d", wv.Source.File, wv.Source.Line))))
	}

	vex := vexWaivers(r)
	for i, wv := range vex {
		if i == vexMaxText {
			fmt.Fprintf(bw, "%s  %s more; see the JSON or Markdown report\n\n", paint(ansiCyan, fmt.Sprintf("%-8s", "VEX")), Plural(len(vex)-vexMaxText, "statement", "statements"))
			break
		}
		fmt.Fprintf(bw, "%s  %s  %s (owner %s)\n", paint(ansiCyan, fmt.Sprintf("%-8s", "VEX")), paint(ansiBold, Clean(wv.ID)), Clean(waiverNote(wv)), Clean(wv.Owner))
		subject := Clean(wv.Resource) + "  (" + Clean(targetName("sbom", wv.Target)) + ")"
		fmt.Fprintf(bw, "%s%s\n%s%s\n\n", textIndent, subject, textIndent, Clean(wv.Reason))
	}

	s := r.Summary
	verdict := fmt.Sprintf("%d blocking at fail-on=%s", s.Blocking, r.FailOn)
	if r.Baseline != nil {
		verdict = fmt.Sprintf("%d already in the baseline, %s", s.Baseline, verdict)
	}
	if s.Blocking > 0 {
		verdict = paint(ansiBold+ansiRed, verdict)
	} else {
		verdict = paint(ansiGreen, verdict)
	}
	bySev := make([]string, 0, 4)
	for _, sev := range severities() {
		bySev = append(bySev, fmt.Sprintf("%s %d", sev, s.BySeverity[sev]))
	}
	fmt.Fprintf(bw, "%s, %s, %s: %d passed, %d failed (%s), %s, %d waived, %s — %s\n",
		Plural(len(r.Targets), "target", "targets"), Plural(resourcesChecked(r), "resource", "resources"),
		Plural(s.Total, "check", "checks"), s.Pass, s.Fail, strings.Join(bySev, ", "), Plural(s.Warn, "warning", "warnings"),
		s.Waived, Plural(s.Error, "error", "errors"), verdict)
	return bw.Flush()
}

// textHead is what a finding's block owes to its policy: the first line
// up to the tag, and the remediation line.
type textHead struct{ line, remediation string }

func newTextHead(r *engine.Report, res engine.Result, paint func(code, s string) string) *textHead {
	label := strings.ToUpper(res.Policy.Severity)
	if label == "" {
		label = strings.ToUpper(string(res.Status))
	}
	h := &textHead{line: paint(severityColor(res.Policy.Severity), fmt.Sprintf("%-8s", label)) + "  " +
		paint(ansiBold, Clean(res.Policy.ID)) + "  " + Clean(res.Policy.Title) + "  "}
	if rem := firstParagraph(remediation(r, res)); rem != "" {
		h.remediation = textIndent + "remediation: " + Clean(rem) + "\n"
	}
	return h
}

func severityColor(sev string) string {
	switch sev {
	case engine.SeverityCritical:
		return ansiBold + ansiRed
	case engine.SeverityHigh:
		return ansiRed
	case engine.SeverityMedium:
		return ansiYellow
	case engine.SeverityLow:
		return ansiCyan
	}
	return ""
}

// Clean makes text from policies, scanned files and stores safe for a
// terminal or a CI log: control characters, C1 ones included (an escape
// sequence in a file name or a policy message could rewrite the screen),
// and bytes that are not UTF-8 are shown as \xNN, tabs kept.
func Clean(s string) string {
	needs := false
	for _, c := range s {
		if isControl(c) || c == utf8.RuneError {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		switch {
		case c == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				fmt.Fprintf(&b, `\x%02x`, s[i])
				continue
			}
			b.WriteRune(c)
		case isControl(c):
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func isControl(c rune) bool {
	return (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)
}
