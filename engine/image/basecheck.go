package image

import (
	"context"
	"fmt"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
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
	err = l.lookupBase(ctx, ref, func(desc *remote.Descriptor) error {
		current := desc.Digest.String()
		if current != recorded && desc.MediaType.IsIndex() {
			// Recorded by the platform's manifest, perhaps: only then is
			// the index read further.
			img, err := platformImage(desc, platform)
			var d v1.Hash
			if err == nil {
				d, err = img.Digest()
			}
			if err != nil {
				base["error"] = fmt.Sprintf("%s could not be read for %s: %v", name, platformPath(platform), err)
				return nil
			}
			if d.String() == recorded {
				current = recorded
			}
		}
		base["checked"], base["current_digest"] = true, current
		return nil
	})
	if err != nil {
		base["error"] = fmt.Sprintf("%s could not be looked up: %v", name, err)
	}
}

// lookupBase looks a base image's name up in its registry and hands what
// it points to to use, all within baseLookupTimeout: the registry reads
// use makes (an index's entries, a config) count against the same
// deadline, which ends when use returns, so what use reads must not be
// read again after. Its error is the lookup's, or use's.
func (l *Loader) lookupBase(ctx context.Context, ref name.Reference, use func(*remote.Descriptor) error) error {
	ctx, cancel := context.WithTimeout(ctx, baseLookupTimeout)
	defer cancel()
	desc, err := remote.Get(ref, l.remoteOptions(ctx)...)
	if err != nil {
		return err
	}
	return use(desc)
}

// platformImage is the image a looked-up name gives for platform want:
// the index's entry for it, or the lone image the name points to.
func platformImage(desc *remote.Descriptor, want v1.Platform) (v1.Image, error) {
	switch {
	case desc.MediaType.IsIndex():
		idx, err := desc.ImageIndex()
		if err != nil {
			return nil, err
		}
		cs, err := pick(idx, &want)
		if err != nil {
			return nil, err
		}
		return cs[0].img, nil
	case desc.MediaType.IsImage():
		return desc.Image()
	}
	return nil, fmt.Errorf("media type %s is not an image", desc.MediaType)
}
