package chain

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/paved-dev/paved/evidence/bundle"
)

// Link is one verified bundle as a chain sees it.
type Link struct {
	// Name is the bundle's file or directory name in a directory, its tag
	// in a registry.
	Name       string    `json:"name"`
	Digest     string    `json:"digest"`
	Scope      string    `json:"scope"`
	RunID      string    `json:"run_id"`
	FinishedAt time.Time `json:"finished_at"`
	// Previous is the digest of the bundle before it; nil at a chain's
	// start.
	Previous          *string `json:"previous_bundle"`
	SignatureVerified bool    `json:"signature_verified"`
}

func linkOf(name string, v *bundle.Verification) Link {
	p := &v.Attests
	return Link{Name: name, Digest: v.Digest, Scope: p.Scope, RunID: p.Run.ID, FinishedAt: p.Run.FinishedAt.UTC(),
		Previous: p.PreviousBundle, SignatureVerified: v.SignatureVerified}
}

// String names the bundle and its run for a reader.
func (l Link) String() string {
	return fmt.Sprintf("%s (run %s, %s)", l.Name, l.RunID, l.FinishedAt.UTC().Format(time.RFC3339))
}

// order is a chain's order: by the time the run finished, then its id
// (then digest, so that the order never depends on the input's).
func order(a, b Link) int {
	return cmp.Or(a.FinishedAt.Compare(b.FinishedAt), cmp.Compare(a.RunID, b.RunID), cmp.Compare(a.Digest, b.Digest))
}

// latest is the last link in chain order; false when there is none.
func latest(ls []Link) (Link, bool) {
	if len(ls) == 0 {
		return Link{}, false
	}
	return slices.MaxFunc(ls, order), true
}
