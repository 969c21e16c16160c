// Package dockerfile loads Dockerfiles (and Containerfiles) into paved
// targets: one input document per file, in the shape
// docs/dockerfile-input.md defines, for the policies under
// policies/dockerfile.
//
// # What is a target
//
// Load takes a file, loaded whatever its name, or a directory, walked for
// the names IsDockerfile accepts (Dockerfile, Containerfile, Dockerfile.*,
// *.Dockerfile, case-insensitive). The walk skips hidden directories (.git
// among them), node_modules and vendor, and enters no symlinked directory;
// reads go through an os.Root on the scanned directory (for a file, its
// directory), so no symlink leads out of it. Each file is bounded by
// Options.MaxFileSize.
//
// Target IDs, the document's path and resource files are the scanned path
// as the user wrote it joined with the slash path below it
// ("services/api/Dockerfile"). The digest is sha256 over the file's bytes.
//
// # Resources
//
// Every build stage is a resource of type "stage", addressed "stage:NAME"
// when it has a name (FROM … AS NAME, lowercased as BuildKit does) and
// "stage[INDEX]" otherwise: a name survives stages being inserted before
// it, so findings on named stages keep their fingerprint. Policies about
// the file as a whole (the final stage's user, its HEALTHCHECK) have empty
// resource_types and deny the target itself (resource = input.path).
//
// # Parsing
//
// The file is parsed with BuildKit's own parser
// (github.com/moby/buildkit/frontend/dockerfile/parser), so line
// continuations, the escape directive, exec (JSON) and shell forms and
// heredocs read exactly as docker build reads them. On top of it the loader
// does what a build would refuse to skip: unknown instructions, anything
// but ARG before the first FROM, malformed FROM lines, invalid or duplicate
// stage names, a file without FROM. Each is an engine.Diagnostic at
// file:line, and such a file yields no target, so a half-read Dockerfile
// never passes.
//
// FROM images written with variables are resolved against the global ARGs'
// defaults with BuildKit's shell lexer; what stays unknown (an ARG without
// a default, a build-time --build-arg) is marked unresolved rather than
// guessed. ENV, LABEL and ARG values are unquoted the same way, variables
// left as written, and flagged literal when they refer to none. USER and
// HEALTHCHECK are followed through FROM <earlier stage>, which inherits
// them, into effective_user and healthcheck, because Rego cannot follow
// that chain itself.
//
// # Base images
//
// The loader fetches nothing. With Options.Bases, a BaseResolver (the image
// kind's, when base images are to be resolved) is asked once per reference
// for the config of each registry image a stage builds on, and the stage's
// base_user is the image's default user ("" for root); FROM <stage>
// inherits it. Without a resolver, or when it cannot tell, base_user is
// null and the policies fall back to their table of well-known non-root
// bases. A failed lookup is a Diagnostic at the FROM line and the file
// yields no target. A resolved document depends on the registry as well
// as on the file, which its digest (of the file alone) does not show.
package dockerfile
