package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/paved-dev/paved/engine"
)

// mdMaxRows bounds each findings table: a GitHub job summary holds at most
// 1 MiB, and the other formats carry every result anyway.
const mdMaxRows = 500

// writeMarkdown writes a job-summary document: verdict, counts, blocking
// findings, the other findings folded away, passes per policy.
func writeMarkdown(w io.Writer, r *engine.Report) error {
	bw := bufio.NewWriter(w)
	s := r.Summary
	name := cmp.Or(r.Tool.Name, "paved")

	fmt.Fprintf(bw, "## %s policy report\n\n", name)
	if s.Blocking > 0 {
		fmt.Fprintf(bw, "❌ **%s** at fail-on `%s`\n\n", Plural(s.Blocking, "blocking finding", "blocking findings"), r.FailOn)
	} else {
		fmt.Fprintf(bw, "✅ **No blocking findings** at fail-on `%s`\n\n", r.FailOn)
	}

	bw.WriteString("| targets | resources | passed | failed | warnings | waived | errors | blocking |\n")
	bw.WriteString("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	fmt.Fprintf(bw, "| %d | %d | %d | %d | %d | %d | %d | %d |\n\n",
		len(r.Targets), resourcesChecked(r), s.Pass, s.Fail, s.Warn, s.Waived, s.Error, s.Blocking)

	bw.WriteString("| failing by severity | critical | high | medium | low |\n")
	bw.WriteString("| --- | ---: | ---: | ---: | ---: |\n")
	fmt.Fprintf(bw, "| count | %d | %d | %d | %d |\n\n",
		s.BySeverity[engine.SeverityCritical], s.BySeverity[engine.SeverityHigh],
		s.BySeverity[engine.SeverityMedium], s.BySeverity[engine.SeverityLow])

	var blocking, other []engine.Result
	for _, res := range findings(r) {
		if res.Blocking(r.FailOn) {
			blocking = append(blocking, res)
		} else {
			other = append(other, res)
		}
	}
	if len(blocking) > 0 {
		fmt.Fprintf(bw, "### Blocking findings (%d)\n\n", len(blocking))
		mdFindings(bw, blocking)
	}
	if len(other) > 0 {
		fmt.Fprintf(bw, "<details>\n<summary>Non-blocking findings (%d)</summary>\n\n", len(other))
		mdFindings(bw, other)
		bw.WriteString("</details>\n\n")
	}

	var broken []engine.TargetSummary
	for _, t := range r.Targets {
		if t.Error != "" {
			broken = append(broken, t)
		}
	}
	if len(broken) > 0 {
		fmt.Fprintf(bw, "### Targets that could not be evaluated (%d)\n\n", len(broken))
		bw.WriteString("| target | error |\n| --- | --- |\n")
		for _, t := range broken {
			fmt.Fprintf(bw, "| %s | %s |\n", mdCodeCell(targetName(t.Kind, t.ID)), mdCell(t.Error))
		}
		bw.WriteString("\n")
	}

	if ws := attentionWaivers(r); len(ws) > 0 {
		fmt.Fprintf(bw, "### Waivers needing attention (%d)\n\n", len(ws))
		bw.WriteString("| waiver | status | policy | owner | expires | findings | declared in |\n| --- | --- | --- | --- | --- | ---: | --- |\n")
		for _, w := range ws {
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %d | %s |\n", mdCodeCell(w.ID), w.Status, mdCodeCell(w.Policy), mdCell(w.Owner),
				mdCell(cmp.Or(w.Expires, "never")), w.Matched, mdCodeCell(fmt.Sprintf("%s:%d", w.Source.File, w.Source.Line)))
		}
		bw.WriteString("\n")
	}

	if ws := vexWaivers(r); len(ws) > 0 {
		fmt.Fprintf(bw, "<details>\n<summary>Findings set aside by VEX statements (%d)</summary>\n\n", len(ws))
		bw.WriteString("| waiver | policy | finding | owner | reason | findings |\n| --- | --- | --- | --- | --- | ---: |\n")
		for i, w := range ws {
			if i == mdMaxRows {
				fmt.Fprintf(bw, "\n_%d more not shown; see the JSON report._\n", len(ws)-mdMaxRows)
				break
			}
			finding := strings.TrimSpace(mdCodeCell(w.Resource) + " in " + mdCodeCell(w.Target))
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %d |\n", mdCodeCell(w.ID), mdCodeCell(w.Policy), finding, mdCell(w.Owner), mdCell(w.Reason), w.Matched)
		}
		bw.WriteString("\n</details>\n\n")
	}

	mdPasses(bw, r)

	fmt.Fprintf(bw, "<sub>%s %s · run %s · policy set %s (%d policies)</sub>\n",
		mdCell(name), mdCell(r.Tool.Version), mdCode(r.Run.ID), mdCode(shortDigest(r.PolicySet.Digest)), r.PolicySet.Count)
	return bw.Flush()
}

