package ocistore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// maxTags bounds how many tags List looks at.
const maxTags = 10_000

// Entry is one evidence bundle in a repository.
type Entry struct {
	Tag     string `json:"tag"`
	Digest  string `json:"digest"`
	RunID   string `json:"run_id"`
	Scope   string `json:"scope,omitempty"`
	Created string `json:"created,omitempty"`
}

// List names the evidence bundles tagged in repo, by tag listing: every
// tag's manifest is read, and those that are not evidence are left out.
// An evidence manifest that ParseManifest refuses is an error.
func List(ctx context.Context, repo string, o Options) ([]Entry, error) {
	r, err := name.NewRepository(strings.TrimPrefix(repo, "oci://"))
	if err != nil {
		return nil, fmt.Errorf("repository %q: %w", repo, err)
	}
	ropts := o.remote(ctx)
	tags, err := remote.List(r, ropts...)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", r, err)
	}
	if len(tags) > maxTags {
		return nil, fmt.Errorf("list %s: more than %d tags", r, maxTags)
	}
	var out []Entry
	for _, t := range tags {
		desc, err := remote.Get(r.Tag(t), ropts...)
		if err != nil {
			return nil, fmt.Errorf("list %s:%s: %w", r, t, err)
		}
		if !desc.MediaType.IsImage() {
			continue
		}
		m, err := ParseManifest(desc.Manifest)
		if err != nil {
			if !isEvidence(desc.Manifest) {
				continue // another artifact sharing the repository
			}
			// Left out, a damaged bundle would go unnoticed by a chain.
			return nil, fmt.Errorf("list %s:%s: %w", r, t, err)
		}
		out = append(out, Entry{Tag: t, Digest: desc.Digest.String(), RunID: m.Annotations[AnnotationRunID],
			Scope: m.Annotations[AnnotationScope], Created: m.Annotations[AnnotationCreated]})
	}
	return out, nil
}

// isEvidence says whether a manifest claims our artifact type, however
// else it is damaged.
func isEvidence(b []byte) bool {
	var m struct {
		ArtifactType string `json:"artifactType"`
	}
	return json.Unmarshal(b, &m) == nil && m.ArtifactType == ArtifactType
}
