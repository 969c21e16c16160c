package bundle

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// Show answers for one control: its policies with the version that ran,
// the assets they judged with verdicts and findings, and the waivers that
// set findings aside; a control no asset exercised is not tested, one no
// policy names is an error.
func TestShow(t *testing.T) {
	ctx := context.Background()
	dst := writeTest(t, testRun(t, 0), signedOptions(t), "b.tar.gz")
	opts := VerifyOptions{Verifier: goldenVerifier(t), KeyName: "golden.pub"}

	a, err := Show(ctx, dst, "test:cc-1", opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.Control != "TEST:CC-1" || a.Verdict != "waived" || !a.SignatureVerified || a.Results.Pass != 1 || a.Results.Waived != 1 {
		t.Errorf("answer %+v: want TEST:CC-1 waived (1 pass, 1 waived), signature verified", a)
	}
	if len(a.Policies) != 1 || a.Policies[0].ID != "TEST-001" || len(a.Policies[0].SHA256) != 64 || a.Policies[0].Source != "testdata/policies" {
		t.Errorf("policies %+v: want TEST-001 with its file's sha256 and source", a.Policies)
	}
	if len(a.Assets) != 1 || a.Assets[0].Kind != "terraform" || a.Assets[0].Digest == "" || len(a.Assets[0].Findings) != 1 ||
		a.Assets[0].Findings[0].WaiverID != "W-100" || a.Assets[0].Findings[0].Resource != "aws_s3_bucket.scratch" {
		t.Errorf("assets %+v: want the module, its waived finding on aws_s3_bucket.scratch", a.Assets)
	}
	if len(a.Waivers) != 1 || a.Waivers[0].ID != "W-100" || a.Waivers[0].Owner != "team-platform" ||
		a.Waivers[0].ApprovedBy != "security@example.com" || a.Waivers[0].Expires != "2099-12-31" || !a.Waivers[0].Applied {
		t.Errorf("waivers %+v: want W-100 with owner, approver and expiry", a.Waivers)
	}
	var text bytes.Buffer
	if err := a.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"control TEST:CC-1: waived", "W-100", "team-platform", "security@example.com", "2099-12-31", "aws_s3_bucket.scratch", "verified with golden.pub"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the text does not say %q:\n%s", want, text.String())
		}
	}

	if a, err := Show(ctx, dst, "TEST:CC-2", opts); err != nil || a.Verdict != "warn" || len(a.Policies) != 2 {
		t.Errorf("TEST:CC-2: %+v, %v; want warn from two policies", a, err)
	}
	if a, err := Show(ctx, dst, "TEST:CC-3", opts); err != nil || a.Verdict != NotTested || len(a.Assets) != 0 {
		t.Errorf("TEST:CC-3: %+v, %v; want not tested", a, err)
	}
	var unknown *UnknownControlError
	if _, err := Show(ctx, dst, "SOC2:CC6.1", opts); !errors.As(err, &unknown) {
		t.Errorf("a control no policy names: %v", err)
	}
	if a, err := Show(ctx, dst, "TEST:CC-1", VerifyOptions{Unsigned: true}); err != nil || a.SignatureVerified {
		t.Errorf("without a key: %+v, %v; want an answer that does not claim the signature", a, err)
	}
	if _, err := Show(ctx, dst, "TEST:CC-1", VerifyOptions{Verifier: otherKey(t)}); err == nil {
		t.Error("Show answered from a bundle another key signed")
	}
}
