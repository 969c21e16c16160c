package serve

import (
	"embed"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the pages, each templates/NAME.html defining "content"
// inside templates/layout.html.
var pageNames = []string{"overview", "team", "policies", "policy", "asset", "runs", "run", "store", "error", "login"}

func parsePages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("serve: template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// Paths of the pages. Asset ids hold slashes (repo//path): escaped, they
// stay one path segment.
func assetURL(kind, id string) string {
	return "/assets/" + url.PathEscape(kind) + "/" + url.PathEscape(id)
}
func teamURL(team string) string { return "/teams/" + url.PathEscape(team) }
func policyURL(id string) string { return "/policies/" + url.PathEscape(id) }
func runURL(id string) string    { return "/runs/" + url.PathEscape(id) }

// jsonURL is the API path answering what the page at path shows.
func jsonURL(path string) string {
	switch {
	case path == "/":
		return "/api/v1/kpi"
	case strings.HasPrefix(path, "/teams/"), strings.HasPrefix(path, "/policies"), strings.HasPrefix(path, "/assets/"),
		strings.HasPrefix(path, "/runs"), path == "/store":
		return "/api/v1" + path
	}
	return ""
}

func asTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t == nil {
			return time.Time{}, false
		}
		return *t, !t.IsZero()
	}
	return time.Time{}, false
}

// filters are the filters a page offers: they all keep the others in
// their links.
type filters struct{ Team, Kind, Since bool }

func filterFields(path string) filters {
	switch {
	case path == "/":
		return filters{true, true, true}
	case strings.HasPrefix(path, "/teams/"):
		return filters{false, true, true}
	case strings.HasPrefix(path, "/policies"):
		return filters{true, true, false}
	}
	return filters{}
}

var funcs = template.FuncMap{
	"filterFields": filterFields,
	"pct":          pct,
	"days":         func(d float64) string { return strconv.FormatFloat(d, 'f', 1, 64) },
	"date": func(v any) string {
		if t, ok := asTime(v); ok {
			return t.UTC().Format(time.DateOnly)
		}
		return "–"
	},
	"datetime": func(v any) string {
		if t, ok := asTime(v); ok {
			return t.UTC().Format("2006-01-02 15:04 UTC")
		}
		return "–"
	},
	"dateInput": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.DateOnly)
	},
	"daysBetween": func(a, b time.Time) string {
		return strconv.FormatFloat(b.Sub(a).Hours()/24, 'f', 0, 64)
	},
	"seconds": func(a, b time.Time) string { return strconv.FormatFloat(b.Sub(a).Seconds(), 'f', 1, 64) },
	"ratio": func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	},
	"bar": func(v float64) template.HTML {
		return template.HTML(fmt.Sprintf(`<span class="bar"><i style="width:%.0f%%"></i></span>`, clamp01(v)*100))
	},
	"bytes": func(n int64) string {
		switch {
		case n >= 1<<30:
			return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
		case n >= 1<<20:
			return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
		case n >= 1<<10:
			return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
		}
		return fmt.Sprintf("%d bytes", n)
	},
	"short": func(s string) string {
		if len(s) > 19 {
			return s[:19] + "…"
		}
		return s
	},
	"join": strings.Join,
	"itoa": strconv.Itoa,
	"verdictClass": func(v string) string {
		if _, ok := verdictColour[v]; ok {
			return "v-" + v
		}
		return "v-other"
	},
	"assetURL":  assetURL,
	"teamURL":   teamURL,
	"policyURL": policyURL,
	"runURL":    runURL,
	"link":      func(path string, q query) string { return q.Link(path) },
	"withParam": func(key, value, link string) string {
		sep := "?"
		if strings.Contains(link, "?") {
			sep = "&"
		}
		return link + sep + url.QueryEscape(key) + "=" + url.QueryEscape(value)
	},
	"withEvidence": func(on bool, link string) string {
		if !on {
			return link
		}
		sep := "?"
		if strings.Contains(link, "?") {
			sep = "&"
		}
		return link + sep + "evidence=1"
	},
}
