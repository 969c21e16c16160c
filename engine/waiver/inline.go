package waiver

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paved-dev/paved/engine"
)

// Marker starts an inline waiver inside a comment (# or //):
//
//	# paved:ignore TF-AWS-S3-001 reason="logs bucket, replicated" expires=2027-01-31
//	resource "aws_s3_bucket" "logs" { … }
//
// It covers the block, instruction or step that starts on the next line that
// is not blank or a comment — through the lines indented deeper than its
// first (a Terraform block's body, a workflow step's keys, a continued
// Dockerfile instruction) — or, written after code, the line it ends.
const Marker = "paved:ignore"

// anchor is where an inline waiver applies.
type anchor struct {
	file string
	line int // where the statement starts; 0: none follows
	end  int // its last line
}

// inlineWaiver is a waiver read from a comment, with its anchor.
type inlineWaiver struct {
	w  *engine.Waiver
	at anchor
}

// scanInline finds the inline waivers of one file. owner is the default
// owner (the repository's) for comments that name none.
func scanInline(file string, src []byte, owner string) ([]inlineWaiver, error) {
	if !bytes.Contains(src, []byte(Marker)) {
		return nil, nil
	}
	lines := strings.Split(string(src), "\n")
	var out []inlineWaiver
	for i, line := range lines {
		idx := strings.Index(line, Marker)
		if idx < 0 {
			continue
		}
		code, ok := commentBefore(line[:idx])
		if !ok {
			continue // the marker inside a string or code, not a comment
		}
		w, err := parseDirective(line[idx+len(Marker):])
		if err != nil {
			return nil, &Error{File: file, Line: i + 1, Msg: err.Error()}
		}
		if w.Owner == "" {
			w.Owner = owner
		}
		if w.Owner == "" {
			return nil, &Error{File: file, Line: i + 1, Msg: "inline waiver needs owner=…: the repository names no owner (CODEOWNERS or catalog-info.yaml)"}
		}
		w.ID = fmt.Sprintf("inline:%s:%d", file, i+1)
		w.Source, w.Inline = engine.Location{File: file, Line: i + 1}, true
		at := anchor{file: file, line: i + 1, end: i + 1}
		if strings.TrimSpace(code) == "" {
			at.line = nextStatement(lines, i+1)
			at.end = blockEnd(lines, at.line)
		}
		for _, p := range strings.Split(w.Policy, ",") {
			cp := *w
			cp.Policy = p
			if len(strings.Split(w.Policy, ",")) > 1 {
				cp.ID = fmt.Sprintf("%s:%s", w.ID, p)
			}
			out = append(out, inlineWaiver{w: &cp, at: at})
		}
	}
	return out, nil
}

// commentBefore reports whether text ends in a comment opener (# or //,
// then spaces) and returns the code before it.
func commentBefore(text string) (code string, ok bool) {
	if (strings.Count(text, "\"")-strings.Count(text, `\"`))%2 == 1 {
		return "", false // inside a string literal
	}
	t := strings.TrimRight(text, " \t")
	switch {
	case strings.HasSuffix(t, "//"):
		return t[:len(t)-2], true
	case strings.HasSuffix(t, "#"):
		return t[:len(t)-1], true
	}
	return "", false
}

// nextStatement is the 1-based line of the first line from index i that is
// neither blank nor a comment; 0 when there is none.
func nextStatement(lines []string, i int) int {
	for ; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") {
			continue
		}
		return i + 1
	}
	return 0
}

// blockEnd is the last line of the statement starting on 1-based line
// start: the lines after it indented deeper (blank lines and comments
// included), and a closing bracket at its own indentation.
func blockEnd(lines []string, start int) int {
	if start == 0 {
		return 0
	}
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " \t")) }
	base := indent(lines[start-1])
	end := start
	for i := start; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") {
			continue
		}
		if indent(lines[i]) > base {
			end = i + 1
			continue
		}
		if indent(lines[i]) == base && strings.ContainsAny(t[:1], "}])") {
			end = i + 1
		}
		break
	}
	return end
}

// parseDirective reads `POLICY[,POLICY…] key=value key="quoted value"…`.
func parseDirective(s string) (*engine.Waiver, error) {
	toks, err := tokens(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 || strings.Contains(toks[0], "=") {
		return nil, fmt.Errorf("%s needs a policy id, e.g. # %s TF-AWS-S3-001 reason=\"…\"", Marker, Marker)
	}
	w := &engine.Waiver{Policy: toks[0]}
	for _, t := range toks[1:] {
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			return nil, fmt.Errorf("%q: want key=value (reason, owner, expires, approved_by)", t)
		}
		switch k {
		case "reason":
			w.Reason = v
		case "owner":
			w.Owner = v
		case "approved_by":
			w.ApprovedBy = v
		case "expires":
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return nil, fmt.Errorf("expires=%q is not a date (YYYY-MM-DD)", v)
			}
			w.Expires = v
		default:
			return nil, fmt.Errorf("unknown key %q: want reason, owner, expires or approved_by", k)
		}
	}
	if strings.TrimSpace(w.Reason) == "" {
		return nil, fmt.Errorf("%s %s needs reason=\"…\": a waiver says why", Marker, w.Policy)
	}
	return w, nil
}

// tokens splits on spaces, keeping "quoted values" (Go string syntax)
// whole.
func tokens(s string) ([]string, error) {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		end := strings.IndexAny(s, " \t\"")
		switch {
		case end < 0:
			out, s = append(out, s), ""
		case s[end] == '"':
			q, err := strconv.QuotedPrefix(s[end:])
			if err != nil {
				return nil, fmt.Errorf("unterminated quoted value in %q", s)
			}
			v, _ := strconv.Unquote(q)
			rest := s[end+len(q):]
			out = append(out, s[:end]+v)
			if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				return nil, fmt.Errorf("text after a quoted value: %q", rest)
			}
			s = strings.TrimSpace(rest)
		default:
			out, s = append(out, s[:end]), strings.TrimSpace(s[end:])
		}
	}
	return out, nil
}
