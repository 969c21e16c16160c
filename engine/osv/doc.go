// Package osv matches SBOM components against an offline copy of OSV
// advisories (https://ossf.github.io/osv-schema/): a directory tree of
// *.json files, one advisory each, or the per-ecosystem all.zip exports of
// osv.dev. It implements sbom.AdvisoryDB, so `paved check --vuln-db DIR`
// adds matched vulnerabilities to the SBOM input document.
//
// Load decodes each record on its own, bounded in size and count, and
// keeps only what matching needs, indexed by (ecosystem, normalised package
// name): matching a component costs the advisories of its own package.
// Versions are compared with each ecosystem's rules (npm and SEMVER ranges:
// SemVer 2; PyPI: PEP 440; Maven; Debian; Alpine; RubyGems; NuGet;
// Packagist…) by github.com/google/osv-scalibr/semantic; CVSS vectors are
// scored by github.com/pandatix/go-cvss. A record that is not a valid OSV
// advisory is a diagnostic naming its file, never skipped.
package osv
