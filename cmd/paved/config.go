package main

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/paved-dev/paved/engine/config"
	"github.com/spf13/cobra"
)

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
