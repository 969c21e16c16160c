package main

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/paved-dev/paved/engine"
	"github.com/paved-dev/paved/engine/config"
	"github.com/paved-dev/paved/engine/waiver"
	"github.com/spf13/cobra"
)

// applyConfig reads .paved.yaml (from --config, or found from the scanned
// path) and folds it into the flags: a flag given on the command line wins
// over a scalar, and lists add up. nil when there is no config.
func applyConfig(cmd *cobra.Command, f *checkFlags, scanned string) (*config.Config, error) {
	path := f.config
	if path == "none" {
		return nil, nil
	}
	if path == "" {
		found, err := config.Find(scanned)
		if err != nil {
			return nil, &exitError{code: 2, err: err}
		}
		path = found
	}
	if path == "" {
		if f.waivers == "" {
			f.waivers = defaultWaivers(scanned)
		}
		return nil, nil
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	changed := cmd.Flags().Changed
	if cfg.FailOn != "" && !changed("fail-on") {
		f.failOn = cfg.FailOn
	}
	if cfg.NoBuiltin && !changed("no-builtin") {
		f.policy.noBuiltin = true
	}
	f.policy.dirs = append(cfg.Policies, f.policy.dirs...)
	f.dataFiles = append(cfg.Data, f.dataFiles...)
	f.excludes = append(cfg.Exclude, f.excludes...)
	if f.waivers == "" {
		f.waivers = cfg.Waivers
	}
	return cfg, nil
}

// waiversRoot is the directory a run's waivers govern: the config's, else
// the one holding the waivers file's .paved directory; "" when neither says.
func waiversRoot(cfg *config.Config, waivers string) string {
	switch {
	case cfg != nil:
		return cfg.Dir
	case filepath.Base(filepath.Dir(waivers)) == filepath.Dir(config.DefaultWaivers):
		return filepath.Dir(filepath.Dir(waivers))
	}
	return ""
}

// coversRoot reports whether the scanned paths include root, so the run
// sees all that its waivers govern; an unknown root counts as covered.
func coversRoot(paths []string, root string) bool {
	if root == "" {
		return true
	}
	want, err := filepath.Abs(root)
	if err != nil {
		return true
	}
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil && abs == want {
			return true
		}
	}
	return false
}

// defaultWaivers is .paved/waivers.yaml in the scanned directory, if any.
func defaultWaivers(scanned string) string {
	p := filepath.Join(scanned, config.DefaultWaivers)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// readWaivers reads a waivers file; "" is none.
func readWaivers(path string) ([]*engine.Waiver, error) {
	if path == "" {
		return nil, nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, usageError("--waivers: %v", err)
	}
	defer fh.Close()
	src, err := engine.ReadAllLimit(fh, waiver.MaxFileSize)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	ws, err := waiver.ParseFile(path, src)
	if err != nil {
		return nil, &exitError{code: 2, err: err}
	}
	return ws, nil
}

func newInitCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a commented starter .paved.yaml and .paved/waivers.yaml",
		Long: `Init writes .paved.yaml (policy sources, data, fail_on, excludes, enforcement
overrides; every key commented) and an empty .paved/waivers.yaml in DIR
(default: the current directory). It refuses to overwrite them without --force.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			files := []struct {
				path string
				body []byte
			}{
				{filepath.Join(dir, config.FileName), config.Starter},
				{filepath.Join(dir, config.DefaultWaivers), []byte(config.StarterWaivers)},
			}
			for _, fl := range files {
				if _, err := os.Stat(fl.path); err == nil && !force {
					return usageError("%s exists; use --force to overwrite it", fl.path)
				} else if err != nil && !errors.Is(err, os.ErrNotExist) {
					return &exitError{code: 2, err: err}
				}
			}
			for _, fl := range files {
				if err := os.MkdirAll(filepath.Dir(fl.path), 0o755); err != nil {
					return &exitError{code: 2, err: err}
				}
				if err := os.WriteFile(fl.path, fl.body, 0o644); err != nil {
					return &exitError{code: 2, err: err}
				}
				cmd.Printf("wrote %s\n", fl.path)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite existing files")
	return cmd
}
