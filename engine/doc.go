// Package engine is paved's core: it loads and compiles a Rego policy set once,
// evaluates targets (input documents built by the loaders under engine/<kind>)
// in parallel, and turns policy decisions into per-resource Results, passes
// included, that reporters format and the gate judges.
package engine
