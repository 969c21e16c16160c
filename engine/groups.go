package engine

import (
	"slices"
	"strings"
)

// minGroup is the fewest policies worth a compiler of their own: each
// group compiles the helpers it uses again, so tiny groups cost more than
// they save. No group is cut smaller.
const minGroup = 4

// groups cuts one kind's policies (parsed, in id order) into at most n
// groups to compile side by side. Each group compiles the helpers its
// policies use, so policies that use the same helpers go together: they
// are ordered by the helper files they use, then cut into contiguous runs
// of at least minGroup so that the costliest run, counting its helpers
// once, costs least. Cost
// is source size without comments, which is what compiling takes time
// over. Results keep the policies' order whatever the groups
// (Evaluator.EvaluateTarget).
func (ps *PolicySet) groups(pols []*Policy, n int) [][]*Policy {
	n = max(1, min(n, len(pols)/minGroup))
	if n == 1 {
		return [][]*Policy{pols}
	}
	type unit struct {
		p    *Policy
		key  string
		uses []*policyFile
		cost int
	}
	units := make([]unit, len(pols))
	for i, p := range pols {
		f := ps.files[p.File]
		_, err := f.parse()
		u := unit{p: p, cost: codeSize(f)}
		switch {
		case f.uses != nil:
			for _, name := range f.uses {
				if h := ps.files[name]; h != nil {
					u.uses = append(u.uses, h)
				}
			}
		case err == nil:
			// A helper that does not parse is reported when compiled.
			u.uses, _ = usedHelpers([]*policyFile{f}, ps.helpers)
		}
		names := make([]string, len(u.uses))
		for j, h := range u.uses {
			names[j] = h.name
		}
		slices.Sort(names)
		u.key = strings.Join(names, "\x00")
		units[i] = u
	}
	slices.SortStableFunc(units, func(a, b unit) int { return strings.Compare(a.key, b.key) })

	helperCost := map[*policyFile]int{}
	for _, u := range units {
		for _, h := range u.uses {
			if _, ok := helperCost[h]; !ok {
				helperCost[h] = codeSize(h)
			}
		}
	}
	// runCost[i][j] is the cost of units[i:j] compiled together.
	runCost := make([][]int, len(units)+1)
	for i := range units {
		runCost[i] = make([]int, len(units)+1)
		seen := map[*policyFile]bool{}
		c := 0
		for j := i; j < len(units); j++ {
			c += units[j].cost
			for _, h := range units[j].uses {
				if !seen[h] {
					seen[h] = true
					c += helperCost[h]
				}
			}
			runCost[i][j+1] = c
		}
	}
	// best[k][j]: the least costliest run cutting units[:j] into k runs
	// of minGroup or more (-1: no such cut); cut[k][j] where its last run
	// starts.
	best := make([][]int, n+1)
	cut := make([][]int, n+1)
	for k := range best {
		best[k] = make([]int, len(units)+1)
		cut[k] = make([]int, len(units)+1)
		for j := range best[k] {
			best[k][j] = -1
		}
	}
	best[0][0] = 0
	for k := 1; k <= n; k++ {
		for j := k * minGroup; j <= len(units); j++ {
			for i := (k - 1) * minGroup; i <= j-minGroup; i++ {
				if best[k-1][i] < 0 {
					continue
				}
				c := max(best[k-1][i], runCost[i][j])
				if best[k][j] < 0 || c < best[k][j] {
					best[k][j], cut[k][j] = c, i
				}
			}
		}
	}
	// Fewer runs may cost as little (one run holds every policy of a
	// helper nothing else uses); take the fewest that do.
	k := n
	for k > 1 && best[k-1][len(units)] >= 0 && best[k-1][len(units)] <= best[k][len(units)] {
		k--
	}
	out := make([][]*Policy, k)
	for j := len(units); k > 0; k-- {
		i := cut[k][j]
		for _, u := range units[i:j] {
			out[k-1] = append(out[k-1], u.p)
		}
		j = i
	}
	return out
}

// codeSize is a file's size without its comments: an estimate of what
// compiling it costs.
func codeSize(f *policyFile) int {
	src, _ := f.source()
	n := len(src)
	if mod, err := f.parse(); err == nil {
		for _, c := range mod.Comments {
			n -= len(c.Text) + 1
		}
	}
	return max(n, 1)
}
