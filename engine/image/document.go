package image

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// The base image annotations (OCI image spec), read from the manifest and,
// failing that, from the config's labels.
const (
	baseNameKey   = "org.opencontainers.image.base.name"
	baseDigestKey = "org.opencontainers.image.base.digest"
)

// maxConfigSize bounds an image config read; real ones are a few
// kilobytes, with a long history a few hundred.
const maxConfigSize = 8 << 20

// naming is what a reference says about the image's name.
type naming struct {
	registry, repository, tag string
	pinned                    bool
	// identity is the repository findings are kept under: the image's, or
	// the path of a layout or archive that names none.
	identity string
}

// manifestFacts are the parts of an image the document takes from its
// manifest and config, read before any layer.
type manifestFacts struct {
	digest    v1.Hash
	manifest  *v1.Manifest
	mediaType string
	config    *v1.ConfigFile
}

func readManifest(img v1.Image) (*manifestFacts, error) {
	m, err := img.Manifest()
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	d, err := img.Digest()
	if err != nil {
		return nil, fmt.Errorf("manifest digest: %w", err)
	}
	mt := string(m.MediaType)
	if mt == "" {
		t, err := img.MediaType()
		if err != nil {
			return nil, err
		}
		mt = string(t)
	}
	if ct := m.Config.MediaType; ct != "" && !ct.IsConfig() {
		return nil, fmt.Errorf("manifest %s is not a container image: its config is %s", d, ct)
	}
	cfg, err := configOf(img)
	if err != nil {
		return nil, err
	}
	return &manifestFacts{digest: d, manifest: m, mediaType: mt, config: cfg}, nil
}

// configOf reads an image's config, bounded by the size its manifest
// declares.
func configOf(img v1.Image) (*v1.ConfigFile, error) {
	m, err := img.Manifest()
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	if m.Config.Size > maxConfigSize {
		return nil, fmt.Errorf("image config of %d bytes: more than %d", m.Config.Size, maxConfigSize)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", m.Config.Digest, err)
	}
	return cfg, nil
}

// platformOf is the image's platform: its config's word, else its index's.
func platformOf(cfg *v1.ConfigFile, fromIndex *v1.Platform) v1.Platform {
	p := v1.Platform{OS: cfg.OS, Architecture: cfg.Architecture, Variant: cfg.Variant}
	if p.OS == "" && fromIndex != nil {
		p = v1.Platform{OS: fromIndex.OS, Architecture: fromIndex.Architecture, Variant: fromIndex.Variant}
	}
	return p
}

// platformPath is a platform as os/arch[/variant].
func platformPath(p v1.Platform) string {
	return (v1.Platform{OS: p.OS, Architecture: p.Architecture, Variant: p.Variant}).String()
}

// timestamp is an image time in RFC 3339, "" when unset or the epoch
// (reproducible builds set it there).
func timestamp(t v1.Time) string {
	if t.IsZero() || t.Unix() == 0 {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// dockerHub is how base.repository spells Docker Hub's registry: as
// Docker and containerd write it, and as policies' registry lists do, not
// go-containerregistry's index.docker.io.
const dockerHub = "docker.io"

// baseRepository is the repository a base name (already redacted) names,
// parsed as the base lookup parses it (go-containerregistry), Docker Hub
// spelled docker.io with its implicit library/ namespace:
// alpine:3.20, library/alpine and index.docker.io/library/alpine are all
// docker.io/library/alpine. "" when the name is none or no image
// reference.
func baseRepository(s string) string {
	if s == "" {
		return ""
	}
	ref, err := name.ParseReference(s)
	if err != nil {
		return ""
	}
	repo := ref.Context()
	reg := strings.ToLower(repo.RegistryStr())
	if reg == name.DefaultRegistry {
		reg = dockerHub
	}
	return reg + "/" + repo.RepositoryStr()
}

// document is the input document of one image, its filesystem and trust
// parts left to the caller.
func document(ref Reference, n naming, mf *manifestFacts, indexDigest string, platform v1.Platform, r *redactor) map[string]any {
	m, cfg := mf.manifest, mf.config
	c := cfg.Config
	env := make([]any, 0, len(c.Env))
	for _, kv := range c.Env {
		name, value, _ := strings.Cut(kv, "=")
		v, red := r.env(name, value)
		env = append(env, map[string]any{"name": name, "value": v, "redacted": red})
	}
	strs := func(ss []string) []any {
		out := make([]any, len(ss))
		for i, s := range ss {
			out[i] = r.text(s)
		}
		return out
	}
	pairs := func(m map[string]string) map[string]any {
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[k] = r.pair(k, v)
		}
		return out
	}
	var health any
	if hc := c.Healthcheck; hc != nil && len(hc.Test) > 0 {
		health = map[string]any{"test": strs(hc.Test), "none": hc.Test[0] == "NONE"}
	}
	ports := slices.Sorted(maps.Keys(c.ExposedPorts))
	history := make([]any, len(cfg.History))
	for i, h := range cfg.History {
		history[i] = map[string]any{"created": timestamp(h.Created), "created_by": r.text(h.CreatedBy),
			"comment": r.text(h.Comment), "empty_layer": h.EmptyLayer}
	}
	size := m.Config.Size
	layers := make([]any, len(m.Layers))
	for i, l := range m.Layers {
		size += l.Size
		layers[i] = map[string]any{"digest": l.Digest.String(), "size": int(l.Size), "media_type": string(l.MediaType)}
	}
	base := map[string]any{"name": "", "digest": ""}
	for key, field := range map[string]string{baseNameKey: "name", baseDigestKey: "digest"} {
		if v := m.Annotations[key]; v != "" {
			base[field] = r.text(v)
		} else if v := c.Labels[key]; v != "" {
			base[field] = r.text(v)
		}
	}
	base["repository"] = baseRepository(base["name"].(string))
	return map[string]any{
		"kind":         string(Kind),
		"reference":    ref.Raw,
		"source":       string(ref.Source),
		"registry":     n.registry,
		"repository":   n.repository,
		"tag":          n.tag,
		"pinned":       n.pinned,
		"digest":       mf.digest.String(),
		"index_digest": indexDigest,
		"platform":     map[string]any{"os": platform.OS, "architecture": platform.Architecture, "variant": platform.Variant},
		"media_type":   mf.mediaType,
		"annotations":  pairs(m.Annotations),
		"size":         int(size),
		"config": map[string]any{
			"user":          c.User,
			"env":           env,
			"entrypoint":    strs(c.Entrypoint),
			"cmd":           strs(c.Cmd),
			"exposed_ports": strs(ports),
			"labels":        pairs(c.Labels),
			"created":       timestamp(cfg.Created),
			"working_dir":   c.WorkingDir,
			"healthcheck":   health,
			"stop_signal":   c.StopSignal,
		},
		"history": history,
		"layers":  layers,
		"base":    base,
	}
}

// unchecked is the signatures part of an image whose signatures were not
// looked up, saying why.
func unchecked(why string) map[string]any {
	return map[string]any{"checked": false, "error": why, "trusted_signers": 0, "found": []any{}}
}
