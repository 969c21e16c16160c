package bundle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/report"
	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/runenv"
	"github.com/sigstore/sigstore/pkg/signature"
)

// Input is the run a bundle records.
type Input struct {
	Report *engine.Report
	// Policies are the policy set that judged the report's run.
	Policies Policies
	// Environment says where and when the run happened.
	Environment runenv.Environment
	// Scope is what the bundle chains along (attest.Predicate.Scope).
	Scope string
	// PreviousBundle is the digest of the previous bundle of the scope
	// (Digest), recorded in the predicate; "" starts a chain.
	PreviousBundle string
}

// Policies are a policy set's files (engine.PolicySet.Files(), by their
// names in the set) and the sources they came from; the files' digest must
// be the report's policy set digest.
type Policies struct {
	Files   map[string][]byte
	Sources []attest.PolicySource
}

// Kinds of policy source, as engine/check names them.
const (
	sourceBuiltin = "builtin"
	sourceDir     = "directory"
	sourceOCI     = "oci"
)

// OSCALFunc makes oscal/assessment-results.json for a report. Package
// evidence/oscal provides it: cmd/paved adapts oscal.AssessmentResults to
// this signature, so a bundle does not depend on the OSCAL model.
//
// The OSCAL document is one of the files the manifest covers, and the
// manifest is what the attestation signs, so the document cannot name the
// attestation's own digest without a cycle. ref gives what it can point at
// instead: report.json by its SHA-256 (the signed record behind every
// observation, reached through the manifest and the attestation), the
// policy set's digest and the digest of each policy.
type OSCALFunc func(rep *engine.Report, ref EvidenceRef) ([]byte, error)

// EvidenceRef is what an OSCAL document in a bundle can point at.
type EvidenceRef struct {
	ReportSHA256    string // hex
	PolicySetDigest string // "sha256:…"
	// PolicyDigests are the "sha256:…" of every file of the set by its
	// name in the set (engine.Policy.File): the version of each policy.
	PolicyDigests map[string]string
}

// Options tune Write.
type Options struct {
	// Signer signs the attestation. Without one, Unsigned must say that an
	// unsigned bundle is wanted: it then verifies only with
	// VerifyOptions.Unsigned, and never as signed.
	Signer   signature.Signer
	Unsigned bool
	// OSCAL, when set, writes oscal/assessment-results.json.
	OSCAL OSCALFunc
}

// Written describes a bundle Write wrote.
type Written struct {
	Path string
	// Digest is the bundle's digest (see Digest), which the next bundle of
	// its scope records as its previous_bundle.
	Digest         string
	ManifestSHA256 string
	Files          int // in the bundle, manifest and attestation included
	Signed         bool
}

// IsArchive says whether dst names a .tar.gz bundle rather than a
// directory.
func IsArchive(dst string) bool {
	return strings.HasSuffix(dst, ".tar.gz") || strings.HasSuffix(dst, ".tgz")
}

// CheckDestination says whether a bundle may be written at dst: nothing
// there yet, or (for a directory bundle) an empty directory. Evidence is
// never overwritten.
func CheckDestination(dst string) error {
	fi, err := os.Lstat(dst)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.IsDir() && !IsArchive(dst) {
		entries, err := os.ReadDir(dst)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			return nil
		}
	}
	return fmt.Errorf("%s exists: evidence is never overwritten; choose a new name", dst)
}

// stage is a bundle being written.
type stage struct {
	sink    sink
	entries []FileEntry
	total   int64
	// failAfter, when set (tests), is called after each file is written;
	// an error from it fails the write there.
	failAfter func(name string) error
}

// Write writes the evidence bundle of in to dst: a directory, or a
// .tar.gz when dst ends so. Nothing appears under dst unless the whole
// bundle was written.
func Write(ctx context.Context, dst string, in Input, opts Options) (*Written, error) {
	return write(ctx, dst, in, opts, nil)
}

