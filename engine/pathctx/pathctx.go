// Package pathctx says what a file is for from where it sits in a
// repository: ordinary code, a test, test data, an example, or
// documentation, by the conventions of the common languages. A finding in
// a test or fixture is about something that is not deployed; the secret
// scanner and the Dockerfile policies report those without blocking.
package pathctx

import (
	"path"
	"slices"
	"strings"
)

// Context is what a file's place says it is for.
type Context string

const (
	// Code: nothing marks the file as anything but what is built and run.
	Code Context = "code"
	// Test: a test source file (*_test.go, test_*.py, *.spec.ts…) or a
	// file under a test directory (test/, tests/, src/test/…).
	Test Context = "test"
	// Fixture: test data (testdata/, fixtures/, __fixtures__/…).
	Fixture Context = "fixture"
	// Docs: documentation (*.md, *.rst, *.adoc, docs/…).
	Docs Context = "docs"
	// Example: examples and samples (examples/, samples/, .env.example,
	// config.sample.yaml…).
	Example Context = "example"
)

// Of classifies a file by where it sits in the repository; file is a
// slash path relative to the repository root. reason is the evidence, a
// phrase a message can quote ("in a Go test file (*_test.go)", "under
// testdata/, where test data lives"); "" for Code.
func Of(file string) (Context, string) {
	// Test and fixture conventions by file name, per language, and the
	// directory names that hold tests, test data, examples and docs.
	testSuffixes := []struct{ suffix, what string }{
		{"_test.go", "a Go test file (*_test.go)"},
		{"_test.py", "a Python test file (*_test.py)"},
		{"_spec.rb", "an RSpec file (*_spec.rb)"},
		{"_test.rb", "a Ruby test file (*_test.rb)"},
		{"_test.exs", "an Elixir test file (*_test.exs)"},
		{"_test.dart", "a Dart test file (*_test.dart)"},
		{"test.java", "a Java test class (*Test.java)"},
		{"tests.java", "a Java test class (*Tests.java)"},
		{"it.java", "a Java integration test (*IT.java)"},
		{"test.kt", "a Kotlin test class (*Test.kt)"},
		{"tests.kt", "a Kotlin test class (*Tests.kt)"},
		{"test.scala", "a Scala test (*Test.scala)"},
		{"spec.scala", "a Scala spec (*Spec.scala)"},
		{"test.cs", "a C# test class (*Test.cs)"},
		{"tests.cs", "a C# test class (*Tests.cs)"},
		{"test.php", "a PHPUnit test (*Test.php)"},
		{"tests.swift", "a Swift test (*Tests.swift)"},
	}
	// JavaScript and TypeScript: name.test.ext and name.spec.ext.
	jsExts := []string{".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts"}
	// Directory names, lower case.
	fixtureDirs := []string{"testdata", "test-data", "test_data", "fixtures", "fixture", "__fixtures__", "__mocks__", "__snapshots__"}
	testDirs := []string{"test", "tests", "__tests__", "spec", "specs", "e2e", "testing", "testutil", "testutils"}
	exampleDirs := []string{"examples", "example", "samples", "sample", "demo", "demos"}
	docsDirs := []string{"docs", "doc", "documentation"}
	docsExts := []string{".md", ".markdown", ".mdx", ".rst", ".adoc", ".asciidoc"}
	// Name parts that mark a file as a template to copy (.env.example,
	// config.sample.yaml, phpunit.xml.dist).
	exampleParts := []string{"example", "sample", "dist", "template"}

	lower := strings.ToLower(file)
	base := path.Base(lower)
	orig := path.Base(file)
	for _, t := range testSuffixes {
		// Java, Kotlin, C#… test classes are CamelCase: FooTest.java, not latest.java.
		if strings.HasSuffix(base, t.suffix) && len(base) > len(t.suffix) && camelSuffix(orig, t.suffix) {
			return Test, "in " + t.what
		}
	}
	if strings.HasPrefix(base, "test_") && strings.HasSuffix(base, ".py") || base == "conftest.py" {
		return Test, "in a pytest file (test_*.py, conftest.py)"
	}
	// A name with the word test in it: test-key.pem, ci_test.key, test_helpers.bash.
	if slices.Contains(strings.FieldsFunc(base, func(r rune) bool { return r == '.' || r == '-' || r == '_' }), "test") {
		return Test, "in " + orig + ", named as a test file"
	}
	for _, ext := range jsExts {
		if strings.HasSuffix(base, ".test"+ext) || strings.HasSuffix(base, ".spec"+ext) {
			return Test, "in a JavaScript or TypeScript test file (*.test" + ext + ", *.spec" + ext + ")"
		}
	}
	dirs := strings.Split(path.Dir(lower), "/")
	if d := firstIn(dirs, fixtureDirs); d != "" {
		return Fixture, "under " + d + "/, where test data lives"
	}
	if d := firstIn(dirs, testDirs); d != "" {
		return Test, "under " + d + "/, where tests live"
	}
	parts := strings.Split(base, ".")
	if len(parts) > 1 && firstIn(parts[1:], exampleParts) != "" || strings.HasPrefix(base, "example") {
		return Example, "in " + orig + ", named as an example or template to copy"
	}
	if d := firstIn(dirs, exampleDirs); d != "" {
		return Example, "under " + d + "/, where examples live"
	}
	for _, ext := range docsExts {
		if strings.HasSuffix(base, ext) {
			return Docs, "in documentation (" + orig + ")"
		}
	}
	if strings.HasPrefix(base, "readme") {
		return Docs, "in documentation (" + orig + ")"
	}
	if d := firstIn(dirs, docsDirs); d != "" {
		return Docs, "under " + d + "/, where documentation lives"
	}
	return Code, ""
}

// camelSuffix checks, for suffixes that are not snake_case (Test.java),
// that the original name has them capitalised: FooTest.java, FooIT.java.
func camelSuffix(name, suffix string) bool {
	if strings.HasPrefix(suffix, "_") {
		return true
	}
	if len(name) < len(suffix) {
		return false
	}
	c := name[len(name)-len(suffix)]
	return c >= 'A' && c <= 'Z'
}

func firstIn(items, set []string) string {
	for _, it := range items {
		for _, s := range set {
			if it == s {
				return s
			}
		}
	}
	return ""
}
