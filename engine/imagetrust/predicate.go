package imagetrust

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
)

// statement is the part of an in-toto statement paved reads. It is parsed
// from a payload whose signature the libraries check; its facts are
// reported only once they have.
type statement struct {
	Type          string             `json:"_type"`
	PredicateType string             `json:"predicateType"`
	Subject       []statementSubject `json:"subject"`
	Predicate     json.RawMessage    `json:"predicate"`
}

type statementSubject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

const inTotoPayloadType = "application/vnd.in-toto+json"

// statementFromEnvelope reads the statement in a DSSE envelope as cosign's
// .att layers hold it (JSON, payload in base64).
func statementFromEnvelope(b []byte) (*statement, error) {
	var env dsse.Envelope
	if err := json.Unmarshal(b, &env); err != nil {
		return nil, fmt.Errorf("not a DSSE envelope: %w", err)
	}
	if env.PayloadType != inTotoPayloadType {
		return nil, fmt.Errorf("its envelope holds %q, not an in-toto statement", env.PayloadType)
	}
	p, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		return nil, fmt.Errorf("its envelope's payload is not base64: %w", err)
	}
	return parseStatement(p)
}

func parseStatement(p []byte) (*statement, error) {
	var st statement
	if err := json.Unmarshal(p, &st); err != nil {
		return nil, fmt.Errorf("its payload is not an in-toto statement: %w", err)
	}
	if st.PredicateType == "" {
		return nil, errors.New("its statement names no predicate type")
	}
	return &st, nil
}

// subjectMismatch says what a statement is about instead of image h.
func subjectMismatch(st *statement, h v1.Hash) string {
	if st == nil {
		return fmt.Sprintf("it is not about this image's %s", h)
	}
	var ds []string
	for _, s := range st.Subject {
		for alg, hex := range s.Digest {
			ds = append(ds, alg+":"+hex)
		}
	}
	slices.Sort(ds)
	if len(ds) == 0 {
		return fmt.Sprintf("its statement has no subject digest, so it is not about this image's %s", h)
	}
	if len(ds) > 5 {
		ds = append(ds[:5], "…")
	}
	return fmt.Sprintf("its subject is %s, not this image's %s (copied from another image, or the image changed after attesting)",
		strings.Join(ds, ", "), h)
}

// attestation is one attestation found.
type attestation struct {
	format         string
	predicateType  string
	verified       bool
	subjectMatches bool
	signer         signer
	err            string
	slsa, sbom     map[string]any
	vuln           map[string]any
	sbomDoc        *SBOM
}

// counts is the rule of the input document: an attestation is a fact only
// once its envelope verifies against a trusted signer and a subject is the
// image.
func (a attestation) counts() bool { return a.verified && a.subjectMatches }

func (a attestation) doc() map[string]any {
	var sg signer
	if a.verified {
		sg = a.signer
	}
	d := map[string]any{
		"format": a.format, "predicate_type": a.predicateType,
		"verified": a.verified, "subject_matches": a.subjectMatches,
		"signer": sg.doc(), "error": a.err,
		"slsa": nil, "sbom": nil, "vuln": nil,
	}
	// Facts only from attestations that count: a forged predicate must not
	// reach a policy that forgets to check verified.
	if a.counts() {
		if a.slsa != nil {
			d["slsa"] = a.slsa
		}
		if a.sbom != nil {
			d["sbom"] = a.sbom
		}
		if a.vuln != nil {
			d["vuln"] = a.vuln
		}
	}
	return d
}

