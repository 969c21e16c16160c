package check

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/paved-dev/paved/engine/osv"
	"github.com/paved-dev/paved/engine/sbom"
)

// vulnDB loads the --vuln-db database when the first SBOM component asks,
// so a run without SBOMs (a pre-commit hook on Terraform) does not pay for
// reading it. A database that fails to load fails the run (Run checks
// err after loading), never a silent empty match.
type vulnDB struct {
	ctx  context.Context
	path string
	opts osv.Options
	once sync.Once
	db   *osv.DB
	err  error
}

var _ sbom.AdvisoryDB = (*vulnDB)(nil)

// newVulnDB checks at once that the database exists, to report a wrong
// path whatever the run holds.
func newVulnDB(ctx context.Context, path string, opts osv.Options) (*vulnDB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("--vuln-db: %w", err)
	}
	return &vulnDB{ctx: ctx, path: path, opts: opts}, nil
}

func (v *vulnDB) Affecting(purl string) []sbom.Advisory {
	v.once.Do(func() {
		start := time.Now()
		v.db, v.err = osv.Load(v.ctx, v.path, v.opts)
		if v.err == nil {
			slog.Debug("vulnerability database loaded", "records", v.db.Records(), "elapsed", time.Since(start))
		}
	})
	if v.db == nil {
		return nil
	}
	return v.db.Affecting(purl)
}

// Err is the error loading the database, if it was loaded and failed.
func (v *vulnDB) Err() error {
	if v == nil || v.err == nil {
		return nil
	}
	return fmt.Errorf("--vuln-db %s:\n%w", v.path, v.err)
}
