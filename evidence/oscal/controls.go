package oscal

import (
	"strings"
)

// Control is a control reference from a policy's metadata (controls:),
// mapped onto OSCAL.
//
// A reference is FRAMEWORK:ID (NIST-800-53:SC-28, SOC2:CC6.1,
// PCI-DSS:3.5.1), CIS-BENCHMARK-NUMBER (CIS-AWS-2.1.1, CIS-Docker-4.1), or
// a name that is its own framework (EO-14028). The OSCAL control id is the
// one NIST's own catalog uses for SP 800-53 (SC-28 → sc-28, AC-2(1) →
// ac-2.1); for every other framework, which has no OSCAL catalog from its
// publisher, it is the framework and the id lowercased and joined by "_"
// (soc2_cc6.1, cis-aws_2.1.1, eo-14028), characters outside [a-z0-9._-]
// becoming "-", so ids of different frameworks never collide and every id
// is an OSCAL token. The reference as written is kept beside it (a
// "control" prop) wherever it is used.
type Control struct {
	Ref       string // as the policy writes it
	Framework string // the catalog's short name: NIST-800-53, SOC2, CIS-AWS
	ID        string // the OSCAL control id
}

// MapControl maps a control reference; ok is false for an empty one.
func MapControl(ref string) (c Control, ok bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Control{}, false
	}
	framework, local := splitControl(ref)
	c = Control{Ref: ref, Framework: framework}
	if cat := catalogOf(framework); cat.name != "" {
		c.Framework = cat.name
	}
	if strings.EqualFold(framework, "NIST-800-53") {
		if id, ok := nist80053ID(local); ok {
			c.ID = id
			return c, true
		}
	}
	c.ID = token(framework, local)
	return c, true
}

// splitControl separates a reference's framework from its id within it.
func splitControl(ref string) (framework, local string) {
	if i := strings.IndexByte(ref, ':'); i >= 0 {
		return strings.TrimSpace(ref[:i]), strings.TrimSpace(ref[i+1:])
	}
	// CIS benchmarks are written CIS-AWS-2.1.1: the number starts at the
	// first dash followed by a digit after the benchmark's name.
	if len(ref) > 4 && strings.EqualFold(ref[:4], "CIS-") {
		for i := 4; i+1 < len(ref); i++ {
			if ref[i] == '-' && ref[i+1] >= '0' && ref[i+1] <= '9' {
				return ref[:i], ref[i+1:]
			}
		}
	}
	return ref, ""
}

// nist80053ID is an SP 800-53 control (SC-28) or enhancement (AC-2(1),
// AC-2.1) as NIST's OSCAL catalog names it (sc-28, ac-2.1).
func nist80053ID(local string) (string, bool) {
	s := strings.ToLower(local)
	if len(s) < 4 || !isLower(s[0]) || !isLower(s[1]) || s[2] != '-' {
		return "", false
	}
	num, enh, hasEnh := s[3:], "", false
	if i := strings.IndexAny(num, "(."); i >= 0 {
		hasEnh = true
		switch {
		case num[i] == '.':
			num, enh = num[:i], num[i+1:]
		case strings.HasSuffix(num, ")"):
			num, enh = num[:i], num[i+1:len(num)-1]
		default:
			return "", false
		}
	}
	if !digits(num) || hasEnh && !digits(enh) {
		return "", false
	}
	id := s[:3] + trimZeros(num)
	if hasEnh {
		id += "." + trimZeros(enh)
	}
	return id, true
}

// trimZeros drops leading zeros (AC-02 is ac-2 in the catalog).
func trimZeros(n string) string {
	if t := strings.TrimLeft(n, "0"); t != "" {
		return t
	}
	return "0"
}

