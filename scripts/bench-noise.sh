#!/usr/bin/env bash
# The noise benchmark: judge well-run public repositories (scripts/noise/repos.tsv,
# each pinned at a commit) with paved's defaults and classify every blocking
# finding from the reviewed scripts/noise/classified.tsv. See docs/noise.md.
#
#   scripts/bench-noise.sh REPOS [BIN] [-- noise flags]
#
# REPOS is a directory of clones, REPOS/owner/name at the pinned commits;
# scripts/noise/clone.sh REPOS makes them (git clone https://github.com/owner/name
# and git checkout COMMIT for each line of repos.tsv). BIN is the paved binary
# (default: built here into a temporary directory). Flags after -- go to the
# benchmark itself (go run ./scripts/noise -h):
#
#   -o now.tsv            write the results, a summary row per repository and a
#                         row per blocking finding, e.g. to compare later
#   -compare before.tsv   print the counts before and after, per repository, and
#                         the findings that stopped or started blocking
#   -q                    summaries only;  -v  classifications that matched nothing
#   -strict               exit 1 while a false positive or unclassified finding blocks
#
# e.g. scripts/bench-noise.sh ~/noise-repos -- -compare docs/noise-before.tsv
set -euo pipefail
cd "$(dirname "$0")/.."
repos=${1:?usage: scripts/bench-noise.sh REPOS [BIN] [-- noise flags]}
shift
bin=
if [ $# -gt 0 ] && [ "$1" != "--" ]; then bin=$1; shift; fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then shift; fi
if [ ! -d "$repos" ]; then
  echo "bench-noise: $repos is not a directory; scripts/noise/clone.sh $repos makes the clones" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$bin" ]; then
  bin=$tmp/paved
  go build -trimpath -ldflags "-X main.version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)" -o "$bin" ./cmd/paved
fi
# Built rather than go run, which would turn every exit code into 1.
go build -o "$tmp/noise" ./scripts/noise
"$tmp/noise" -paved "$bin" -repos "$repos" "$@"
