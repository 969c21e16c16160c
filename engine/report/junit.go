package report

import (
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
// system-out.
func writeJUnit(w io.Writer, r *engine.Report) error {
	type key struct{ kind, id string }
	var order []key
	suites := map[key]*junitSuite{}
	suite := func(k key) *junitSuite {
		if s, ok := suites[k]; ok {
			return s
		}
		s := &junitSuite{Name: targetName(k.kind, k.id), Timestamp: junitTime(r), Cases: []junitCase{}}
		suites[k] = s
		order = append(order, k)
		return s
	}
	for _, t := range r.Targets {
		s := suite(key{t.Kind, t.ID})
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
	results := slices.Clone(r.Results)
	slices.SortStableFunc(results, func(a, b engine.Result) int {
		return cmp.Or(cmp.Compare(a.Policy.ID, b.Policy.ID), cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Status, b.Status))
	})
	for _, res := range results {
		s := suite(key{res.Target.Kind, res.Target.ID})
		s.Tests++
		c := junitCase{ClassName: cmp.Or(res.Policy.ID, errorRuleID), Name: cmp.Or(res.Resource, res.Target.ID)}
		if res.Location != nil {
			c.File = res.Location.File
		}
		switch res.Status {
		case engine.StatusFail:
			s.Failures++
			c.Failure = &junitProblem{Message: res.Policy.Title, Type: res.Policy.Severity, Body: junitBody(r, res)}
		case engine.StatusError:
			s.Errors++
			c.Error = &junitProblem{Message: firstLine(cmp.Or(res.Message, res.Policy.Title)), Type: "error", Body: junitBody(r, res)}
		case engine.StatusWaived:
			s.Skipped++
			c.Skipped = &junitSkipped{Message: strings.TrimSpace("waived " + res.WaiverID)}
		case engine.StatusWarn:
			c.SystemOut = "warn: " + junitBody(r, res)
		}
		s.Cases = append(s.Cases, c)
	}
	doc := junitSuites{Name: cmp.Or(r.Tool.Name, "paved"), Time: fmt.Sprintf("%.3f", float64(r.Run.DurationMS)/1000)}
	for _, k := range order {
		s := suites[k]
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, *s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
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
