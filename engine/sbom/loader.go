package sbom

import (
	"bytes"
	"context"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/exclude"
	"github.com/paved-dev/paved/engine/walk"
)

// DefaultMaxFileSize bounds one SBOM read when Options.MaxFileSize is zero.
const DefaultMaxFileSize = 64 << 20

// Options tune a Loader.
type Options struct {
	// MaxFileSize bounds each file read; a bigger file is a Diagnostic.
	MaxFileSize int64
	// MaxComponents bounds the components of one SBOM (nested ones
	// included); more is a Diagnostic. Default DefaultMaxComponents.
	MaxComponents int
	// MaxDepth bounds the nesting of components. Default DefaultMaxDepth.
	MaxDepth int
	// Exclude leaves paths out of a directory walk (gitignore syntax,
	// relative to the scanned directory).
	Exclude *exclude.Matcher
	// Advisories, when set, matches every component against a
	// vulnerability database (engine/osv); matches join the
	// vulnerabilities the SBOM carries.
	Advisories AdvisoryDB
}

// Loader reads SBOMs into targets. It is safe for concurrent use.
type Loader struct {
	opts Options
}

// New returns a Loader.
func New(opts Options) *Loader {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.MaxComponents <= 0 {
		opts.MaxComponents = DefaultMaxComponents
	}
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	return &Loader{opts: opts}
}

var _ engine.Loader = (*Loader)(nil)

// IsSBOMName reports whether a directory walk considers a file by its name
// (case-insensitive): bom.json, bom.xml, sbom.json, *.cdx.json, *.cdx.xml,
// *.spdx.json, and any .json or .xml whose name says "bom"
// (app-1.2__bom.1.4.xml); the walk confirms each by content.
func IsSBOMName(name string) bool {
	n := strings.ToLower(name)
	switch {
	case n == "bom.json", n == "bom.xml", n == "sbom.json":
		return true
	case strings.HasSuffix(n, ".cdx.json"), strings.HasSuffix(n, ".cdx.xml"),
		strings.HasSuffix(n, ".bom.json"), strings.HasSuffix(n, ".bom.xml"), strings.HasSuffix(n, ".spdx.json"):
		return true
	case (strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".xml")) && strings.Contains(n, "bom"):
		return true
	}
	return false
}

// IsSBOMContent reports whether a file is a CycloneDX SBOM (JSON or XML)
// or an SPDX JSON document, whatever its name. A JSON document is judged by
// its top-level members wherever they stand: a document with sorted keys
// names its bomFormat after a components array of any size.
func IsSBOMContent(src []byte) bool {
	return sniff(src) != ""
}

// sniff is "cyclonedx-json", "cyclonedx-xml", "spdx-json" or "".
func sniff(src []byte) string {
	body := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(body) == 0:
		return ""
	case body[0] == '<':
		if xmlNS.Match(body[:min(len(body), xmlHead)]) {
			return "cyclonedx-xml"
		}
	case body[0] == '{':
		format, _, ok, spdx := prescan(body)
		switch {
		case spdx:
			return "spdx-json"
		case ok && format == "CycloneDX":
			return "cyclonedx-json"
		}
	}
	return ""
}

// xmlHead is how far into an XML document its CycloneDX namespace must be
// declared (on the root element).
const xmlHead = 4096

// Load reads the SBOMs at p: p itself when it is a file (whatever its name),
// or every SBOM under p when it is a directory (names by IsSBOMName, then
// confirmed by content: CycloneDX JSON or XML, SPDX JSON). Input
// problems come back as engine.Diagnostics together with the targets that
// did load.
func (l *Loader) Load(ctx context.Context, p string) ([]*engine.Target, error) {
	return walk.Load(ctx, p, l.kind())
}

// Parse reads one SBOM with the Loader's limits (see the package-level
// Parse), joins the Loader's Advisories and declares the SBOM's VEX
// resolutions as waivers (Target.Waivers; see vex.go).
func (l *Loader) Parse(id string, src []byte) (*engine.Target, error) {
	t, err := parse(id, src, l.opts.MaxComponents, l.opts.MaxDepth)
	if t != nil {
		if l.opts.Advisories != nil {
			joinAdvisories(t, l.opts.Advisories)
		}
		declareVEX(t)
	}
	return t, err
}