func write(ctx context.Context, dst string, in Input, opts Options, failAfter func(string) error) (*Written, error) {
	rep := in.Report
	if rep == nil {
		return nil, errors.New("evidence: no report")
	}
	if opts.Signer == nil && !opts.Unsigned {
		return nil, errors.New("evidence: no signing key (an unsigned bundle must be asked for)")
	}
	if in.PreviousBundle != "" && !IsDigest(in.PreviousBundle) {
		return nil, fmt.Errorf("evidence: previous bundle %q is not a bundle digest (sha256:…)", in.PreviousBundle)
	}
	if d := engine.DigestFiles(in.Policies.Files); rep.PolicySet.Digest != d {
		return nil, fmt.Errorf("evidence: the policy files given (%s) are not the set the report names (%s)", d, rep.PolicySet.Digest)
	}
	if err := CheckDestination(dst); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return nil, err
	}
	var sk sink
	var err error
	if IsArchive(dst) {
		sk, err = newArchiveSink(dst)
	} else {
		sk, err = newDirSink(dst)
	}
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			sk.abandon()
		}
	}()
	st := &stage{sink: sk, failAfter: failAfter}
	manifestSum, digest, err := st.fill(ctx, in, opts)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := sk.finish(dst); err != nil {
		return nil, fmt.Errorf("evidence %s: %w", dst, err)
	}
	done = true
	return &Written{Path: dst, Digest: digest, ManifestSHA256: manifestSum, Files: len(st.entries), Signed: opts.Signer != nil}, nil
}

// fill writes every file of the bundle, the attestation last, and returns
// the manifest's SHA-256 and the bundle's digest.
func (st *stage) fill(ctx context.Context, in Input, opts Options) (string, string, error) {
	rep := in.Report
	if err := st.write(ctx, ReportFile, func(w io.Writer) error { return report.Write(w, report.FormatJSON, rep) }); err != nil {
		return "", "", err
	}
	psDoc, stored := policySetDoc(rep, in.Policies)
	// The OSCAL document, which points at report.json by its digest, is
	// made while the other files are written.
	type oscalDoc struct {
		b   []byte
		err error
	}
	var oscalDone chan oscalDoc
	if opts.OSCAL != nil {
		ref := EvidenceRef{ReportSHA256: st.sum(ReportFile), PolicySetDigest: rep.PolicySet.Digest, PolicyDigests: make(map[string]string, len(psDoc.Files))}
		for _, f := range psDoc.Files {
			ref.PolicyDigests[f.Name] = "sha256:" + f.SHA256
		}
		oscalDone = make(chan oscalDoc, 1)
		go func() {
			b, err := opts.OSCAL(rep, ref)
			oscalDone <- oscalDoc{b, err}
		}()
	}
	type step struct {
		name  string
		write func(io.Writer) error
	}
	steps := []step{
		{SARIFFile, func(w io.Writer) error { return report.Write(w, report.FormatSARIF, rep) }},
		{EnvironmentFile, func(w io.Writer) error { return writeJSON(w, environment(in.Environment)) }},
		{WaiversFile, func(w io.Writer) error { return writeJSON(w, waiversDoc(rep.Waivers)) }},
	}
	for _, f := range stored {
		b := in.Policies.Files[f.Name]
		steps = append(steps, step{f.Path, func(w io.Writer) error { _, err := w.Write(b); return err }})
	}
	steps = append(steps, step{PolicySetFile, func(w io.Writer) error { return writeJSON(w, psDoc) }})
	var err error
	for _, s := range steps {
		if err = st.write(ctx, s.name, s.write); err != nil {
			break
		}
	}
	if oscalDone != nil {
		doc := <-oscalDone // waited for even after an error: it reads the report
		if err == nil && doc.err != nil {
			err = fmt.Errorf("evidence: OSCAL assessment results: %w", doc.err)
		}
		if err == nil {
			err = st.write(ctx, OSCALFile, func(w io.Writer) error { _, err := w.Write(doc.b); return err })
		}
	}
	if err != nil {
		return "", "", err
	}

	files := slices.Clone(st.entries)
	slices.SortFunc(files, func(a, b FileEntry) int { return strings.Compare(a.Path, b.Path) })
	if err := st.write(ctx, ManifestFile, func(w io.Writer) error { return writeJSON(w, Manifest{Schema: ManifestSchema, Files: files}) }); err != nil {
		return "", "", err
	}
	manifestSum := st.sum(ManifestFile)

	subjects := []attest.Subject{{Name: ManifestFile, SHA256: manifestSum}}
	subjects = append(subjects, targetSubjects(rep.Targets)...)
	pred := attest.NewPredicate(rep, attest.PolicySet{Digest: rep.PolicySet.Digest, Count: rep.PolicySet.Count, Sources: in.Policies.Sources})
	pred.Scope = in.Scope
	if in.PreviousBundle != "" {
		prev := in.PreviousBundle
		pred.PreviousBundle = &prev
	}
	stmt, err := attest.Statement(subjects, pred)
	if err != nil {
		return "", "", err
	}
	var env []byte
	if opts.Signer != nil {
		env, err = attest.Sign(ctx, opts.Signer, stmt)
	} else {
		env, err = attest.Unsigned(stmt)
	}
	if err != nil {
		return "", "", err
	}
	if err := st.write(ctx, AttestationFile, func(w io.Writer) error { _, err := w.Write(env); return err }); err != nil {
		return "", "", err
	}
	return manifestSum, DigestOf(env), nil
}

