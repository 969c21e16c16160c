package osv

import (
	"regexp"
	"strings"

	"github.com/package-url/packageurl-go"
)

// pkgRef is a component as OSV names it.
type pkgRef struct {
	ecosystem string // OSV ecosystem without its ":release" suffix
	name      string // normalised (normName)
	release   string // distribution release ("12", "22.04", "3.18"), "" when unknown
	version   string
}

// ecosystems maps a purl type (and, for OS packages, its namespace) to an
// OSV ecosystem. Types without an entry are not matched.
var ecosystems = map[string]string{
	"npm": "npm", "pypi": "PyPI", "maven": "Maven", "golang": "Go", "cargo": "crates.io",
	"gem": "RubyGems", "nuget": "NuGet", "composer": "Packagist", "hex": "Hex", "pub": "Pub",
	"cran": "CRAN", "hackage": "Hackage", "conan": "ConanCenter", "bitnami": "Bitnami",
	"deb/debian": "Debian", "deb/ubuntu": "Ubuntu",
	"apk/alpine": "Alpine", "apk/wolfi": "Wolfi", "apk/chainguard": "Chainguard",
}

// supported is every ecosystem the index holds: those a purl can name.
var supported = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range ecosystems {
		m[e] = true
	}
	return m
}()

// debianReleases maps Debian code names (the distro qualifier some
// generators write) to the release numbers OSV uses.
var debianReleases = map[string]string{
	"wheezy": "7", "jessie": "8", "stretch": "9", "buster": "10", "bullseye": "11",
	"bookworm": "12", "trixie": "13", "forky": "14", "duke": "15",
}

var releaseNumber = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?`)

// fromPurl states a purl in OSV's terms; ok is false when the purl does
// not parse, has no version, or names no ecosystem OSV covers.
func fromPurl(s string) (pkgRef, bool) {
	p, err := packageurl.FromString(s)
	if err != nil || p.Version == "" {
		return pkgRef{}, false
	}
	typ, ns := strings.ToLower(p.Type), p.Namespace
	eco, ok := ecosystems[typ]
	if !ok {
		eco, ok = ecosystems[typ+"/"+strings.ToLower(ns)]
	}
	if !ok {
		return pkgRef{}, false
	}
	r := pkgRef{ecosystem: eco, name: p.Name, version: p.Version}
	q := p.Qualifiers.Map()
	switch eco {
	case "npm", "Go", "Packagist":
		if ns != "" {
			r.name = ns + "/" + p.Name
		}
	case "Maven":
		r.name = ns + ":" + p.Name
	case "Debian", "Ubuntu", "Alpine", "Wolfi", "Chainguard":
		// OSV names the source package; generators put it in the upstream
		// qualifier, as "name" or "name@source-version".
		if up := q["upstream"]; up != "" {
			name, ver, _ := strings.Cut(up, "@")
			r.name = strings.TrimSpace(name)
			if ver != "" {
				r.version = ver
			}
		}
		r.release = release(eco, q["distro"])
	}
	if eco == "Go" {
		r.version = strings.TrimPrefix(r.version, "v")
		if r.name == "stdlib" {
			r.version = strings.TrimPrefix(r.version, "go")
		}
	}
	r.name = normName(eco, r.name)
	return r, r.name != ""
}

// release is the release a distro qualifier names, spelled as OSV's
// ecosystem suffix ("debian-12.4" → "12", "bookworm" → "12",
// "ubuntu-22.04" → "22.04", "alpine-3.18.4" → "3.18").
func release(eco, distro string) string {
	d := strings.ToLower(strings.TrimSpace(distro))
	d = strings.TrimPrefix(d, strings.ToLower(eco)+"-")
	if eco == "Debian" {
		if n, ok := debianReleases[d]; ok {
			return n
		}
	}
	d = strings.TrimPrefix(d, "v")
	m := releaseNumber.FindString(d)
	if eco == "Debian" {
		m, _, _ = strings.Cut(m, ".")
	}
	return m
}

// ecosystemRelease splits an OSV ecosystem into its base and release
// ("Debian:12" → "Debian", "12"; "Alpine:v3.18" → "Alpine", "3.18";
// "Ubuntu:Pro:22.04:LTS" → "Ubuntu", "22.04"). Other suffixes (a Maven
// repository URL) are not releases: "".
func ecosystemRelease(eco string) (string, string) {
	base, rest, _ := strings.Cut(eco, ":")
	switch base {
	case "Debian", "Alpine", "Ubuntu":
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "Pro:"), "v")
		rest, _, _ = strings.Cut(rest, ":")
		return base, rest
	}
	return base, ""
}

// normName is a package name as the index keys it: PyPI names normalised
// per PEP 503, the others in lower case (the purl spec lowercases Go
// module paths, so OSV's must be too).
func normName(eco, name string) string {
	name = strings.TrimSpace(name)
	switch eco {
	case "PyPI":
		var b strings.Builder
		sep := false
		for _, r := range strings.ToLower(name) {
			if r == '-' || r == '_' || r == '.' {
				sep = true
				continue
			}
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
		}
		return b.String()
	}
	return strings.ToLower(name)
}
