package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

type junitCheck struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			ClassName string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
		SystemErr string `xml:"system-err"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, b []byte) junitCheck {
	t.Helper()
	var doc junitCheck
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("junit output is not XML: %v", err)
	}
	return doc
}

func TestJUnitCounts(t *testing.T) {
	tests := []struct {
		fixture                                  string
		suites, tests, failures, errors, skipped int
	}{
		{"full", 4, 13, 5, 2, 1},
		{"empty", 1, 0, 0, 0, 0},
		{"passes", 1, 2, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			doc := parseJUnit(t, render(t, FormatJUnit, tt.fixture, Options{}))
			if len(doc.Suites) != tt.suites || doc.Tests != tt.tests || doc.Failures != tt.failures || doc.Errors != tt.errors || doc.Skipped != tt.skipped {
				t.Fatalf("got %d suites, tests=%d failures=%d errors=%d skipped=%d; want %d %d %d %d %d",
					len(doc.Suites), doc.Tests, doc.Failures, doc.Errors, doc.Skipped, tt.suites, tt.tests, tt.failures, tt.errors, tt.skipped)
			}
			// Suite attributes must agree with the cases they hold, and
			// the totals with the suites.
			var tests, failures, errors, skipped int
			for _, s := range doc.Suites {
				var f, e, sk int
				for _, c := range s.Cases {
					if c.Failure != nil {
						f++
					}
					if c.Error != nil {
						e++
					}
					if c.Skipped != nil {
						sk++
					}
				}
				if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != sk {
					t.Errorf("suite %s: attributes %d/%d/%d/%d, cases %d/%d/%d/%d", s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), f, e, sk)
				}
				tests, failures, errors, skipped = tests+s.Tests, failures+s.Failures, errors+s.Errors, skipped+s.Skipped
			}
			if tests != doc.Tests || failures != doc.Failures || errors != doc.Errors || skipped != doc.Skipped {
				t.Errorf("totals %d/%d/%d/%d do not add up to the suites' %d/%d/%d/%d", doc.Tests, doc.Failures, doc.Errors, doc.Skipped, tests, failures, errors, skipped)
			}
		})
	}
}

func TestJUnitCases(t *testing.T) {
	doc := parseJUnit(t, render(t, FormatJUnit, "full", Options{}))
	names := []string{}
	for _, s := range doc.Suites {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); got != "terraform:infra/prod terraform:infra/legacy repo:services/api image:ghcr.io/acme/api:1.4.2" {
		t.Errorf("suites %s", got)
	}
	if !strings.Contains(doc.Suites[1].SystemErr, "Argument or block definition required") {
		t.Errorf("target load error not in system-err: %q", doc.Suites[1].SystemErr)
	}
	found := false
	for _, c := range doc.Suites[0].Cases {
		switch {
		case c.ClassName == "TF-AWS-S3-001" && c.Name == "aws_s3_bucket.logs":
			found = true
			f := c.Failure
			if f == nil || f.Message != "S3 buckets encrypt data at rest" || f.Type != "high" {
				t.Fatalf("failure = %+v", f)
			}
			for _, want := range []string{`100% of objects <unencrypted>`, "at infra/prod/s3.tf:3", "remediation: Add an aws_s3_bucket_server_side_encryption_configuration"} {
				if !strings.Contains(f.Body, want) {
					t.Errorf("failure body lacks %q: %q", want, f.Body)
				}
			}
		case c.ClassName == "TF-AWS-TAG-003":
			if c.Failure != nil || c.Error != nil || !strings.Contains(c.SystemOut, "bucket has no owner tag") {
				t.Errorf("warn case = %+v, want passing with system-out", c)
			}
		case c.Name == "aws_s3_bucket.legacy_logs":
			if c.Skipped == nil || c.Skipped.Message != "waived W-2026-014" {
				t.Errorf("waived case = %+v", c)
			}
		}
	}
	if !found {
		t.Fatal("no case for TF-AWS-S3-001 on aws_s3_bucket.logs")
	}
}

// Suites for targets only results name come in the order the sorted
// results name them (policy, resource, status), not the report's.
func TestJUnitSuiteOrder(t *testing.T) {
	p1, p2 := &engine.PolicyRef{ID: "A-1"}, &engine.PolicyRef{ID: "B-1"}
	rep := &engine.Report{Results: []engine.Result{
		{Status: engine.StatusPass, Policy: p2, Target: &engine.TargetRef{Kind: "repo", ID: "first-in-report"}, Resource: "r"},
		{Status: engine.StatusPass, Policy: p1, Target: &engine.TargetRef{Kind: "repo", ID: "first-sorted"}, Resource: "r"},
	}}
	var out bytes.Buffer
	if err := writeJUnit(&out, rep); err != nil {
		t.Fatal(err)
	}
	if a, b := strings.Index(out.String(), "repo:first-sorted"), strings.Index(out.String(), "repo:first-in-report"); a < 0 || b < 0 || a > b {
		t.Errorf("suite order:\n%s", out.String())
	}
}
