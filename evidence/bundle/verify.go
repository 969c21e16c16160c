package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/runenv"
	"github.com/sigstore/sigstore/pkg/signature"
)

// Bounds on the documents Verify reads whole.
const (
	maxManifest    = 64 << 20
	maxAttestation = 64 << 20
	maxEnvironment = 1 << 20
	maxWaivers     = 256 << 20
	maxPolicySet   = 64 << 20
	maxReport      = 1 << 30
)

// required are the files every bundle holds besides the manifest and the
// attestation.
var required = []string{ReportFile, SARIFFile, EnvironmentFile, PolicySetFile, WaiversFile}

// Problem is something wrong with one file of a bundle.
type Problem struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// VerifyError says a bundle does not verify, naming every file at fault.
type VerifyError struct {
	Path     string
	Problems []Problem
}

func (e *VerifyError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "evidence %s does not verify:", e.Path)
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %s: %s", p.File, p.Reason)
	}
	return b.String()
}

// VerifyOptions say how a bundle's signature is checked.
type VerifyOptions struct {
	// Verifier checks the attestation's signature: the bundle verifies
	// only if it carries a signature that verifies with this key.
	Verifier signature.Verifier
	// KeyName names the key in messages.
	KeyName string
	// Unsigned, with no Verifier, checks integrity only: every file
	// against the manifest and the manifest against the attestation's
	// statement, which then proves nothing about who wrote the bundle.
	Unsigned bool
}

// Verification is what a verified bundle attests.
type Verification struct {
	Path string `json:"path"`
	// Digest is the bundle's digest (see Digest): what the next bundle of
	// its scope records as previous_bundle, and what an auditor anchors.
	Digest string `json:"digest"`
	// SignatureVerified says the attestation's signature verified with
	// the key; false when the bundle was checked for integrity only.
	SignatureVerified bool   `json:"signature_verified"`
	Key               string `json:"key,omitempty"`
	Signatures        int    `json:"signatures"`
	Files             int    `json:"files"`
	ManifestSHA256    string `json:"manifest_sha256"`
	// Targets are the judged targets the statement names, by digest.
	Targets     []attest.Subject   `json:"targets"`
	Attests     attest.Predicate   `json:"attests"`
	Environment runenv.Environment `json:"environment"`
	Waivers     WaiversDoc         `json:"waivers"`
	// PolicyFilesStored counts the policy files the bundle holds of
	// PolicyFiles in the set (an OCI source's are named, not stored).
	PolicyFiles       int `json:"policy_files"`
	PolicyFilesStored int `json:"policy_files_stored"`
}

// Verify checks the bundle at path (a directory or .tar.gz): the
// attestation's signature, the manifest's digest against the
// attestation's statement, every file against the manifest, that the
// manifest lists every file and nothing more, and that the policy set's
// files give its digest. A bundle that does not verify is a *VerifyError
// naming the files at fault; one that cannot be read an *UnreadableError.
func Verify(ctx context.Context, path string, opts VerifyOptions) (*Verification, error) {
	v, _, err := verify(ctx, path, opts, nil)
	return v, err
}

func verify(ctx context.Context, path string, opts VerifyOptions, extra map[string]int64) (*Verification, *contents, error) {
	if opts.Verifier == nil && !opts.Unsigned {
		return nil, nil, errors.New("evidence: no key to verify the signature with (integrity alone must be asked for)")
	}
	keep := map[string]int64{ManifestFile: maxManifest, AttestationFile: maxAttestation, EnvironmentFile: maxEnvironment,
		WaiversFile: maxWaivers, PolicySetFile: maxPolicySet}
	for k, v := range extra {
		keep[k] = v
	}
	c, err := readBundle(ctx, path, keep)
	if err != nil {
		return nil, nil, err
	}
	problems := slices.Clone(c.problems)
	bad := func(file, format string, a ...any) {
		problems = append(problems, Problem{File: file, Reason: fmt.Sprintf(format, a...)})
	}
	res := &Verification{Path: path, Key: opts.KeyName, Files: len(c.files)}

	// The attestation: signed by the key, about the manifest.
	var opened *attest.Opened
	if env, ok := c.docs[AttestationFile]; !ok {
		bad(AttestationFile, "missing")
	} else if opened, err = attest.Open(ctx, env, opts.Verifier); err != nil {
		opened = nil
		switch {
		case errors.Is(err, attest.ErrUnsigned):
			bad(AttestationFile, "carries no signature: this bundle was written unsigned (--evidence-unsigned) and proves nothing about who wrote it")
		case errors.Is(err, attest.ErrSignature):
			bad(AttestationFile, "its signature does not verify with %s (another key signed it, or it was changed)", keyName(opts))
		default:
			bad(AttestationFile, "%v", err)
		}
	}
	manifestSum, haveManifest := c.files[ManifestFile]
	if opened != nil {
		res.SignatureVerified, res.Signatures, res.Attests = opened.Verified, opened.Signatures, opened.Predicate
		res.Digest = DigestOf(c.docs[AttestationFile])
		if p := opened.Predicate.PreviousBundle; p != nil && !IsDigest(*p) {
			bad(AttestationFile, "previous_bundle %q is not a bundle digest (sha256:…)", *p)
		}
		var named []string
		for _, s := range opened.Subjects {
			if s.Name == ManifestFile {
				named = append(named, s.SHA256)
			} else {
				res.Targets = append(res.Targets, s)
			}
		}
		switch {
		case len(named) != 1:
			bad(AttestationFile, "names %d manifests, want 1", len(named))
		case haveManifest && named[0] != manifestSum.sha256:
			bad(ManifestFile, "changed: its digest is not the one the attestation signs")
		}
	}

	// The manifest: every file, nothing more.
	var m Manifest
	if !haveManifest {
		bad(ManifestFile, "missing")
	} else if err := decodeStrict(c.docs[ManifestFile], &m); err != nil {
		bad(ManifestFile, "not a manifest: %v", err)
	} else {
		res.ManifestSHA256 = manifestSum.sha256
		problems = append(problems, checkManifest(m, c.files)...)
	}
	if len(problems) > 0 {
		return nil, nil, &VerifyError{Path: path, Problems: problems}
	}

	// Consistency of what the manifest covers.
	if err := decodeStrict(c.docs[EnvironmentFile], &res.Environment); err != nil {
		bad(EnvironmentFile, "%v", err)
	}
	if err := decodeStrict(c.docs[WaiversFile], &res.Waivers); err != nil {
		bad(WaiversFile, "%v", err)
	}
	var ps PolicySetDoc
	if err := decodeStrict(c.docs[PolicySetFile], &ps); err != nil {
		bad(PolicySetFile, "%v", err)
	} else {
		res.PolicyFiles = len(ps.Files)
		var ps2 []Problem
		res.PolicyFilesStored, ps2 = checkPolicySet(ps, res.Attests.PolicySet.Digest, c.files)
		problems = append(problems, ps2...)
	}
	if len(problems) > 0 {
		return nil, nil, &VerifyError{Path: path, Problems: problems}
	}
	return res, c, nil
}

