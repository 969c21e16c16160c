package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
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
	doc, suites := junitOutline(r)
	order := junitOrder(r)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	start := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "name"}, Value: doc.Name}, {Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(doc.Tests)},
		{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(doc.Failures)}, {Name: xml.Name{Local: "errors"}, Value: strconv.Itoa(doc.Errors)},
		{Name: xml.Name{Local: "skipped"}, Value: strconv.Itoa(doc.Skipped)}, {Name: xml.Name{Local: "time"}, Value: doc.Time}}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for _, s := range suites {
		attrs := []xml.Attr{
			{Name: xml.Name{Local: "name"}, Value: s.Name}, {Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(s.Tests)},
			{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(s.Failures)}, {Name: xml.Name{Local: "errors"}, Value: strconv.Itoa(s.Errors)},
			{Name: xml.Name{Local: "skipped"}, Value: strconv.Itoa(s.Skipped)}}
		if s.Timestamp != "" {
			attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "timestamp"}, Value: s.Timestamp})
		}
		suite := xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: attrs}
		if err := enc.EncodeToken(suite); err != nil {
			return err
		}
		if s.Properties != nil {
			if err := enc.EncodeElement(s.Properties, xml.StartElement{Name: xml.Name{Local: "properties"}}); err != nil {
				return err
			}
		}
		for _, i := range order[s.key] {
			c := junitCaseOf(r, r.Results[i])
			if err := enc.EncodeElement(c, xml.StartElement{Name: xml.Name{Local: "testcase"}}); err != nil {
				return err
			}
		}
		if s.SystemErr != "" {
			if err := enc.EncodeElement(s.SystemErr, xml.StartElement{Name: xml.Name{Local: "system-err"}}); err != nil {
				return err
			}
		}
		if err := enc.EncodeToken(suite.End()); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

type junitKey struct{ kind, id string }

// junitSuiteHead is a testsuite without its cases.
type junitSuiteHead struct {
	junitSuite
	key junitKey
}

// junitOutline counts the document's and every suite's cases, in the
// order suites appear: the report's targets, then targets only results
// name.
func junitOutline(r *engine.Report) (junitSuites, []*junitSuiteHead) {
	var order []*junitSuiteHead
	suites := map[junitKey]*junitSuiteHead{}
	suite := func(k junitKey) *junitSuiteHead {
		if s, ok := suites[k]; ok {
			return s
		}
		s := &junitSuiteHead{junitSuite: junitSuite{Name: targetName(k.kind, k.id), Timestamp: junitTime(r)}, key: k}
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
	for i := range r.Results {
		res := &r.Results[i]
		s := suite(junitKey{res.Target.Kind, res.Target.ID})
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

// junitOrder lists each suite's results, by position in the report, sorted
// by policy, resource and status (stable); positions are sorted, not the
// results.
func junitOrder(r *engine.Report) map[junitKey][]int {
	pos := make([]int, len(r.Results))
	for i := range pos {
		pos[i] = i
	}
	slices.SortStableFunc(pos, func(i, j int) int {
		a, b := &r.Results[i], &r.Results[j]
		return cmp.Or(cmp.Compare(a.Policy.ID, b.Policy.ID), cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Status, b.Status))
	})
	order := map[junitKey][]int{}
	for _, i := range pos {
		k := junitKey{r.Results[i].Target.Kind, r.Results[i].Target.ID}
		order[k] = append(order[k], i)
	}
	return order
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
