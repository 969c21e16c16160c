// Package gitindex reads a git repository's index (the staging area) as an
// fs.FS, and lists what is staged against HEAD. It lets `paved check
// --staged` judge exactly what a commit will contain: the staged content,
// never the working tree, read from git's objects without running git.
package gitindex
