package repo

import "github.com/paved-dev/paved/internal/yamlnode"

// Short names for the bounded YAML reader this package uses everywhere.
var (
	parseYAML    = yamlnode.Parse
	parseYAMLAll = yamlnode.ParseAll
	deref        = yamlnode.Deref
	get          = yamlnode.Get
	getPair      = yamlnode.GetPair
	str          = yamlnode.Str
	items        = yamlnode.Items
	value        = yamlnode.Value
	lineAt       = yamlnode.LineAt
	pairs        = yamlnode.Pairs
)

type (
	yamlError = yamlnode.Error
	pair      = yamlnode.Pair
)
