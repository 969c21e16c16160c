package chain

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// WriteText writes the report for a reader: per scope, the runs in the
// period, what the first follows, whether the chain holds, and the last
// bundle's digest to anchor; then the bundles that do not verify.
func (r *Report) WriteText(w io.Writer) error {
	verdict := "intact"
	if !r.Intact {
		verdict = "BROKEN"
	}
	fmt.Fprintf(w, "evidence chain %s: %s\n", r.Location, verdict)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  period\t%s to %s\n", bound(r.From, "the first bundle"), bound(r.To, "the last bundle"))
	fmt.Fprintf(tw, "  bundles\t%d read, %d verified\n", r.Bundles, r.Bundles-len(r.Failed))
	if r.SignatureVerified {
		fmt.Fprintf(tw, "  signatures\tverified with %s\n", r.Key)
	} else {
		fmt.Fprintf(tw, "  signatures\tNOT CHECKED: integrity only; nothing proves who wrote these bundles\n")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	for i := range r.Scopes {
		s := &r.Scopes[i]
		name := "scope " + fmt.Sprintf("%q", s.Scope)
		if s.Scope == "" {
			name = `scope "" (runs without a repository or --evidence-scope)`
		}
		state := "chain intact"
		if !s.Intact {
			state = "CHAIN BROKEN"
		}
		fmt.Fprintf(w, "\n%s: %s\n", name, state)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  runs in period\t%d of the scope's %d bundles\n", len(s.Runs), s.Bundles)
		if first, ok := s.First(); ok {
			last, _ := s.Last()
			fmt.Fprintf(tw, "  first\t%s\n", first)
			fmt.Fprintf(tw, "  last\t%s\n", last)
			switch {
			case s.Starts:
				fmt.Fprintf(tw, "  follows\tnothing: the first run starts the chain\n")
			case s.Follows != nil:
				fmt.Fprintf(tw, "  follows\t%s, before the period\n", s.Follows)
			}
			fmt.Fprintf(tw, "  last digest\t%s\n", last.Digest)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, p := range s.Problems {
			fmt.Fprintf(w, "  BROKEN: %s\n", p)
		}
		for _, n := range s.Notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
		if last, ok := s.Last(); ok && s.Intact {
			fmt.Fprintf(w, "  From the first to the last, no bundle of this scope was removed or altered. Whether\n"+
				"  bundles after %s were removed, the chain cannot tell: compare the last digest\n"+
				"  with the one the history store records for run %s, or write it down to compare next time.\n", last.Name, last.RunID)
		}
	}
	if len(r.Failed) > 0 {
		fmt.Fprintf(w, "\nnot verified: %d %s\n", len(r.Failed), plural(len(r.Failed), "bundle", "bundles"))
		for _, f := range r.Failed {
			fmt.Fprintf(w, "  %s\n", f.Name)
			for _, p := range f.Problems {
				if p.File != "" {
					fmt.Fprintf(w, "    %s: %s\n", p.File, p.Reason)
				} else {
					fmt.Fprintf(w, "    %s\n", p.Reason)
				}
			}
		}
	}
	return nil
}

func bound(t *time.Time, open string) string {
	if t == nil {
		return open
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