// facts reads what the predicate says, by its type. A predicate that does
// not parse leaves its facts null and says so in the error.
func (a *attestation) facts(st *statement) {
	pt := st.PredicateType
	var err error
	switch {
	case pt == "https://slsa.dev/provenance/v0.2":
		a.slsa, err = slsaV02(st.Predicate)
	case pt == "https://slsa.dev/provenance/v1" || pt == "https://slsa.dev/provenance/v1.0":
		a.slsa, err = slsaV1(st.Predicate)
	case strings.HasPrefix(pt, "https://cyclonedx.org/bom"):
		a.sbom, err = cyclonedxFacts(st.Predicate)
		a.keepSBOM("cyclonedx", pt, st.Predicate, err)
	case strings.HasPrefix(pt, "https://spdx.dev/Document"):
		a.sbom, err = spdxFacts(st.Predicate)
		a.keepSBOM("spdx", pt, st.Predicate, err)
	case pt == "https://cosign.sigstore.dev/attestation/vuln/v1":
		a.vuln, err = vulnFacts(st.Predicate, false)
	case strings.HasPrefix(pt, "https://in-toto.io/attestation/vulns/"):
		a.vuln, err = vulnFacts(st.Predicate, true)
	}
	if err != nil {
		a.err = fmt.Sprintf("its %s predicate does not parse: %v", pt, err)
	}
}

func (a *attestation) keepSBOM(format, pt string, doc json.RawMessage, err error) {
	if err == nil {
		a.sbomDoc = &SBOM{Format: format, PredicateType: pt, Document: slices.Clone(doc)}
	}
}

// slsaV02 reads SLSA provenance v0.2: the source is the invocation's
// config source, else the first material.
func slsaV02(p json.RawMessage) (map[string]any, error) {
	var pr struct {
		Builder    struct{ ID string } `json:"builder"`
		BuildType  string              `json:"buildType"`
		Invocation struct {
			ConfigSource resourceDescriptor `json:"configSource"`
		} `json:"invocation"`
		Materials []resourceDescriptor `json:"materials"`
	}
	if err := json.Unmarshal(p, &pr); err != nil {
		return nil, err
	}
	src := pr.Invocation.ConfigSource
	if src.URI == "" && len(pr.Materials) > 0 {
		src = pr.Materials[0]
	}
	return slsaDoc(pr.Builder.ID, pr.BuildType, src, ""), nil
}

// slsaV1 reads SLSA provenance v1: the source is the first git dependency
// resolved (as GitHub's generators record the repository), else the
// workflow's external parameters.
func slsaV1(p json.RawMessage) (map[string]any, error) {
	var pr struct {
		BuildDefinition struct {
			BuildType          string `json:"buildType"`
			ExternalParameters struct {
				Workflow struct {
					Ref        string `json:"ref"`
					Repository string `json:"repository"`
				} `json:"workflow"`
			} `json:"externalParameters"`
			ResolvedDependencies []resourceDescriptor `json:"resolvedDependencies"`
		} `json:"buildDefinition"`
		RunDetails struct {
			Builder struct{ ID string } `json:"builder"`
		} `json:"runDetails"`
	}
	if err := json.Unmarshal(p, &pr); err != nil {
		return nil, err
	}
	bd := pr.BuildDefinition
	var src resourceDescriptor
	for _, d := range bd.ResolvedDependencies {
		if strings.HasPrefix(d.URI, "git+") {
			src = d
			break
		}
	}
	if src.URI == "" && len(bd.ResolvedDependencies) > 0 {
		src = bd.ResolvedDependencies[0]
	}
	wf := bd.ExternalParameters.Workflow
	if src.URI == "" {
		src.URI = wf.Repository
	}
	return slsaDoc(pr.RunDetails.Builder.ID, bd.BuildType, src, wf.Ref), nil
}

type resourceDescriptor struct {
	URI    string            `json:"uri"`
	Digest map[string]string `json:"digest"`
}

func slsaDoc(builder, buildType string, src resourceDescriptor, ref string) map[string]any {
	repo, uriRef := splitSourceRef(src.URI)
	if uriRef != "" {
		ref = uriRef
	}
	return map[string]any{
		"builder_id": builder, "build_type": buildType,
		"source_repo": repo, "source_ref": ref, "source_digest": sourceDigest(src.Digest),
	}
}

