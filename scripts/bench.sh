#!/usr/bin/env bash
# Whole-process figures for `paved check`: wall time, CPU time and peak RSS,
# median of N runs, on the real Terraform corpus and on one small file (the
# pre-commit case). Baselines measured in the same run put the figures in
# proportion on whatever machine this runs: `paved version` (process start)
# and reading every corpus file once (I/O floor).
set -euo pipefail
bin=${1:-bin/paved}
corpus=${2:-../shared/corpus}
runs=${RUNS:-5}
tf="$corpus/terraform"
if [ ! -d "$tf" ]; then
  echo "bench: $tf not found; the corpus lives in ../shared/corpus" >&2
  exit 2
fi
small=$(mktemp -d)
trap 'rm -rf "$small"' EXIT
cat > "$small/main.tf" <<'TF'
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags   = { owner = "platform", cost-center = "42" }
}
TF

# measure NAME CMD...: prints the median wall, user+sys CPU and max RSS.
measure() {
  local name=$1; shift
  local out; out=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -a -o "$out" "$@" >/dev/null 2>&1 || true
  done
  sed -i "/^Command/d" "$out"   # time's note on a non-zero exit
  local m=$(( (runs + 1) / 2 ))
  col() { awk "{print $1}" "$out" | sort -g | sed -n "${m}p"; }
  local wall cpu rss
  wall=$(col '$1')
  cpu=$(awk '{print $2 + $3}' "$out" | sort -g | sed -n "${m}p")
  rss=$(col '$4')
  printf '%-28s wall %6.3f s   cpu %6.3f s   peak RSS %6.1f MB   (median of %d)\n' "$name" "$wall" "$cpu" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$runs"
  rm -f "$out"
}

echo "paved $("$bin" version | cut -d' ' -f2) on $(nproc) cores; corpus: $(find "$tf" -name '*.tf' | wc -l) .tf files"
measure "baseline: process start" "$bin" version
measure "baseline: read corpus" sh -c "find '$tf' -name '*.tf' -exec cat {} + >/dev/null"
measure "check corpus (all policies)" "$bin" check "$tf" --format json
measure "check one small file" "$bin" check "$small/main.tf"
if [ -f "$corpus/sbom/keycloak-10.0.2__bom.json" ]; then
  measure "check SBOM (keycloak, 903)" "$bin" check "$corpus/sbom/keycloak-10.0.2__bom.json"
fi

# A 50,000-component CycloneDX 1.4 SBOM built from the corpus SBOMs
# (scripts/gen-sbom: components repeated with their own names, purls,
# bom-refs and hashes; licences, dependency graphs and VEX vulnerabilities
# kept), judged by every SBOM policy. Budget: 3 s wall, 600 MB peak RSS.
if [ -d "$corpus/sbom" ] && command -v go >/dev/null; then
  big="$small/big.cdx.json"
  go run ./scripts/gen-sbom -n "${SBOM_COMPONENTS:-50000}" -o "$big" "$corpus/sbom"
  echo "generated SBOM: ${SBOM_COMPONENTS:-50000} components, $(( $(stat -c %s "$big") / 1000000 )) MB"
  measure "check SBOM (50,000)" "$bin" check "$big"
  measure "check SBOM (50,000), json" "$bin" check "$big" --format json
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i -w 1 -r "${SBOM_RUNS:-5}" --style basic "$bin version" "$bin check $big" 2>/dev/null | grep -E 'Benchmark|Time'
  fi
fi

# The pre-commit case: a repository of 2,000 files (100 Terraform modules and
# sources), a commit touching three files; paved reads git's index.
repo="$small/repo"
mkdir -p "$repo"
git -C "$repo" init -q -b main
for m in $(seq 100); do
  mkdir -p "$repo/infra/m$m" "$repo/src/p$m"
  printf 'resource "aws_s3_bucket" "b" {\n  bucket = "b-%s"\n}\n' "$m" > "$repo/infra/m$m/main.tf"
  for f in $(seq 19); do printf 'package p%s\n\nfunc F%s() int { return %s }\n' "$m" "$f" "$f" > "$repo/src/p$m/f$f.go"; done
done
git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@example.com commit -q -m init
for m in 1 2 3; do echo '# changed' >> "$repo/infra/m$m/main.tf"; git -C "$repo" add "infra/m$m/main.tf"; done
echo "pre-commit repo: $(git -C "$repo" ls-files | wc -l) files, $(git -C "$repo" diff --cached --name-only | wc -l) staged"
measure "check --staged (3 of 2,000)" "$bin" check --staged "$repo"

# /usr/bin/time resolves 10 ms; hyperfine (Debian package) gives the
# pre-commit case its millisecond figure when present.
if command -v hyperfine >/dev/null; then
  hyperfine -N -i -w 3 -r 30 --style basic "$bin version" "$bin check $small/main.tf" "$bin check --staged $repo" 2>/dev/null | grep -E 'Benchmark|Time'
fi