func isLower(b byte) bool { return b >= 'a' && b <= 'z' }

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// token joins a framework and an id into an OSCAL token (an XML NCName,
// kept to ASCII).
func token(framework, local string) string {
	s := strings.ToLower(framework)
	if local != "" {
		s += "_" + strings.ToLower(local)
	}
	var b strings.Builder
	b.Grow(len(s) + 1)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isLower(c), c >= '0' && c <= '9', c == '.', c == '-', c == '_':
			b.WriteByte(c)
		case c >= 0x80 && c < 0xC0:
			// a continuation byte of a character already replaced
		default:
			b.WriteByte('-')
		}
	}
	out := b.String()
	if out == "" || !isLower(out[0]) && out[0] != '_' {
		out = "_" + out
	}
	return out
}

// catalog is what paved knows of a framework's catalog: its name as paved
// writes it, its title, and where it is published.
type catalog struct {
	name, title, href, mediaType string
}

// catalogOf names the catalogs of the frameworks the built-in policies
// cite; an unknown framework has none (its controls are still mapped,
// under the name the policy gives).
func catalogOf(framework string) catalog {
	const html = "text/html"
	switch strings.ToUpper(framework) {
	case "NIST-800-53":
		return catalog{"NIST-800-53", "NIST SP 800-53 Rev. 5",
			"https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json",
			"application/oscal.catalog+json"}
	case "SOC2":
		return catalog{"SOC2", "AICPA Trust Services Criteria (SOC 2)",
			"https://www.aicpa-cima.com/resources/download/2017-trust-services-criteria-with-revised-points-of-focus-2022", html}
	case "CIS-AWS":
		return catalog{"CIS-AWS", "CIS Amazon Web Services Foundations Benchmark", "https://www.cisecurity.org/benchmark/amazon_web_services", html}
	case "CIS-AZURE":
		return catalog{"CIS-Azure", "CIS Microsoft Azure Foundations Benchmark", "https://www.cisecurity.org/benchmark/azure", html}
	case "CIS-GCP":
		return catalog{"CIS-GCP", "CIS Google Cloud Platform Foundation Benchmark", "https://www.cisecurity.org/benchmark/google_cloud_computing_platform", html}
	case "CIS-EKS":
		return catalog{"CIS-EKS", "CIS Amazon EKS Benchmark", "https://www.cisecurity.org/benchmark/kubernetes", html}
	case "CIS-DOCKER":
		return catalog{"CIS-Docker", "CIS Docker Benchmark", "https://www.cisecurity.org/benchmark/docker", html}
	case "CIS-LINUX":
		return catalog{"CIS-Linux", "CIS Distribution Independent Linux Benchmark", "https://www.cisecurity.org/benchmark/distribution_independent_linux", html}
	case "CIS-CONTROLS":
		return catalog{"CIS-Controls", "CIS Critical Security Controls v8", "https://www.cisecurity.org/controls", html}
	case "PCI-DSS":
		return catalog{"PCI-DSS", "PCI Data Security Standard", "https://www.pcisecuritystandards.org/document_library/", html}
	case "PCI-DSS-4.0":
		return catalog{"PCI-DSS-4.0", "PCI Data Security Standard v4.0", "https://www.pcisecuritystandards.org/document_library/", html}
	case "SSDF":
		return catalog{"SSDF", "NIST SP 800-218 Secure Software Development Framework", "https://csrc.nist.gov/pubs/sp/800/218/final", html}
	case "NIST-800-218":
		return catalog{"NIST-800-218", "NIST SP 800-218 Secure Software Development Framework", "https://csrc.nist.gov/pubs/sp/800/218/final", html}
	case "SLSA":
		return catalog{"SLSA", "Supply-chain Levels for Software Artifacts v1.0", "https://slsa.dev/spec/v1.0/levels", html}
	case "EO-14028":
		return catalog{"EO-14028", "Executive Order 14028, Improving the Nation's Cybersecurity",
			"https://www.federalregister.gov/documents/2021/05/17/2021-10460/improving-the-nations-cybersecurity", html}
	case "NTIA-SBOM-MINIMUM-ELEMENTS":
		return catalog{"NTIA-SBOM-Minimum-Elements", "NTIA The Minimum Elements For a Software Bill of Materials",
			"https://www.ntia.gov/report/2021/minimum-elements-software-bill-materials-sbom", html}
	}
	return catalog{}
}
