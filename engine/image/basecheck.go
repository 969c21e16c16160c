package image

import (
	"context"
	"fmt"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// baseLookupTimeout bounds the registry lookup of a base image: an
// unreachable registry makes the base's currency unknown, not the run slow.
const baseLookupTimeout = 15 * time.Second

// baseCurrency says whether the base image an image records
// (org.opencontainers.image.base.name and .digest) is still what its name
// points to: it fills base's checked, current_digest and error. A base
// recorded by the digest of its index or of the platform's manifest is
// current when the name resolves to either.
func (l *Loader) baseCurrency(ctx context.Context, base map[string]any, platform v1.Platform) {
	base["checked"], base["current_digest"], base["error"] = false, "", ""
	name, _ := base["name"].(string)
	recorded, _ := base["digest"].(string)
	switch {
	case name == "":
		base["error"] = "the image does not name its base"
		return
	case recorded == "":
		base["error"] = "the image does not record its base's digest"
		return
	case l.opts.NoBaseLookup:
		base["error"] = "base images are not looked up in this run (--no-base-lookup)"
		return
	}
	ref, err := l.registryName(name)
	if err != nil {
		base["error"] = fmt.Sprintf("the base name %q is not an image reference", name)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, baseLookupTimeout)
	defer cancel()
	desc, err := remote.Get(ref, l.remoteOptions(ctx)...)
	if err != nil {
		base["error"] = fmt.Sprintf("%s could not be looked up: %v", name, err)
		return
	}
	current := desc.Digest.String()
	if current != recorded && desc.MediaType.IsIndex() {
		idx, err := desc.ImageIndex()
		if err == nil {
			var cs []candidate
			if cs, err = pick(idx, &platform); err == nil {
				var d v1.Hash
				if d, err = cs[0].img.Digest(); err == nil && d.String() == recorded {
					current = recorded
				}
			}
		}
		if err != nil {
			base["error"] = fmt.Sprintf("%s could not be read for %s: %v", name, platformPath(platform), err)
			return
		}
	}
	base["checked"], base["current_digest"] = true, current
}
