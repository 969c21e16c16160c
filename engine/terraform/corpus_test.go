package terraform

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paved-dev/paved/engine"
)

// TestCorpus loads real-world modules (terraform-aws-modules): every one
// is valid Terraform (but the one corpusOptions leaves out), so any
// diagnostic is a loader bug.
func TestCorpus(t *testing.T) {
	dir := corpusOrSkip(t)
	ts, err := New(corpusOptions()).Load(context.Background(), dir)
	for _, tg := range ts {
		tg.ID = strings.TrimPrefix(tg.ID, filepath.ToSlash(dir)+"/")
	}
	if err != nil {
		t.Fatalf("diagnostics on valid Terraform:\n%v", err)
	}
	if len(ts) < 100 {
		t.Fatalf("only %d targets", len(ts))
	}
	for _, tg := range ts {
		checkJSONNative(t, tg.Input, tg.ID)
		if strings.HasPrefix(filepath.Base(tg.ID), "modules") {
			t.Errorf("%s: a module used by examples is a target of its own", tg.ID)
		}
	}

	complete := target(t, ts, "terraform-aws-s3-bucket/examples/complete")
	var s3 map[string]any
	for _, c := range at(complete.Input, "module_calls").([]any) {
		if at(c, "address") == "module.s3_bucket" {
			s3 = c.(map[string]any)
		}
	}
	if s3 == nil || s3["source"] != "../../" || s3["kind"] != "local" || s3["resolved"] != true {
		t.Errorf("examples/complete module s3_bucket: %s", js(s3))
	}
	runChecks(t, complete, []check{
		{addr: "module.s3_bucket.aws_s3_bucket.this[0]", path: []any{"index"}, want: 0},
		{addr: "module.s3_bucket.aws_s3_bucket.this[0]", path: []any{"file"}, want: filepath.ToSlash(dir) + "/terraform-aws-s3-bucket/main.tf"},
	})
	// The encryption configuration of the bucket refers to it.
	enc := resource(t, complete, "module.s3_bucket.aws_s3_bucket_server_side_encryption_configuration.this[0]")
	if refs := js(at(enc, "references", "bucket")); !strings.Contains(refs, "module.s3_bucket.aws_s3_bucket.this") {
		t.Errorf("encryption configuration bucket references %s", refs)
	}

	// The templates directory is rejected, as terraform validate rejects it.
	_, err = New(Options{}).Load(context.Background(), filepath.Join(dir, "terraform-aws-security-group"))
	var diags engine.Diagnostics
	if !errors.As(err, &diags) || len(diags) == 0 {
		t.Fatalf("security-group wrappers/_templates: %v, want diagnostics", err)
	}
	for _, d := range diags {
		if !strings.HasSuffix(d.File, "modules/_templates/main.tf") || !strings.HasPrefix(d.Message, "Reference to undeclared input variable: An input variable with the name \"auto_") {
			t.Errorf("security-group templates: %v", d)
		}
	}

	// The module root, loaded by itself, has its bucket with count.
	ts = loadDir(t, filepath.Join(dir, "terraform-aws-s3-bucket", "main.tf"), Options{})
	root := ts[0]
	b := resource(t, root, "aws_s3_bucket.this[0]")
	if at(b, "base_address") != "aws_s3_bucket.this" || at(b, "lines", "count") == nil {
		t.Errorf("aws_s3_bucket.this: %s", js(b))
	}
}
