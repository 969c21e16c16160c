package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/paved-dev/paved/engine"
)

// writeGitHub writes GitHub Actions workflow commands, one annotation per
// fail, warn and error result, most urgent first: errors and blocking
// failures as ::error, the rest as ::warning.
func writeGitHub(w io.Writer, r *engine.Report) error {
	bw := bufio.NewWriter(w)
	for _, res := range findings(r) {
		cmd := "warning"
		if res.Status == engine.StatusError || res.Blocking(r.FailOn) {
			cmd = "error"
		}
		var props []string
		if file, line := res.FileLine(); file != "" {
			props = append(props, "file="+escapeProperty(file))
			if line > 0 {
				props = append(props, "line="+strconv.Itoa(line))
			}
		}
		title := strings.TrimSpace(res.Policy.ID + " " + res.Policy.Title)
		if title != "" {
			props = append(props, "title="+escapeProperty(title))
		}
		bw.WriteString("::" + cmd)
		if len(props) > 0 {
			bw.WriteString(" " + strings.Join(props, ","))
		}
		bw.WriteString("::" + escapeData(githubMessage(r, res)) + "\n")
	}
	return bw.Flush()
}

// githubMessage is an annotation's body: severity and resource first (the
// diff view shows little else), then the message and the remediation.
func githubMessage(r *engine.Report, res engine.Result) string {
	var b strings.Builder
	if res.Policy.Severity != "" {
		b.WriteString("[" + res.Policy.Severity + "] ")
	}
	if res.Status != engine.StatusFail {
		b.WriteString(string(res.Status) + ": ")
	}
	if res.Resource != "" {
		b.WriteString(res.Resource + ": ")
	}
	b.WriteString(strings.TrimSpace(res.Message))
	if rem := remediation(r, res); rem != "" {
		b.WriteString("\nRemediation: " + rem)
	}
	return b.String()
}

// escapeData escapes a workflow command's message as the Actions runner
// reads it (actions/toolkit, command.ts escapeData).
func escapeData(s string) string { return dataEscaper.Replace(s) }

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeProperty escapes a workflow command's property value (command.ts
// escapeProperty): as escapeData, plus the separators : and ,.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
