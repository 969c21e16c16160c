package paved.image.fixtures

# doc is a well-formed image document that every image policy passes with
# the default parameters and a trusted key configured; tests change one
# thing at a time with with_(patch).
doc := {
	"kind": "image",
	"reference": "image://r.example/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111",
	"source": "registry",
	"registry": "r.example",
	"repository": "r.example/acme/app",
	"tag": "",
	"pinned": true,
	"digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
	"index_digest": "",
	"platform": {"os": "linux", "architecture": "amd64", "variant": ""},
	"media_type": "application/vnd.oci.image.manifest.v1+json",
	"annotations": {},
	"size": 31457280,
	"config": {
		"user": "65532",
		"env": [{"name": "PATH", "value": "/usr/bin", "redacted": false}],
		"entrypoint": ["/app"],
		"cmd": [],
		"exposed_ports": ["8080/tcp"],
		"labels": {
			"org.opencontainers.image.source": "https://github.com/acme/app",
			"org.opencontainers.image.revision": "0123456789abcdef0123456789abcdef01234567",
			"org.opencontainers.image.licenses": "Apache-2.0",
		},
		"created": time.format([time.now_ns() - (2 * 24 * 3600 * 1000000000), "UTC", "2006-01-02T15:04:05Z07:00"]),
		"working_dir": "/",
		"healthcheck": {"test": ["CMD", "/app", "health"], "none": false},
		"stop_signal": "",
	},
	"history": [],
	"layers": [{"digest": "sha256:2222222222222222222222222222222222222222222222222222222222222222", "size": 31457000, "media_type": "application/vnd.oci.image.layer.v1.tar+gzip"}],
	"base": {
		"name": "gcr.io/distroless/static-debian12:nonroot",
		"repository": "gcr.io/distroless/static-debian12",
		"digest": "sha256:3333333333333333333333333333333333333333333333333333333333333333",
		"checked": true, "error": "",
		"current_digest": "sha256:3333333333333333333333333333333333333333333333333333333333333333",
	},
	"filesystem": {
		"walked": true, "complete": true, "reason": "",
		"files": 120, "bytes": 52428800,
		"os_release": {"id": "debian", "version_id": "12", "pretty_name": "Distroless"},
		"setuid": [], "setgid": [], "world_writable": [], "package_caches": [],
		"shells": [], "ssh_servers": [], "secrets": [], "secrets_skipped": [],
	},
	"signatures": {
		"checked": true, "error": "", "trusted_signers": 1,
		"found": [{"format": "bundle", "verified": true, "signer": {"key": "cosign.pub", "issuer": "", "subject": ""}, "error": ""}],
	},
	"attestations": [
		{
			"format": "bundle", "predicate_type": "https://slsa.dev/provenance/v1",
			"verified": true, "subject_matches": true, "error": "",
			"signer": {"key": "", "issuer": "https://token.actions.githubusercontent.com", "subject": "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.4.0"},
			"slsa": {
				"builder_id": "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@refs/tags/v2.1.0",
				"build_type": "https://github.com/slsa-framework/slsa-github-generator/container@v1",
				"source_repo": "git+https://github.com/acme/app", "source_ref": "refs/tags/v1.4.0", "source_digest": "sha1:0123456789abcdef0123456789abcdef01234567",
			},
			"sbom": null,
		},
		{
			"format": "bundle", "predicate_type": "https://cyclonedx.org/bom",
			"verified": true, "subject_matches": true, "error": "",
			"signer": {"key": "cosign.pub", "issuer": "", "subject": ""},
			"slsa": null, "sbom": {"format": "cyclonedx", "components": 12},
		},
	],
}

# with_(patch) is doc with patch merged in, objects recursively.
with_(patch) := object.union(doc, patch)

# fs_with(patch) is doc with its filesystem patched.
fs_with(patch) := with_({"filesystem": object.union(doc.filesystem, patch)})

# config_with(patch) is doc with its config patched.
config_with(patch) := with_({"config": object.union(doc.config, patch)})

# set(path, value) is doc with the value at a JSON pointer replaced whole.
set(path, value) := json.patch(doc, [{"op": "replace", "path": path, "value": value}])
