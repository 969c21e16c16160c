package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paved-dev/paved/engine"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Timestamp  string           `xml:"timestamp,attr,omitempty"`
	Properties *junitProperties `xml:"properties"`
	Cases      []junitCase      `xml:"testcase"`
	SystemErr  string           `xml:"system-err,omitempty"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

// writeJUnit writes JUnit XML: one testsuite per target, one testcase per
// result (classname the policy id, name the resource). A fail is a failure,
// an error an error, a waived result skipped; warn passes with its message in
// system-out. Cases are written as they are made: a big SBOM has 400,000.
func writeJUnit(w io.Writer, r *engine.Report) error {
	doc, suites := junitOutline(r, junitSorted(r))
	x := &xmlWriter{w: bufio.NewWriterSize(w, 64<<10)}
	x.raw(xml.Header)
	x.raw("<testsuites")
	x.counts(doc.Name, doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	x.attr("time", doc.Time)
	x.raw(">")
	for _, s := range suites {
		x.raw("\n  <testsuite")
		x.counts(s.Name, s.Tests, s.Failures, s.Errors, s.Skipped)
		if s.Timestamp != "" {
			x.attr("timestamp", s.Timestamp)
		}
		x.raw(">")
		empty := true
		if s.Properties != nil {
			empty = false
			x.raw("\n    <properties>")
			for _, p := range s.Properties.Property {
				x.raw("\n      <property")
				x.attr("name", p.Name)
				x.attr("value", p.Value)
				x.raw("></property>")
			}
			x.raw("\n    </properties>")
		}
		for _, i := range s.cases {
			empty = false
			x.testcase(junitCaseOf(r, r.Results[i]))
		}
		if s.SystemErr != "" {
			empty = false
			x.textElement("    ", "system-err", s.SystemErr)
		}
		x.end("  ", "testsuite", empty)
	}
	if len(suites) > 0 {
		x.raw("\n")
	}
	x.raw("</testsuites>\n")
	return x.w.Flush()
}

// xmlWriter writes the JUnit document as encoding/xml, indenting by two
// spaces, writes it, byte for byte (a test holds the two to each other),
// without reflection: a big SBOM's document has 400,000 test cases.
type xmlWriter struct {
	w       *bufio.Writer
	scratch bytes.Buffer
}

func (x *xmlWriter) raw(s string) { x.w.WriteString(s) }

// text writes s escaped as encoding/xml escapes text and attribute values.
func (x *xmlWriter) text(s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c >= utf8.RuneSelf, c == '"', c == '\'', c == '&', c == '<', c == '>':
			x.scratch.Reset()
			xml.EscapeText(&x.scratch, []byte(s)) // into a buffer: no error
			x.w.Write(x.scratch.Bytes())
			return
		}
	}
	x.w.WriteString(s)
}

func (x *xmlWriter) attr(name, value string) {
	x.w.WriteString(" " + name + `="`)
	x.text(value)
	x.w.WriteByte('"')
}

func (x *xmlWriter) testcase(c junitCase) {
	x.raw("\n    <testcase")
	x.attr("classname", c.ClassName)
	x.attr("name", c.Name)
	if c.File != "" {
		x.attr("file", c.File)
	}
	x.raw(">")
	empty := true
	for _, p := range []struct {
		tag string
		pb  *junitProblem
	}{{"failure", c.Failure}, {"error", c.Error}} {
		if p.pb != nil {
			empty = false
			x.raw("\n      <" + p.tag)
			x.attr("message", p.pb.Message)
			x.attr("type", p.pb.Type)
			x.raw(">")
			x.text(p.pb.Body)
			x.raw("</" + p.tag + ">")
		}
	}
	if c.Skipped != nil {
		empty = false
		x.raw("\n      <skipped")
		if c.Skipped.Message != "" {
			x.attr("message", c.Skipped.Message)
		}
		x.raw("></skipped>")
	}
	if c.SystemOut != "" {
		empty = false
		x.textElement("      ", "system-out", c.SystemOut)
	}
	x.end("    ", "testcase", empty)
}

// counts writes the name and counts a testsuites or testsuite element
// starts with.
func (x *xmlWriter) counts(name string, tests, failures, errors, skipped int) {
	x.attr("name", name)
	x.attr("tests", strconv.Itoa(tests))
	x.attr("failures", strconv.Itoa(failures))
	x.attr("errors", strconv.Itoa(errors))
	x.attr("skipped", strconv.Itoa(skipped))
}

// textElement writes an element holding only text, on a line of its own.
func (x *xmlWriter) textElement(indent, tag, s string) {
	x.raw("\n" + indent + "<" + tag + ">")
	x.text(s)
	x.raw("</" + tag + ">")
}

