package engine

// Identity is what names a target from run to run and machine to machine:
// the repository it lives in and its place there. Findings are joined
// across runs (baselines, waivers, the history store) by it.
type Identity struct {
	// Repo is the repository's identity: its origin remote normalised
	// (github.com/acme/infra), else its root directory's name, or what the
	// user set (--repo); "" outside a repository.
	Repo string
	// Path is the target's slash path relative to the repository root
	// ("." for the root), or outside a repository to the scanned
	// directory; for an SBOM, its main component (purl without version,
	// or name) when it names one.
	Path string
}

// String is the identity as one key: repo//path, or path alone.
func (id Identity) String() string {
	if id.Repo == "" {
		return id.Path
	}
	return id.Repo + "//" + id.Path
}

// Identity is the identity a result's target carries.
func (r *TargetRef) Identity() Identity { return Identity{Repo: r.Repo, Path: r.Path} }
