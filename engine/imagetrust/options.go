package imagetrust

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/sigstore/cosign/v3/pkg/cosign"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
)

// Options say who may sign. Nothing is trusted by default.
type Options struct {
	// Keys are public keys: PEM files (cosign.pub, PKIX ECDSA, RSA or
	// ed25519 keys) or KMS URIs (see internal/sigkeys).
	Keys []string
	// Identities are keyless signers: an OIDC issuer and the certificate
	// subject it vouched for. They need TrustedRoot.
	Identities []Identity
	// TrustedRoot is a sigstore trusted_root.json file: the Fulcio CAs that
	// issue keyless certificates, and the transparency logs, CT logs and
	// timestamp authorities whose evidence is accepted. Required for
	// Identities; with Keys alone it is optional, and when given, the Rekor
	// entries that key signatures carry are checked against it.
	TrustedRoot string
}

// Identity is a keyless signer.
type Identity struct {
	// Issuer is the OIDC issuer, exactly as the certificate names it
	// (https://token.actions.githubusercontent.com).
	Issuer string
	// Subject is the certificate's subject alternative name: a workflow
	// URI, an email address. Exact, or a regular expression when
	// SubjectRegexp, which must match the whole subject (it is anchored).
	Subject       string
	SubjectRegexp bool
}

// ParseIdentity reads the --trusted-identity flag's ISSUER=SUBJECT-REGEXP.
// The issuer is taken up to the first "=", which an issuer URL never holds;
// the rest is the subject's regular expression.
func ParseIdentity(s string) (Identity, error) {
	issuer, subject, ok := strings.Cut(s, "=")
	if !ok || issuer == "" || subject == "" {
		return Identity{}, fmt.Errorf("trusted identity %q: want ISSUER=SUBJECT-REGEXP, e.g. https://token.actions.githubusercontent.com=https://github.com/acme/app/.github/workflows/release.yml@refs/tags/.*", s)
	}
	id := Identity{Issuer: issuer, Subject: subject, SubjectRegexp: true}
	if _, err := id.matcher(); err != nil {
		return Identity{}, err
	}
	return id, nil
}

func (id Identity) String() string {
	if id.SubjectRegexp {
		return id.Issuer + "=" + id.Subject
	}
	return id.Issuer + "=" + regexp.QuoteMeta(id.Subject)
}

// anchored is the subject regexp as it is matched: against the whole
// subject, so "https://github.com/acme/.*" cannot be met by a subject that
// merely contains it.
func (id Identity) anchored() string {
	return "^(?:" + id.Subject + ")$"
}

func (id Identity) matcher() (verify.CertificateIdentity, error) {
	if id.Issuer == "" || id.Subject == "" {
		return verify.CertificateIdentity{}, fmt.Errorf("trusted identity %s: both an issuer and a subject are needed", id)
	}
	var exact, re string
	if id.SubjectRegexp {
		if _, err := regexp.Compile(id.Subject); err != nil {
			return verify.CertificateIdentity{}, fmt.Errorf("trusted identity %s: subject regexp: %w", id, err)
		}
		re = id.anchored()
	} else {
		exact = id.Subject
	}
	ci, err := verify.NewShortCertificateIdentity(id.Issuer, "", exact, re)
	if err != nil {
		return verify.CertificateIdentity{}, fmt.Errorf("trusted identity %s: %w", id, err)
	}
	return ci, nil
}

func (id Identity) cosign() cosign.Identity {
	if id.SubjectRegexp {
		return cosign.Identity{Issuer: id.Issuer, SubjectRegExp: id.anchored()}
	}
	return cosign.Identity{Issuer: id.Issuer, Subject: id.Subject}
}

// maxTrustedRoot bounds the trusted root file; the public good instance's
// is a few tens of kilobytes.
const maxTrustedRoot = 4 << 20

// loadTrustedRoot reads a trusted_root.json and says what it lacks for the
// identities configured.
func loadTrustedRoot(path string, keyless bool) (*root.TrustedRoot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("trusted root: %w", err)
	}
	defer f.Close()
	b, err := engine.ReadAllLimit(f, maxTrustedRoot)
	if err != nil {
		return nil, fmt.Errorf("trusted root %s: %w", path, err)
	}
	tr, err := root.NewTrustedRootFromJSON(b)
	if err != nil {
		return nil, fmt.Errorf("trusted root %s: not a sigstore trusted_root.json: %w", path, err)
	}
	if keyless {
		if len(tr.FulcioCertificateAuthorities()) == 0 {
			return nil, fmt.Errorf("trusted root %s: no certificate authority, so no keyless identity can be verified", path)
		}
		if len(tr.RekorLogs()) == 0 && len(tr.TimestampingAuthorities()) == 0 {
			return nil, fmt.Errorf("trusted root %s: no transparency log and no timestamp authority, so no keyless certificate can be dated", path)
		}
	}
	return tr, nil
}

// New checks the options and loads the keys and the trusted root; it
// reaches a KMS for its public key under ctx (each lookup bounded by
// sigkeys' own timeout).
func New(ctx context.Context, o Options) (*Verifier, error) {
	v := &Verifier{}
	var errs []error
	if len(o.Identities) > 0 && o.TrustedRoot == "" {
		errs = append(errs, errors.New("a trusted identity needs a trusted root (--trusted-root trusted_root.json) to verify its certificates offline"))
	}
	if o.TrustedRoot != "" {
		tr, err := loadTrustedRoot(o.TrustedRoot, len(o.Identities) > 0)
		if err != nil {
			errs = append(errs, err)
		} else {
			v.root = tr
			v.rootName = o.TrustedRoot
		}
	}
	for _, id := range o.Identities {
		ci, err := id.matcher()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		v.identities = append(v.identities, identity{Identity: id, matcher: ci})
	}
	for _, ref := range o.Keys {
		k, err := loadKey(ctx, ref)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		v.keys = append(v.keys, k)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return v, nil
}
