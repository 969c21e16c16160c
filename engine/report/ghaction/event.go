package ghaction

import (
	"encoding/json"
	"io"

	"github.com/paved-dev/paved/engine"
)

// maxEvent bounds an event payload read.
const maxEvent = 64 << 20

// PullRequestBase reads the event payload of a workflow run
// ($GITHUB_EVENT_PATH) and returns the pull request's base commit, or ""
// when the event is not about a pull request.
func PullRequestBase(file string, r io.Reader) (string, error) {
	b, err := engine.ReadAllLimit(r, maxEvent)
	if err != nil {
		return "", err
	}
	var ev struct {
		PullRequest *struct {
			Base struct {
				SHA string `json:"sha"`
			} `json:"base"`
		} `json:"pull_request"`
	}
	if err := json.Unmarshal(b, &ev); err != nil {
		return "", engine.Diagnostics{engine.JSONDiagnostic(file, "not an event payload", b, err)}
	}
	if ev.PullRequest == nil {
		return "", nil
	}
	return ev.PullRequest.Base.SHA, nil
}
