// Command demo-image writes a small OCI image layout for `make demo`: an
// image built here, without a registry or network, with the faults an
// image check should find (root user, a setuid binary, an apt index left
// behind, a credential in its environment, no HEALTHCHECK on a service,
// missing labels).
//
//	go run ./scripts/demo-image DIR
package main

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: demo-image DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "demo-image:", err)
		os.Exit(1)
	}
}

type entry struct {
	name string
	mode int64
	body string
	dir  bool
}

func write(dir string) error {
	files := []entry{
		{name: "etc/", dir: true, mode: 0o755},
		{name: "etc/os-release", mode: 0o644, body: "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"},
		{name: "bin/", dir: true, mode: 0o755},
		{name: "bin/sh", mode: 0o755, body: "#!/bin/true\n"},
		{name: "usr/bin/", dir: true, mode: 0o755},
		{name: "usr/bin/passwd", mode: 0o4755, body: "not really passwd\n"},
		{name: "var/lib/apt/lists/", dir: true, mode: 0o755},
		{name: "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", mode: 0o644, body: "Origin: Debian\n"},
		{name: "app/", dir: true, mode: 0o755},
		{name: "app/server", mode: 0o755, body: "#!/bin/sh\necho serving\n"},
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	epoch := time.Unix(0, 0)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Mode: f.mode, ModTime: epoch, Typeflag: tar.TypeReg, Size: int64(len(f.body))}
		if f.dir {
			h.Typeflag, h.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := io.WriteString(tw, f.body); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(buf.Bytes())), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return err
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.AppendLayers(base, layer)
	if err != nil {
		return err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", "amd64"
	cf.Created = v1.Time{Time: time.Now().UTC().Truncate(time.Second)}
	cf.Config.Entrypoint = []string{"/app/server"}
	cf.Config.Env = []string{"PATH=/usr/bin:/bin", "API_TOKEN=demo-only-not-a-real-token"}
	cf.Config.ExposedPorts = map[string]struct{}{"8080/tcp": {}}
	cf.Config.Labels = map[string]string{"org.opencontainers.image.source": "https://github.com/acme/demo"}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		return err
	}
	img = mutate.Annotations(img, map[string]string{
		"org.opencontainers.image.base.name": "docker.io/library/debian:12",
	}).(v1.Image)
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	return p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": "demo"}))
}
