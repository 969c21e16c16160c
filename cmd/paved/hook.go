package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/spf13/cobra"
)

// hookMarker identifies a hook paved wrote, so reinstalling may replace it.
const hookMarker = "# installed by paved hook install"

func newHookCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hook",
		Short: "Install paved as a git pre-commit hook",
		Long: `For teams that do not use the pre-commit framework (for it, see
.pre-commit-hooks.yaml: hook id "paved").`,
	}
	var force bool
	install := &cobra.Command{
		Use:   "install [REPO]",
		Short: "Write .git/hooks/pre-commit to run paved check --staged",
		Long: `Install writes a pre-commit hook into the repository holding REPO (default:
the current directory) that runs 'paved check --staged': a commit whose staged
changes have blocking findings is refused, with the report on the terminal.
An existing hook that paved did not write is kept unless --force.`,
		Example: `  paved hook install
  git commit --no-verify   # skip the hook once`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			path, err := installHook(dir, force)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			fmt.Fprintln(cmd.OutOrStdout(), "installed", path)
			return nil
		},
	}
	install.Flags().BoolVar(&force, "force", false, "replace an existing pre-commit hook")
	cmd.AddCommand(install)
	return cmd
}

func installHook(dir string, force bool) (string, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return "", fmt.Errorf("%s: not in a git repository: %w", dir, err)
	}
	st, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return "", fmt.Errorf("%s: repository has no hooks directory", dir)
	}
	hooks := filepath.Join(st.Filesystem().Root(), "hooks")
	path := filepath.Join(hooks, "pre-commit")
	if old, err := os.ReadFile(path); err == nil && !bytes.Contains(old, []byte(hookMarker)) && !force {
		return "", fmt.Errorf("%s exists and paved did not write it; use --force to replace it", path)
	}
	self, err := os.Executable()
	if err != nil {
		self = "paved"
	}
	script := fmt.Sprintf(`#!/bin/sh
%s
# Judge what this commit stages; a blocking finding refuses the commit.
# PAVED overrides the binary; git commit --no-verify skips the hook once.
exec "${PAVED:-%s}" check --staged
`, hookMarker, self)
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		return "", err
	}
	return path, nil
}
