package bundle

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/evidence/attest"
)

// DigestOf is the digest of a bundle whose attestation.json holds
// envelope: "sha256:" and the hex SHA-256 of those bytes. The envelope
// signs the statement, whose predicate holds previous_bundle and whose
// subject is manifest.json, which covers every other file: the digest
// names the whole bundle, and nothing of it can change without changing
// either the digest or the signature.
func DigestOf(envelope []byte) string {
	sum := sha256.Sum256(envelope)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// IsDigest says whether s is a bundle digest as DigestOf writes it.
func IsDigest(s string) bool {
	h, ok := strings.CutPrefix(s, "sha256:")
	if !ok {
		return false
	}
	b, err := hex.DecodeString(h)
	return err == nil && len(b) == sha256.Size && hex.EncodeToString(b) == h
}

// Digest is the digest of the bundle at path (a directory or .tar.gz):
// DigestOf its attestation.json. It verifies nothing; Verify reports the
// same digest for a bundle that verifies.
func Digest(ctx context.Context, path string) (string, error) {
	env, err := readAttestation(ctx, path)
	if err != nil {
		return "", err
	}
	return DigestOf(env), nil
}

// Head is what a bundle's attestation says, read without verifying
// anything: enough to find a bundle among others (its scope, its run) and
// to name it by digest. Verify the bundle before relying on it.
type Head struct {
	Path      string
	Digest    string
	Predicate attest.Predicate
}

// ReadHead reads the attestation of the bundle at path, unverified. A
// path that is not a bundle, or whose attestation cannot be read, is an
// *UnreadableError.
func ReadHead(ctx context.Context, path string) (*Head, error) {
	env, err := readAttestation(ctx, path)
	if err != nil {
		return nil, err
	}
	o, err := attest.Open(ctx, env, nil)
	if err != nil {
		return nil, &UnreadableError{Path: path, Err: fmt.Errorf("%s: %w", AttestationFile, err)}
	}
	return &Head{Path: path, Digest: DigestOf(env), Predicate: o.Predicate}, nil
}

// readAttestation reads a bundle's attestation.json alone: from a
// directory directly, from an archive by streaming to its entry (written
// last, so the whole archive is read).
func readAttestation(ctx context.Context, path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &UnreadableError{Path: path, Err: err}
	}
	var env []byte
	if fi.IsDir() {
		env, err = readDirAttestation(path)
	} else {
		env, err = readArchiveAttestation(ctx, path)
	}
	if err != nil {
		return nil, &UnreadableError{Path: path, Err: err}
	}
	return env, nil
}

func readDirAttestation(dir string) ([]byte, error) {
	p := filepath.Join(dir, AttestationFile)
	fi, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", AttestationFile)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(f, AttestationFile, maxAttestation)
}

func readArchiveAttestation(ctx context.Context, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 256<<10)
	if head, err := br.Peek(2); err != nil || !bytes.Equal(head, []byte{0x1f, 0x8b}) {
		return nil, errors.New("neither a directory nor a .tar.gz")
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	for n := 0; ; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if n > MaxFiles {
			return nil, fmt.Errorf("more than %d files", MaxFiles)
		}
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("no %s", AttestationFile)
		}
		if err != nil {
			return nil, fmt.Errorf("archive: %w", err)
		}
		if strings.TrimPrefix(hdr.Name, "./") != AttestationFile {
			continue
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("%s: not a regular file", AttestationFile)
		}
		return readBounded(tr, AttestationFile, maxAttestation)
	}
}

func readBounded(r io.Reader, name string, limit int64) ([]byte, error) {
	b, err := engine.ReadAllLimit(r, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}
