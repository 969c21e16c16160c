package bundle

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paved-dev/paved/evidence/attest"
	"github.com/paved-dev/paved/evidence/runenv"
)

// WriteText writes what a verified bundle attests, for a reader.
func (v *Verification) WriteText(w io.Writer) error {
	p := &v.Attests
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "evidence %s: verified\n", v.Path)
	if v.SignatureVerified {
		fmt.Fprintf(tw, "  signature\tverified with %s\n", v.Key)
	} else {
		fmt.Fprintf(tw, "  signature\tNOT CHECKED: integrity only; nothing proves who wrote this bundle\n")
	}
	fmt.Fprintf(tw, "  files\t%d, each as the manifest lists it (manifest sha256:%s)\n", v.Files, v.ManifestSHA256)
	fmt.Fprintf(tw, "  bundle\t%s\n", v.Digest)
	fmt.Fprintf(tw, "  chain\t%s\n", chainText(p))
	fmt.Fprintf(tw, "  run\t%s, %s to %s, %s %s\n", p.Run.ID, stamp(p.Run.StartedAt), stamp(p.Run.FinishedAt), p.Tool.Name, p.Tool.Version)
	if s := where(v.Environment); s != "" {
		fmt.Fprintf(tw, "  where\t%s\n", s)
	}
	fmt.Fprintf(tw, "  policy set\t%s: %d policies, %d files (%d stored)\n", p.PolicySet.Digest, p.PolicySet.Count, v.PolicyFiles, v.PolicyFilesStored)
	for _, s := range p.PolicySet.Sources {
		if s.Kind == sourceOCI {
			fmt.Fprintf(tw, "  \tfrom %s (%s, revision %s)\n", s.Ref, s.Digest, s.Revision)
		}
	}
	fmt.Fprintf(tw, "  targets\t%d judged, %d named by digest\n", p.Targets, len(v.Targets))
	s := p.Summary
	fmt.Fprintf(tw, "  results\t%d: %d pass, %d fail, %d warn, %d waived, %d error; %d blocking at fail-on %s\n",
		s.Total, s.Pass, s.Fail, s.Warn, s.Waived, s.Error, s.Blocking, p.FailOn)
	e := p.Exceptions
	fmt.Fprintf(tw, "  exceptions\t%d waivers and %d VEX statements applied; %d expired, %d stale\n", e.Waivers, e.VEX, e.Expired, e.Stale)
	if err := tw.Flush(); err != nil {
		return err
	}

	var byVerdict attest.Counts
	for _, c := range p.Controls {
		byVerdict.Add(c.Verdict)
	}
	fmt.Fprintf(w, "\ncontrols: %d tested (%d pass, %d fail, %d warn, %d waived, %d error)\n",
		len(p.Controls), byVerdict.Pass, byVerdict.Fail, byVerdict.Warn, byVerdict.Waived, byVerdict.Error)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range p.Controls {
		r := c.Results
		fmt.Fprintf(tw, "  %s\t%s\t%d assets\t%d pass, %d fail, %d warn, %d waived, %d error\t%s\n",
			c.Verdict, c.ID, c.Assets, r.Pass, r.Fail, r.Warn, r.Waived, r.Error, strings.Join(c.Policies, " "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	all := append(append([]WaiverDoc(nil), v.Waivers.Waivers...), v.Waivers.VEX...)
	if len(all) > 0 {
		fmt.Fprintf(w, "\nexceptions: %d\n", len(all))
		writeWaivers(w, all)
	}
	return nil
}

// WriteText writes the answer for one control, for a reader.
func (a *ControlAnswer) WriteText(w io.Writer) error {
	r := a.Results
	fmt.Fprintf(w, "control %s: %s", a.Control, a.Verdict)
	if a.Verdict != NotTested {
		fmt.Fprintf(w, " (%d pass, %d fail, %d warn, %d waived, %d error)", r.Pass, r.Fail, r.Warn, r.Waived, r.Error)
	}
	fmt.Fprintf(w, "\n  run %s, %s to %s, %s %s, policy set %s\n", a.Run.ID, stamp(a.Run.StartedAt), stamp(a.Run.FinishedAt), a.Tool.Name, a.Tool.Version, a.PolicySetDigest)
	if a.SignatureVerified {
		fmt.Fprintf(w, "  signature verified with %s\n", a.Key)
	} else {
		fmt.Fprintf(w, "  signature NOT CHECKED: integrity only\n")
	}

	fmt.Fprintf(w, "\npolicies: %d\n", len(a.Policies))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range a.Policies {
		version := p.Version
		if version == "" {
			version = p.Source
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s, sha256:%s\t%s\n", p.Verdict, p.ID, p.Severity, version, short(p.SHA256), p.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(w, "\nassets: %d\n", len(a.Assets))
	for _, as := range a.Assets {
		r := as.Results
		fmt.Fprintf(w, "  %s  %s  %s  (%d pass, %d fail, %d warn, %d waived, %d error)\n", as.Verdict, as.Name, as.Digest, r.Pass, r.Fail, r.Warn, r.Waived, r.Error)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, f := range as.Findings {
			loc := ""
			if f.Location != nil {
				loc = f.Location.File
				if f.Location.Line > 0 {
					loc += fmt.Sprintf(":%d", f.Location.Line)
				}
			}
			extra := f.Message
			if f.WaiverID != "" {
				extra = "waiver " + f.WaiverID + ": " + extra
			}
			fmt.Fprintf(tw, "      %s\t%s\t%s\t%s\t%s\n", f.Status, f.Policy, f.Resource, loc, oneLine(extra))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(a.Waivers) > 0 {
		fmt.Fprintf(w, "\nwaivers: %d\n", len(a.Waivers))
		writeWaivers(w, a.Waivers)
	}
	return nil
}

func writeWaivers(w io.Writer, ws []WaiverDoc) {
	for _, x := range ws {
		applied := "not applied"
		if x.Applied {
			applied = fmt.Sprintf("applied to %d", x.Matched)
		}
		approver, expires := x.ApprovedBy, x.Expires
		if approver == "" {
			approver = "nobody"
		}
		if expires == "" {
			expires = "no expiry"
		}
		fmt.Fprintf(w, "  %s  %s  %s, %s; owner %s, approved by %s, until %s: %s\n",
			x.ID, x.Policy, x.Status, applied, x.Owner, approver, expires, oneLine(x.Reason))
	}
}

// where says where a run happened: its commit and CI run.
func where(e runenv.Environment) string {
	var parts []string
	if g := e.Git; g != nil {
		s := "git " + short(g.Commit)
		if g.Repository != "" {
			s += " of " + g.Repository
		}
		parts = append(parts, s)
	}
	if c := e.CI; c != nil {
		s := c.Provider + " run " + c.RunID
		if c.RunURL != "" {
			s += " " + c.RunURL
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// chainText says where a bundle stands in its scope's chain.
func chainText(p *attest.Predicate) string {
	scope := "no scope"
	if p.Scope != "" {
		scope = "scope " + p.Scope
	}
	if p.PreviousBundle == nil {
		return scope + ", the start of a chain (no previous bundle)"
	}
	return scope + ", after " + *p.PreviousBundle
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:157]) + "..."
	}
	return s
}
