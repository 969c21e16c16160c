// Package gitindex reads a git repository from git's objects, without
// running git. It reads the index (the staging area) as an fs.FS and lists
// what is staged against HEAD, so that `paved check --staged` judges
// exactly what a commit will contain; it finds the merge base of a branch
// and HEAD and writes its tree out for `--new-since`; and it lists the
// lines HEAD changed since that merge base, with the worktree paths that
// place a report's files, for the GitHub Action's annotations.
package gitindex
