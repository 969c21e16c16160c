package attest

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	intoto "github.com/in-toto/attestation/go/v1"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	"github.com/sigstore/cosign/v3/pkg/types"
	"github.com/sigstore/sigstore/pkg/signature"
	sigdsse "github.com/sigstore/sigstore/pkg/signature/dsse"
	"github.com/sigstore/sigstore/pkg/signature/options"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
)

// PayloadType is the DSSE payload type of an in-toto Statement.
const PayloadType = types.IntotoPayloadType

// Subject is something the statement is about, by its SHA-256.
type Subject struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"` // hex
}

// Statement serialises an in-toto Statement v1 about subjects with the
// predicate p. The bytes depend on the arguments alone: protojson's
// deliberately unstable spacing is compacted away.
func Statement(subjects []Subject, p *Predicate) ([]byte, error) {
	pj, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(pj, &m); err != nil {
		return nil, err
	}
	pred, err := structpb.NewStruct(m)
	if err != nil {
		return nil, err
	}
	st := &intoto.Statement{Type: intoto.StatementTypeUri, PredicateType: PredicateType, Predicate: pred}
	for _, s := range subjects {
		st.Subject = append(st.Subject, &intoto.ResourceDescriptor{Name: s.Name, Digest: map[string]string{"sha256": s.SHA256}})
	}
	if err := st.Validate(); err != nil {
		return nil, fmt.Errorf("in-toto statement: %w", err)
	}
	b, err := protojson.Marshal(st)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Sign wraps a statement in a DSSE envelope signed by s.
func Sign(ctx context.Context, s signature.Signer, statement []byte) ([]byte, error) {
	env, err := sigdsse.WrapSigner(s, PayloadType).SignMessage(bytes.NewReader(statement), options.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("sign the attestation: %w", err)
	}
	return env, nil
}

// Unsigned wraps a statement in a DSSE envelope with no signature: an
// unsigned bundle's, which says what it holds and proves nothing.
func Unsigned(statement []byte) ([]byte, error) {
	return json.Marshal(dsse.Envelope{PayloadType: PayloadType, Payload: base64.StdEncoding.EncodeToString(statement), Signatures: []dsse.Signature{}})
}

// Errors of Open that say the envelope is not signed by the key.
var (
	ErrUnsigned  = errors.New("the attestation carries no signature")
	ErrSignature = errors.New("the attestation's signature does not verify with the key")
)

// Opened is an envelope's statement, read.
type Opened struct {
	Subjects  []Subject
	Predicate Predicate
	// Verified says the envelope's signature verified with the key Open
	// was given; false when it was given none.
	Verified   bool
	Signatures int
}

// Open reads a DSSE envelope holding paved's evidence statement. With a
// verifier, the envelope must carry a signature that verifies with it
// (ErrUnsigned, ErrSignature otherwise); with none, the statement is read
// unverified and Verified is false.
func Open(ctx context.Context, envelope []byte, v signature.Verifier) (*Opened, error) {
	var env dsse.Envelope
	if err := json.Unmarshal(envelope, &env); err != nil {
		return nil, fmt.Errorf("not a DSSE envelope: %w", err)
	}
	if env.PayloadType != PayloadType {
		return nil, fmt.Errorf("payload type %q, want %q", env.PayloadType, PayloadType)
	}
	if err := canonical(envelope, &env); err != nil {
		return nil, err
	}
	var payload []byte
	verified := false
	if v != nil {
		if len(env.Signatures) == 0 {
			return nil, ErrUnsigned
		}
		w := sigdsse.WrapVerifier(v, sigdsse.WithExpectedPayloadType(PayloadType), sigdsse.WithDecodedPayload(&payload))
		if err := w.VerifySignature(bytes.NewReader(envelope), nil, options.WithContext(ctx)); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSignature, err)
		}
		verified = true
	} else {
		var err error
		if payload, err = env.DecodeB64Payload(); err != nil {
			return nil, fmt.Errorf("payload: %w", err)
		}
	}
	o, err := parseStatement(payload)
	if err != nil {
		return nil, err
	}
	o.Verified, o.Signatures = verified, len(env.Signatures)
	return o, nil
}

// canonical requires the envelope to be exactly as Sign and Unsigned
// write it, so that no byte of it can change unnoticed: not its spacing,
// nor the unused low bits of a base64 string's last character (which
// decode the same), which its signature does not cover.
func canonical(raw []byte, env *dsse.Envelope) error {
	strs := []string{env.Payload}
	for _, s := range env.Signatures {
		strs = append(strs, s.Sig)
	}
	for _, s := range strs {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || base64.StdEncoding.EncodeToString(b) != s {
			return errors.New("not in canonical form: a base64 string is not as encoded")
		}
	}
	again, err := json.Marshal(env)
	if err != nil || !bytes.Equal(again, raw) {
		return errors.New("not in canonical form: its bytes are not those written")
	}
	return nil
}

func parseStatement(payload []byte) (*Opened, error) {
	var st intoto.Statement
	if err := protojson.Unmarshal(payload, &st); err != nil {
		return nil, fmt.Errorf("not an in-toto statement: %w", err)
	}
	if err := st.Validate(); err != nil {
		return nil, fmt.Errorf("in-toto statement: %w", err)
	}
	if st.GetType() != intoto.StatementTypeUri {
		return nil, fmt.Errorf("statement type %q, want %q", st.GetType(), intoto.StatementTypeUri)
	}
	if st.GetPredicateType() != PredicateType {
		return nil, fmt.Errorf("predicate type %q, want %q", st.GetPredicateType(), PredicateType)
	}
	o := &Opened{}
	for _, rd := range st.GetSubject() {
		sum, ok := rd.GetDigest()["sha256"]
		if !ok || !isSHA256(sum) {
			return nil, fmt.Errorf("subject %q has no sha256 digest", rd.GetName())
		}
		o.Subjects = append(o.Subjects, Subject{Name: rd.GetName(), SHA256: sum})
	}
	pj, err := protojson.Marshal(st.GetPredicate())
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(pj, &o.Predicate); err != nil {
		return nil, fmt.Errorf("predicate: %w", err)
	}
	return o, nil
}

func isSHA256(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == 32 && hex.EncodeToString(b) == s
}

// SortSubjects orders subjects by name, then digest.
func SortSubjects(s []Subject) {
	slices.SortFunc(s, func(a, b Subject) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.SHA256, b.SHA256)) })
}
