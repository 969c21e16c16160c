package report

import (
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	out := string(render(t, FormatMarkdown, "full", Options{}))
	for _, want := range []string{
		"❌ **5 blocking findings** at fail-on `high`",
		"| 4 | 10 | 4 | 5 | 1 | 1 | 2 | 5 |",
		"### Blocking findings (5)",
		"<summary>Non-blocking findings (3)</summary>",
		`bucket "logs" has no server-side encryption \| 100% of objects &lt;unencrypted&gt;`,
		"actions/checkout@v4 is not pinned<br>actions/setup-go@v5 is not pinned",
		"| `TF-AWS-SG-004` | Security groups do not allow 0.0.0.0/0 ingress | 2 |",
		"### Targets that could not be evaluated (1)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	// The blocking table comes before the folded findings, and no table
	// row has more cells than its header.
	if strings.Index(out, "### Blocking") > strings.Index(out, "<details>") {
		t.Error("blocking findings are not first")
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "| ") {
			cells := strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") - 1
			if cells > 8 {
				t.Errorf("row with %d cells: %s", cells, l)
			}
		}
	}

	clean := string(render(t, FormatMarkdown, "passes", Options{}))
	if !strings.Contains(clean, "✅ **No blocking findings** at fail-on `high`") || strings.Contains(clean, "Blocking findings") {
		t.Errorf("clean run:\n%s", clean)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct {
		fn       func(string) string
		in, want string
	}{
		{mdCell, "a|b", `a\|b`},
		{mdCell, "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"},
		{mdCell, "one\ntwo\r\nthree", "one<br>two<br>three"},
		{mdCell, `back\slash`, `back\\slash`},
		{mdCode, "x", "`x`"},
		{mdCode, "a`b", "`` a`b ``"},
		{mdCode, "", ""},
		{mdCodeCell, "a|b", "`a\\|b`"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
