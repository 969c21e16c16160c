package report

import (
	"bufio"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

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
	Cases      junitCases       `xml:"testcase"`
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
// system-out.
func writeJUnit(w io.Writer, r *engine.Report) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	// The encoder flushes its buffer after every test case (junitCases
	// hands them over one by one) and would take a *bufio.Writer as that
	// buffer: wrapped, bw stays ours, and a flush is a copy into it rather
	// than a write to w.
	enc := xml.NewEncoder(struct{ io.Writer }{bw})
	enc.Indent("", "  ")
	if err := enc.Encode(junitDocument(r, junitSorted(r))); err != nil {
		return err
	}
	bw.WriteString("\n")
	return bw.Flush()
}

// junitCases are a testsuite's test cases, made from the report's results
// as the encoder reaches them: a big SBOM's document has hundreds of
// thousands, never held all at once.
type junitCases struct {
	r   *engine.Report
	pos []int // in r.Results, in order
}

// MarshalXML encodes each case in turn as an element named as start.
func (cs junitCases) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	var c junitCase // one for all: a case is written before the next is made
	for _, i := range cs.pos {
		c = junitCaseOf(cs.r, cs.r.Results[i])
		if err := e.EncodeElement(&c, start); err != nil {
			return err
		}
	}
	return nil
}

type junitKey struct {
	kind engine.Kind
	id   string
}

// junitDocument is the report's JUnit document, its suites in the order
// they appear: the report's targets, then targets only results name, as
// the sorted results (positions in the report) name them.
func junitDocument(r *engine.Report, sorted []int) junitSuites {
	var order []*junitSuite
	suites := map[junitKey]*junitSuite{}
	suite := func(k junitKey) *junitSuite {
		if s, ok := suites[k]; ok {
			return s
		}
		s := &junitSuite{Name: targetName(k.kind, k.id), Timestamp: junitTime(r), Cases: junitCases{r: r}}
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
	// Results of one target share its TargetRef: look a suite up once
	// per run of them.
	var lastRef *engine.TargetRef
	var last *junitSuite
	suiteOf := func(res *engine.Result) *junitSuite {
		if res.Target != lastRef || last == nil {
			lastRef, last = res.Target, suite(junitKey{res.Target.Kind, res.Target.ID})
		}
		return last
	}
	for _, i := range sorted {
		res := &r.Results[i]
		s := suiteOf(res)
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
	// Every suite's cases are a part of one array, sized by the counts.
	all, at := make([]int, len(sorted)), 0
	for _, s := range order {
		s.Cases.pos, at = all[at:at:at+s.Tests], at+s.Tests
	}
	for _, i := range sorted {
		s := suiteOf(&r.Results[i])
		s.Cases.pos = append(s.Cases.pos, i)
	}
	doc := junitSuites{Name: cmp.Or(r.Tool.Name, "paved"), Time: fmt.Sprintf("%.3f", float64(r.Run.DurationMS)/1000)}
	for _, s := range order {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, *s)
	}
	return doc
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
		c.Failure = &junitProblem{Message: res.Policy.Title, Type: res.Policy.Severity, Body: junitBody(r, res, "")}
	case engine.StatusError:
		c.Error = &junitProblem{Message: firstLine(cmp.Or(res.Message, res.Policy.Title)), Type: "error", Body: junitBody(r, res, "")}
	case engine.StatusWaived:
		c.Skipped = &junitSkipped{Message: strings.TrimSpace("waived " + res.WaiverID)}
	case engine.StatusWarn:
		c.SystemOut = junitBody(r, res, "warn: ")
	}
	return c
}

// junitBody is what a CI test view shows under a failing case, after
// prefix: the message, where, and what to do. A big SBOM has tens of
// thousands, so each is built in one allocation.
func junitBody(r *engine.Report, res engine.Result, prefix string) string {
	msg := strings.TrimSpace(cmp.Or(res.Message, res.Policy.Title))
	loc := location(res)
	rem := remediation(r, res)
	var b strings.Builder
	b.Grow(len(prefix) + len(msg) + len(loc) + len(res.Resource) + len(rem) + len("\nat \nresource: \nremediation: "))
	b.WriteString(prefix)
	b.WriteString(msg)
	for _, part := range [...]struct{ label, text string }{{"\nat ", loc}, {"\nresource: ", res.Resource}, {"\nremediation: ", rem}} {
		if part.text != "" {
			b.WriteString(part.label)
			b.WriteString(part.text)
		}
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
