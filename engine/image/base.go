package image

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/paved-dev/paved/engine/dockerfile"
)

var _ dockerfile.BaseResolver = (*Loader)(nil)

// defaultPlatform is what a FROM without --platform is taken to build
// for, unless Options.Platform says: what CI runners build on.
var defaultPlatform = v1.Platform{OS: "linux", Architecture: "amd64"}

// ResolveBase implements dockerfile.BaseResolver: the default user of the
// registry image a Dockerfile stage builds on, from its config alone (no
// layer is read), for the stage's platform. An image that cannot be looked
// up here (offline, unauthorized, missing, no such platform) or that
// Options.NoBaseLookup says not to look up is unknown: nil, and no error;
// a reference that is none is an error.
func (l *Loader) ResolveBase(ctx context.Context, ref, platform string) (*dockerfile.BaseConfig, error) {
	named, err := l.registryName(ref)
	if err != nil {
		return nil, fmt.Errorf("not an image reference: %w", err)
	}
	if l.opts.NoBaseLookup {
		return nil, nil // no base image is looked up: unknown
	}
	want := defaultPlatform
	if p, err := ParsePlatform(platform); err == nil {
		want = *p // FROM --platform=$BUILDPLATFORM and the like fall through
	} else if p, err := ParsePlatform(l.opts.Platform); err == nil {
		want = *p
	}
	cfg, err := l.baseConfig(ctx, named, want)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		slog.Debug("base image not looked up", "ref", ref, "platform", want.String(), "err", err)
		return nil, nil
	}
	return &dockerfile.BaseConfig{User: cfg.Config.User}, nil
}

func (l *Loader) baseConfig(ctx context.Context, named name.Reference, want v1.Platform) (cfg *v1.ConfigFile, err error) {
	err = l.lookupBase(ctx, named, func(desc *remote.Descriptor) error {
		img, err := platformImage(desc, want)
		if err != nil {
			return err
		}
		cfg, err = configOf(img)
		return err
	})
	return cfg, err
}