func keyName(opts VerifyOptions) string {
	if opts.KeyName != "" {
		return opts.KeyName
	}
	return "the key"
}

// checkManifest compares the manifest with the files found.
func checkManifest(m Manifest, files map[string]fileSum) []Problem {
	var problems []Problem
	bad := func(file, format string, a ...any) {
		problems = append(problems, Problem{File: file, Reason: fmt.Sprintf(format, a...)})
	}
	if m.Schema != ManifestSchema {
		bad(ManifestFile, "schema %q, want %q", m.Schema, ManifestSchema)
	}
	listed := make(map[string]bool, len(m.Files))
	for _, e := range m.Files {
		switch {
		case !fs.ValidPath(e.Path) || e.Path == ManifestFile || e.Path == AttestationFile:
			bad(ManifestFile, "lists %q, which no manifest may", e.Path)
			continue
		case listed[e.Path]:
			bad(ManifestFile, "lists %s twice", e.Path)
			continue
		}
		listed[e.Path] = true
		got, ok := files[e.Path]
		switch {
		case !ok:
			bad(e.Path, "missing (the manifest lists it)")
		case got.sha256 != e.SHA256 || got.size != e.Size:
			bad(e.Path, "changed: its digest is not the manifest's")
		}
	}
	for _, name := range sortedKeys(files) {
		if !listed[name] && name != ManifestFile && name != AttestationFile {
			bad(name, "not in the manifest (added)")
		}
	}
	for _, name := range required {
		if !listed[name] {
			if _, there := files[name]; !there {
				bad(name, "missing (every bundle holds it)")
			}
		}
	}
	return problems
}

// checkPolicySet recomputes the set's digest from policy-set.json's list
// of files (engine.DigestFiles: sha256 over each file's sha256 and name, in
// name order), and checks the stored files against the list.
func checkPolicySet(ps PolicySetDoc, attested string, files map[string]fileSum) (int, []Problem) {
	var problems []Problem
	bad := func(format string, a ...any) {
		problems = append(problems, Problem{File: PolicySetFile, Reason: fmt.Sprintf(format, a...)})
	}
	list := slices.Clone(ps.Files)
	slices.SortFunc(list, func(a, b PolicyFileDoc) int { return strings.Compare(a.Name, b.Name) })
	h := sha256.New()
	stored := 0
	paths := map[string]bool{}
	for i, f := range list {
		if i > 0 && list[i-1].Name == f.Name {
			bad("lists %s twice", f.Name)
		}
		fmt.Fprintf(h, "%s  %s\n", f.SHA256, f.Name)
		if f.Path == "" {
			continue
		}
		paths[f.Path] = true
		got, ok := files[f.Path]
		switch {
		case !strings.HasPrefix(f.Path, PoliciesDir+"/"):
			bad("stores %s outside %s/", f.Name, PoliciesDir)
		case !ok:
			bad("%s: stored as %s, which the bundle does not hold", f.Name, f.Path)
		case got.sha256 != f.SHA256:
			bad("%s: %s is not the file the set ran", f.Name, f.Path)
		default:
			stored++
		}
	}
	if d := "sha256:" + hex.EncodeToString(h.Sum(nil)); d != ps.Digest {
		bad("its files give the digest %s, not the %s it names", d, ps.Digest)
	}
	if ps.Digest != attested {
		bad("names the policy set %s, the attestation %s", ps.Digest, attested)
	}
	for name := range files {
		if strings.HasPrefix(name, PoliciesDir+"/") && !paths[name] {
			problems = append(problems, Problem{File: name, Reason: "not a file of the policy set"})
		}
	}
	return stored, problems
}

func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON document")
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