// end closes an element: on a line of its own after children, at once
// after none.
func (x *xmlWriter) end(indent, tag string, empty bool) {
	if !empty {
		x.raw("\n" + indent)
	}
	x.raw("</" + tag + ">")
}

type junitKey struct{ kind, id string }

// junitSuiteHead is a testsuite without its cases, and the positions in
// the report of the results they are made from, in order.
type junitSuiteHead struct {
	junitSuite
	cases []int
}

// junitOutline counts the document's and every suite's cases, in the
// order suites appear: the report's targets, then targets only results
// name, as the sorted results name them.
func junitOutline(r *engine.Report, sorted []int) (junitSuites, []*junitSuiteHead) {
	var order []*junitSuiteHead
	suites := map[junitKey]*junitSuiteHead{}
	suite := func(k junitKey) *junitSuiteHead {
		if s, ok := suites[k]; ok {
			return s
		}
		s := &junitSuiteHead{junitSuite: junitSuite{Name: targetName(k.kind, k.id), Timestamp: junitTime(r)}}
		suites[k] = s
		order = append(order, s)
		return s
	}
	for _, t := range r.Targets {
		s := suite(junitKey{t.Kind, t.ID})
		var props []junitProperty
		if t.Digest != "" {
			props = append(props, junitProperty{Name: "digest", Value: t.Digest})
		}
		if t.Owner != "" {
			props = append(props, junitProperty{Name: "owner", Value: t.Owner})
		}
		if len(props) > 0 {
			s.Properties = &junitProperties{Property: props}
		}
		if t.Error != "" {
			s.SystemErr = strings.TrimPrefix(s.SystemErr+"\n"+t.Error, "\n")
		}
	}
	for _, i := range sorted {
		res := &r.Results[i]
		s := suite(junitKey{res.Target.Kind, res.Target.ID})
		s.cases = append(s.cases, i)
		s.Tests++
		switch res.Status {
		case engine.StatusFail:
			s.Failures++
		case engine.StatusError:
			s.Errors++
		case engine.StatusWaived:
			s.Skipped++
		}
	}
	doc := junitSuites{Name: cmp.Or(r.Tool.Name, "paved"), Time: fmt.Sprintf("%.3f", float64(r.Run.DurationMS)/1000)}
	for _, s := range order {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	return doc, order
}

// junitSorted is the positions of the report's results sorted by policy,
// resource and status (stable): positions are sorted, not the results.
func junitSorted(r *engine.Report) []int {
	pos := make([]int, len(r.Results))
	for i := range pos {
		pos[i] = i
	}
	slices.SortStableFunc(pos, func(i, j int) int {
		a, b := &r.Results[i], &r.Results[j]
		return cmp.Or(cmp.Compare(a.Policy.ID, b.Policy.ID), cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Status, b.Status))
	})
	return pos
}

// junitCaseOf is one result's testcase.
func junitCaseOf(r *engine.Report, res engine.Result) junitCase {
	c := junitCase{ClassName: cmp.Or(res.Policy.ID, errorRuleID), Name: cmp.Or(res.Resource, res.Target.ID)}
	if res.Location != nil {
		c.File = res.Location.File
	}
	switch res.Status {
	case engine.StatusFail:
		c.Failure = &junitProblem{Message: res.Policy.Title, Type: res.Policy.Severity, Body: junitBody(r, res)}
	case engine.StatusError:
		c.Error = &junitProblem{Message: firstLine(cmp.Or(res.Message, res.Policy.Title)), Type: "error", Body: junitBody(r, res)}
	case engine.StatusWaived:
		c.Skipped = &junitSkipped{Message: strings.TrimSpace("waived " + res.WaiverID)}
	case engine.StatusWarn:
		c.SystemOut = "warn: " + junitBody(r, res)
	}
	return c
}

// junitBody is what a CI test view shows under a failing case: the message,
// where, and what to do.
func junitBody(r *engine.Report, res engine.Result) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(cmp.Or(res.Message, res.Policy.Title)))
	if loc := location(res); loc != "" {
		b.WriteString("\nat " + loc)
	}
	if res.Resource != "" {
		b.WriteString("\nresource: " + res.Resource)
	}
	if rem := remediation(r, res); rem != "" {
		b.WriteString("\nremediation: " + rem)
	}
	return b.String()
}

// junitTime is the run's start in the ISO 8601 form the JUnit schema wants
// (no zone; UTC).
func junitTime(r *engine.Report) string {
	if r.Run.StartedAt.IsZero() {
		return ""
	}
	return r.Run.StartedAt.UTC().Format("2006-01-02T15:04:05")
}
