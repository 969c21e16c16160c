package engine

import "context"

// Resource is one thing inside a target that policies examine: a Terraform
// resource instance, a module call, a workflow, a component. Policies whose
// metadata lists Type in resource_types examine it; with no denial it passes.
type Resource struct {
	Type    string
	Address string
	File    string
	Line    int
}

// Target is one unit of evaluation: a Terraform root module, a plan, a
// repository, an image, an SBOM. Input is the document handed to Rego as
// `input`; it must hold only JSON-native Go values (map[string]any, []any,
// string, bool, float64, int, json.Number, nil) and Valuers (typed records
// that make their own OPA value, encoding the same document as JSON), so
// it converts without reflection.
type Target struct {
	Kind Kind
	ID   string // the target as the user named it (a slash path, a ref), for display
	// Identity names the target from run to run, whatever the working
	// directory, the spelling of the path or where the checkout lives;
	// findings' fingerprints derive from it. A loader may set Path (an
	// SBOM's main component); the check fills in the rest.
	Identity  Identity
	Path      string // where it was read from, for messages
	Digest    string // "sha256:…" over the content the loader read
	Owner     string
	Input     map[string]any
	Resources []Resource
	// Waivers are exceptions the target declares about itself, such as an
	// SBOM's VEX statements. They match its results exactly (policy,
	// target id and resource, no globs), are applied with the run's other
	// waivers, and are reported only when they waive something.
	Waivers []*Waiver

	released bool // Input was dropped once converted (EvalOptions.ReleaseInput)
}

// self is the resource that stands for the whole target in its results
// (a policy that examines no resource type, an error): its identity's
// path, so its findings keep their fingerprint whatever the path typed.
func (t *Target) self() string {
	if t.Identity.Path != "" {
		return t.Identity.Path
	}
	return t.ID
}

// Loader turns a path into targets. A loader returns every target it could
// build together with an error describing each input it could not (a
// *Diagnostics), so one bad file does not hide the rest.
type Loader interface {
	Load(ctx context.Context, path string) ([]*Target, error)
}
