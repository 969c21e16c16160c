package bundle

import (
	"github.com/paved-dev/paved/engine"
)

// Names of the files in a bundle.
const (
	ManifestFile    = "manifest.json"
	AttestationFile = "attestation.json"
	ReportFile      = "report.json"
	SARIFFile       = "report.sarif"
	EnvironmentFile = "environment.json"
	PolicySetFile   = "policy-set.json"
	WaiversFile     = "waivers.json"
	OSCALFile       = "oscal/assessment-results.json"
	PoliciesDir     = "policies"
)

// ManifestSchema names the version of the bundle's layout and manifest.
const ManifestSchema = "paved.evidence/v1"

// Manifest lists every file of a bundle but itself and the attestation,
// sorted by path.
type Manifest struct {
	Schema string      `json:"schema"`
	Files  []FileEntry `json:"files"`
}

// FileEntry is one file: its slash path in the bundle, SHA-256 (hex) and
// size in bytes.
type FileEntry struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// PolicySetDoc is policy-set.json: the set that ran. Files lists every
// file of the set by its name in the set and SHA-256, so the set's digest
// (engine.DigestFiles) can be recomputed from this file alone; Path is
// where the file is stored in the bundle, "" when it is not (an OCI
// bundle's files, which its reference and digest name).
type PolicySetDoc struct {
	Digest   string            `json:"digest"`
	Count    int               `json:"count"`
	Sources  []PolicySourceDoc `json:"sources"`
	Files    []PolicyFileDoc   `json:"files"`
	Policies []PolicyDoc       `json:"policies"`
}

// PolicySourceDoc is one tree of the set.
type PolicySourceDoc struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"` // builtin, directory, oci
	Ref      string `json:"ref,omitempty"`
	Digest   string `json:"digest,omitempty"`
	Revision string `json:"revision,omitempty"`
	Stored   bool   `json:"stored"` // its files are under policies/
}

// PolicyFileDoc is one file of the set.
type PolicyFileDoc struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Path   string `json:"path,omitempty"`
}

// PolicyDoc is one policy and the version of it that ran: its file's
// SHA-256, and its source's version (paved's for the built-ins, the
// bundle's revision for an OCI bundle).
type PolicyDoc struct {
	ID          string      `json:"id"`
	Title       string      `json:"title"`
	Severity    string      `json:"severity"`
	Enforcement string      `json:"enforcement"`
	Kind        engine.Kind `json:"kind"`
	Controls    []string    `json:"controls"`
	File        string      `json:"file"`
	SHA256      string      `json:"sha256"`
	Source      string      `json:"source"`
	Version     string      `json:"version,omitempty"`
}

// WaiversDoc is waivers.json: every waiver the run knew, from waivers
// files and inline comments, and every VEX statement the SBOMs declared.
type WaiversDoc struct {
	Waivers []WaiverDoc `json:"waivers"`
	VEX     []WaiverDoc `json:"vex"`
}

// WaiverDoc is a waiver as the report has it, and whether it waived
// findings in this run.
type WaiverDoc struct {
	*engine.Waiver
	Applied bool `json:"applied"`
}
