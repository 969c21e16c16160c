package oscal

import (
	"regexp"
	"testing"
)

// tokenRE is OSCAL's TokenDatatype (an NCName), as its schema writes it.
var tokenRE = regexp.MustCompile(`^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$`)

func TestMapControl(t *testing.T) {
	cases := []struct {
		ref, framework, id string
	}{
		{"NIST-800-53:SC-28", "NIST-800-53", "sc-28"},
		{"NIST-800-53:AC-2(1)", "NIST-800-53", "ac-2.1"},
		{"NIST-800-53:AC-2.1", "NIST-800-53", "ac-2.1"},
		{"nist-800-53:ac-02", "NIST-800-53", "ac-2"},
		{"NIST-800-53:AC-2(", "NIST-800-53", "nist-800-53_ac-2-"},
		{"NIST-800-53:SC", "NIST-800-53", "nist-800-53_sc"},
		{"SOC2:CC6.1", "SOC2", "soc2_cc6.1"},
		{"CIS-AWS-2.1.1", "CIS-AWS", "cis-aws_2.1.1"},
		{"CIS-Docker-4.x", "CIS-Docker", "cis-docker_4.x"},
		{"CIS-Linux-6.1.10", "CIS-Linux", "cis-linux_6.1.10"},
		{"CIS-Controls:3.11", "CIS-Controls", "cis-controls_3.11"},
		{"PCI-DSS-4.0:6.3.3", "PCI-DSS-4.0", "pci-dss-4.0_6.3.3"},
		{"SSDF:PS.3.2", "SSDF", "ssdf_ps.3.2"},
		{"SLSA:Build-L2", "SLSA", "slsa_build-l2"},
		{"SLSA:build-L2", "SLSA", "slsa_build-l2"},
		{"EO-14028", "EO-14028", "eo-14028"},
		{"EO-14028:SBOM", "EO-14028", "eo-14028_sbom"},
		{"NTIA-SBOM-Minimum-Elements", "NTIA-SBOM-Minimum-Elements", "ntia-sbom-minimum-elements"},
		{"ACME Policy:SEC 4", "ACME Policy", "acme-policy_sec-4"},
		{"123", "123", "_123"},
		{"Ünïcode:Ä", "Ünïcode", "_-n-code_-"},
		{"  SOC2:CC6.1  ", "SOC2", "soc2_cc6.1"},
	}
	for _, c := range cases {
		got, ok := MapControl(c.ref)
		if !ok || got.Framework != c.framework || got.ID != c.id {
			t.Errorf("MapControl(%q) = %+v, %v; want framework %s, id %s", c.ref, got, ok, c.framework, c.id)
		}
		if !tokenRE.MatchString(got.ID) {
			t.Errorf("MapControl(%q) id %q is not an OSCAL token", c.ref, got.ID)
		}
	}
	for _, empty := range []string{"", "  "} {
		if c, ok := MapControl(empty); ok {
			t.Errorf("MapControl(%q) = %+v, want none", empty, c)
		}
	}
}

// Every built-in framework names a catalog, and frameworks differ in
// their ids: no two references of different frameworks share an id.
func TestCatalogsKnown(t *testing.T) {
	for _, fw := range []string{"NIST-800-53", "SOC2", "CIS-AWS", "CIS-Azure", "CIS-GCP", "CIS-EKS", "CIS-Docker", "CIS-Linux",
		"CIS-Controls", "PCI-DSS", "PCI-DSS-4.0", "SSDF", "NIST-800-218", "SLSA", "EO-14028", "NTIA-SBOM-Minimum-Elements"} {
		if c := catalogOf(fw); c.name != fw || c.title == "" || c.href == "" {
			t.Errorf("catalog of %s: %+v", fw, c)
		}
	}
	a, _ := MapControl("CIS-AWS-2.1.1")
	b, _ := MapControl("CIS-EKS-2.1.1")
	if a.ID == b.ID {
		t.Errorf("CIS-AWS-2.1.1 and CIS-EKS-2.1.1 share id %s", a.ID)
	}
}

func FuzzMapControl(f *testing.F) {
	for _, s := range []string{"NIST-800-53:SC-28", "NIST-800-53:AC-2(1)", "SOC2:CC6.1", "CIS-AWS-2.1.1", "EO-14028", "", ":", "CIS--1", "CIS-", "\xff:\xfe", "NIST-800-53:ab-(9)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		c, ok := MapControl(ref)
		if !ok {
			return
		}
		if !tokenRE.MatchString(c.ID) {
			t.Fatalf("MapControl(%q) id %q is not an OSCAL token", ref, c.ID)
		}
		if again, _ := MapControl(c.Ref); again != c {
			t.Fatalf("MapControl(%q) = %+v, then %+v", ref, c, again)
		}
	})
}