// write writes one file of the bundle, hashing it on the way.
func (st *stage) write(ctx context.Context, name string, fill func(io.Writer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e, err := st.sink.put(name, fill)
	if err != nil {
		return fmt.Errorf("evidence: write %s: %w", name, err)
	}
	st.total += e.Size
	if err := withinBounds(name, e.Size, st.total); err != nil {
		return err
	}
	st.entries = append(st.entries, e)
	if st.failAfter != nil {
		return st.failAfter(name)
	}
	return nil
}

// withinBounds refuses a file that makes a bundle larger than its readers
// take: a bundle they would refuse is no evidence.
func withinBounds(name string, size, total int64) error {
	if size > MaxFileSize || total > MaxTotalSize {
		return fmt.Errorf("evidence: %s makes the bundle larger than a bundle may be (%d bytes a file, %d in all)", name, int64(MaxFileSize), int64(MaxTotalSize))
	}
	return nil
}

func (st *stage) sum(name string) string {
	for _, e := range st.entries {
		if e.Path == name {
			return e.SHA256
		}
	}
	return ""
}

// writeJSON writes v as indented JSON and a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func environment(e runenv.Environment) runenv.Environment {
	e.StartedAt, e.FinishedAt = e.StartedAt.UTC(), e.FinishedAt.UTC()
	return e
}

// waiversDoc splits the run's waivers into those from waivers files and
// inline comments and the SBOMs' VEX statements, in a stable order.
func waiversDoc(ws []*engine.Waiver) WaiversDoc {
	doc := WaiversDoc{Waivers: []WaiverDoc{}, VEX: []WaiverDoc{}}
	for _, w := range ws {
		d := WaiverDoc{Waiver: w, Applied: attest.Applied(w)}
		if w.Origin == engine.WaiverOriginVEX {
			doc.VEX = append(doc.VEX, d)
		} else {
			doc.Waivers = append(doc.Waivers, d)
		}
	}
	order := func(a, b WaiverDoc) int {
		for _, c := range [][2]string{{a.ID, b.ID}, {a.Policy, b.Policy}, {a.Target, b.Target}, {a.Resource, b.Resource}, {a.Source.File, b.Source.File}} {
			if n := strings.Compare(c[0], c[1]); n != 0 {
				return n
			}
		}
		return a.Source.Line - b.Source.Line
	}
	slices.SortStableFunc(doc.Waivers, order)
	slices.SortStableFunc(doc.VEX, order)
	return doc
}