// splitSourceRef splits "git+https://github.com/acme/app@refs/tags/v1" at
// the "@" that follows the path, leaving a user@host alone.
func splitSourceRef(uri string) (repo, ref string) {
	path := uri
	if i := strings.Index(uri, "://"); i >= 0 {
		path = uri[i+3:]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		} else {
			return uri, ""
		}
	}
	at := strings.LastIndexByte(path, '@')
	if at < 0 {
		return uri, ""
	}
	cut := len(uri) - len(path) + at
	return uri[:cut], uri[cut+1:]
}

// sourceDigest renders a digest set as "algorithm:value", preferring the
// git commit's: sha1 (v0.2), gitCommit (v1), then the first by name.
func sourceDigest(d map[string]string) string {
	for _, alg := range []string{"sha1", "gitCommit", "sha256"} {
		if v, ok := d[alg]; ok {
			return alg + ":" + v
		}
	}
	algs := make([]string, 0, len(d))
	for a := range d {
		algs = append(algs, a)
	}
	slices.Sort(algs)
	if len(algs) == 0 {
		return ""
	}
	return algs[0] + ":" + d[algs[0]]
}

// maxComponentDepth bounds the nesting of CycloneDX components counted.
const maxComponentDepth = 64

type cdxComponent struct {
	Components []cdxComponent `json:"components"`
}

func cyclonedxFacts(p json.RawMessage) (map[string]any, error) {
	var bom struct {
		BOMFormat  string         `json:"bomFormat"`
		Components []cdxComponent `json:"components"`
	}
	if err := json.Unmarshal(p, &bom); err != nil {
		return nil, err
	}
	if bom.BOMFormat != "CycloneDX" {
		return nil, errors.New(`not a CycloneDX JSON document (bomFormat is not "CycloneDX")`)
	}
	return map[string]any{"format": "cyclonedx", "components": countComponents(bom.Components, 0)}, nil
}

func countComponents(cs []cdxComponent, depth int) int {
	if depth >= maxComponentDepth {
		return 0
	}
	n := len(cs)
	for _, c := range cs {
		n += countComponents(c.Components, depth+1)
	}
	return n
}

// spdxFacts counts an SPDX document's packages: SPDX 2's "packages", or
// SPDX 3's software_Package elements.
func spdxFacts(p json.RawMessage) (map[string]any, error) {
	var doc struct {
		SPDXVersion string            `json:"spdxVersion"`
		Packages    []json.RawMessage `json:"packages"`
		Graph       []struct {
			Type string `json:"type"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(p, &doc); err != nil {
		return nil, err
	}
	switch {
	case strings.HasPrefix(doc.SPDXVersion, "SPDX-"):
		return map[string]any{"format": "spdx", "components": len(doc.Packages)}, nil
	case doc.Graph != nil:
		n := 0
		for _, e := range doc.Graph {
			if e.Type == "software_Package" {
				n++
			}
		}
		return map[string]any{"format": "spdx", "components": n}, nil
	}
	return nil, errors.New("not an SPDX JSON document (no spdxVersion, no @graph)")
}

// vulnFacts reads a vulnerability scan predicate: cosign's vuln/v1 or
// in-toto's vulns. results counts in-toto's results; cosign's result is
// the scanner's own format, so it is -1 there.
func vulnFacts(p json.RawMessage, inToto bool) (map[string]any, error) {
	var pr struct {
		Scanner struct {
			URI     string `json:"uri"`
			Version string `json:"version"`
			DB      struct {
				Version string `json:"version"`
			} `json:"db"`
			Result json.RawMessage `json:"result"`
		} `json:"scanner"`
		Metadata struct {
			ScanFinishedOn string `json:"scanFinishedOn"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(p, &pr); err != nil {
		return nil, err
	}
	results := -1
	var list []json.RawMessage
	if inToto && json.Unmarshal(pr.Scanner.Result, &list) == nil {
		results = len(list)
	}
	return map[string]any{
		"scanner": pr.Scanner.URI, "scanner_version": pr.Scanner.Version,
		"db_version": pr.Scanner.DB.Version, "finished": pr.Metadata.ScanFinishedOn,
		"results": results,
	}, nil
}