func mdFindings(bw *bufio.Writer, rs []engine.Result) {
	bw.WriteString("| severity | status | policy | resource | location | message |\n")
	bw.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	for i, res := range rs {
		if i == mdMaxRows {
			fmt.Fprintf(bw, "\n_%d more not shown; see the JSON or SARIF report._\n", len(rs)-mdMaxRows)
			break
		}
		resource := mdCodeCell(res.Resource)
		if res.Target.ID != "" {
			resource = strings.TrimSpace(resource + " in " + mdCodeCell(targetName(res.Target.Kind, res.Target.ID)))
		}
		fmt.Fprintf(bw, "| %s | %s | %s %s | %s | %s | %s |\n",
			severityBadge(res.Policy.Severity), res.Status, mdCodeCell(res.Policy.ID), mdCell(res.Policy.Title),
			resource, mdCodeCell(location(res)), mdCell(res.Message))
	}
	bw.WriteString("\n")
}

// mdPasses counts passing results per policy, in a folded table.
func mdPasses(bw *bufio.Writer, r *engine.Report) {
	passes := map[string]int{}
	titles := map[string]string{}
	for _, res := range r.Results {
		if res.Status == engine.StatusPass {
			passes[res.Policy.ID]++
			titles[res.Policy.ID] = res.Policy.Title
		}
	}
	if len(passes) == 0 {
		return
	}
	ids := make([]string, 0, len(passes))
	for id := range passes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	fmt.Fprintf(bw, "<details>\n<summary>Passes per policy (%d policies)</summary>\n\n", len(ids))
	bw.WriteString("| policy | title | passed |\n| --- | --- | ---: |\n")
	for _, id := range ids {
		fmt.Fprintf(bw, "| %s | %s | %d |\n", mdCodeCell(id), mdCell(titles[id]), passes[id])
	}
	bw.WriteString("\n</details>\n\n")
}

func severityBadge(sev string) string {
	switch sev {
	case engine.SeverityCritical:
		return "🟣 critical"
	case engine.SeverityHigh:
		return "🔴 high"
	case engine.SeverityMedium:
		return "🟠 medium"
	case engine.SeverityLow:
		return "🟡 low"
	}
	return mdCell(sev)
}

// mdCell makes text safe in a table cell: pipes escaped, HTML tags shown as
// text, line breaks as <br>.
func mdCell(s string) string {
	s = strings.TrimSpace(s)
	return cellEscaper.Replace(s)
}

var (
	cellEscaper = strings.NewReplacer("\\", "\\\\", "|", "\\|", "<", "&lt;", ">", "&gt;", "\r\n", "<br>", "\n", "<br>", "\r", "<br>")
	textEscaper = strings.NewReplacer("<", "&lt;", ">", "&gt;")
)

// mdText keeps text that is not a table cell from being read as HTML.
func mdText(s string) string {
	return textEscaper.Replace(s)
}

// mdCodeCell is s as inline code inside a table cell; GFM splits cells on
// pipes even inside code spans, so those are escaped.
func mdCodeCell(s string) string {
	return strings.ReplaceAll(mdCode(s), "|", "\\|")
}

// MarkdownCode is s as Markdown inline code, for summaries written around a
// report (the GitHub Action's).
func MarkdownCode(s string) string { return mdCode(s) }

// mdCode is s as inline code, fenced with more backticks than s contains.
func mdCode(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || len(fence) > 1 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

func mdCodeList(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = mdCode(s)
	}
	return strings.Join(out, ", ")
}

// shortDigest abbreviates sha256:… to 12 hex digits, as registries do.
func shortDigest(d string) string {
	if hex, ok := strings.CutPrefix(d, "sha256:"); ok && len(hex) > 12 {
		return "sha256:" + hex[:12]
	}
	return d
}