// policySetDoc describes the set, and lists the files the bundle stores
// (Path set) in name order.
func policySetDoc(rep *engine.Report, pol Policies) (PolicySetDoc, []PolicyFileDoc) {
	doc := PolicySetDoc{Digest: rep.PolicySet.Digest, Count: rep.PolicySet.Count, Sources: []PolicySourceDoc{}, Files: []PolicyFileDoc{}, Policies: []PolicyDoc{}}
	labels := make([]string, len(pol.Sources))
	dirs := 0
	for i, s := range pol.Sources {
		// An OCI bundle's files are named by its reference and digest,
		// which fetch them again.
		stored := s.Kind == sourceBuiltin || s.Kind == sourceDir
		doc.Sources = append(doc.Sources, PolicySourceDoc{Name: s.Name, Kind: s.Kind, Ref: s.Ref, Digest: s.Digest, Revision: s.Revision, Stored: stored})
		switch {
		case s.Kind == sourceBuiltin && fs.ValidPath(s.Name):
			labels[i] = s.Name
		case stored:
			// A directory's name may be absolute or climb out (../x): it
			// is stored under a name of its own.
			dirs++
			labels[i] = fmt.Sprintf("dir%d", dirs)
		}
	}
	names := make([]string, 0, len(pol.Files))
	for n := range pol.Files {
		names = append(names, n)
	}
	slices.Sort(names)
	sums := make(map[string]string, len(names))
	var stored []PolicyFileDoc
	for _, n := range names {
		sum := sha256.Sum256(pol.Files[n])
		f := PolicyFileDoc{Name: n, SHA256: hex.EncodeToString(sum[:])}
		sums[n] = f.SHA256
		if i, rel := sourceOf(pol.Sources, n); i >= 0 && labels[i] != "" && fs.ValidPath(rel) {
			f.Path = path.Join(PoliciesDir, labels[i], rel)
			stored = append(stored, f)
		}
		doc.Files = append(doc.Files, f)
	}
	for _, p := range rep.Policies {
		if p == nil {
			continue
		}
		d := PolicyDoc{ID: p.ID, Title: p.Title, Severity: p.Severity, Enforcement: p.Enforcement, Kind: p.Kind,
			Controls: p.Controls, File: p.File, SHA256: sums[p.File]}
		if d.Controls == nil {
			d.Controls = []string{}
		}
		if i, _ := sourceOf(pol.Sources, p.File); i >= 0 {
			s := pol.Sources[i]
			d.Source = s.Name
			switch s.Kind {
			case sourceBuiltin:
				d.Version = "paved " + rep.Tool.Version
			case sourceOCI:
				d.Version = s.Revision
			}
		}
		doc.Policies = append(doc.Policies, d)
	}
	return doc, stored
}

// sourceOf finds the source a file of the set came from (its name is the
// source's name joined with its path in the source; the longest such name
// wins, and a source named "." adds no prefix) and the file's path in it;
// -1 when none.
func sourceOf(sources []attest.PolicySource, name string) (int, string) {
	best, bestLen, rel := -1, -1, ""
	for i, s := range sources {
		r, ok, n := name, true, 0
		if s.Name != "." {
			r, ok = strings.CutPrefix(name, s.Name+"/")
			n = len(s.Name)
		}
		if ok && n > bestLen {
			best, bestLen, rel = i, n, r
		}
	}
	return best, rel
}

// targetSubjects are the judged targets by name and SHA-256, sorted, each
// once.
func targetSubjects(ts []engine.TargetSummary) []attest.Subject {
	var out []attest.Subject
	for _, t := range ts {
		hexSum, ok := strings.CutPrefix(t.Digest, "sha256:")
		if !ok || len(hexSum) != 64 {
			continue
		}
		out = append(out, attest.Subject{Name: attest.AssetName(t.TargetRef), SHA256: hexSum})
	}
	attest.SortSubjects(out)
	return slices.Compact(out)
}
