#!/usr/bin/env bash
# Make the noise benchmark's clones: every repository of scripts/noise/repos.tsv
# checked out at its pinned commit under DIR/owner/name. With internet this is
# just, for each line,
#
#   git clone https://github.com/OWNER/NAME DIR/OWNER/NAME
#   git -C DIR/OWNER/NAME checkout --detach COMMIT
#
# which is what the script does. MIRRORS=PATH clones from local mirrors
# instead (PATH/OWNER+NAME/repo, a bare git directory), for machines without
# GitHub; the origin remote is then reset to the GitHub URL, because paved
# names a repository target by its origin and the findings' fingerprints,
# which classified.tsv may key on, derive from that name.
#
# Usage: scripts/noise/clone.sh DIR [repos.tsv]
set -euo pipefail
dir=${1:?usage: clone.sh DIR [repos.tsv]}
list=${2:-$(dirname "$0")/repos.tsv}
mirrors=${MIRRORS:-}
mkdir -p "$dir"

grep -v '^#' "$list" | while IFS=$'\t' read -r repo commit _; do
  [ -n "$repo" ] || continue
  dest="$dir/$repo"
  url="https://github.com/$repo"
  if [ ! -d "$dest/.git" ]; then
    src=$url
    if [ -n "$mirrors" ]; then src="$mirrors/${repo/\//+}/repo"; fi
    echo "clone $repo from $src" >&2
    git clone -q --no-checkout "$src" "$dest"
  fi
  git -C "$dest" remote set-url origin "$url"
  if ! git -C "$dest" cat-file -e "$commit^{commit}" 2>/dev/null; then
    git -C "$dest" fetch -q origin "$commit"
  fi
  git -C "$dest" -c advice.detachedHead=false checkout -q --detach "$commit"
  # A clean tree at the pinned commit: nothing the benchmark did not pin.
  git -C "$dest" clean -qfdx
  echo "$repo $(git -C "$dest" rev-parse --short HEAD)" >&2
done
