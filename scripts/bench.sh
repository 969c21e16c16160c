#!/usr/bin/env bash
# Whole-process figures for `paved check`: wall time, CPU time and peak RSS,
# median of N runs, on the real Terraform corpus and on one small file (the
# pre-commit case). Baselines measured in the same run put the figures in
# proportion on whatever machine this runs: `paved version` (process start)
# and reading every corpus file once (I/O floor). With a third argument
# (make bench BEFORE=path/to/old/paved), every row is measured for that
# binary too, interleaved in the same run, so the two compare as ratios.
set -euo pipefail
bin=${1:-bin/paved}
corpus=${2:-../shared/corpus}
before=${3:-}
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

# each NAME ARGS...: measure paved ARGS for the binary (and the one before).
each() {
  local name=$1; shift
  if [ -n "$before" ]; then
    measure "$name [before]" "$before" "$@"
    measure "$name [now]" "$bin" "$@"
  else
    measure "$name" "$bin" "$@"
  fi
}

# hf ARGS...: hyperfine over paved version and paved ARGS, for each binary.
hf() {
  local runs=$1; shift
  local cmds=()
  for b in $before $bin; do cmds+=("$b version" "$b $*"); done
  hyperfine -N -i -w 1 -r "$runs" --style basic "${cmds[@]}" 2>/dev/null | grep -E 'Benchmark|Time'
}

echo "paved $("$bin" version | cut -d' ' -f2) on $(nproc) cores; corpus: $(find "$tf" -name '*.tf' | wc -l) .tf files"
[ -z "$before" ] || echo "before: $("$before" version | cut -d' ' -f2)"
each "baseline: process start" version
measure "baseline: read corpus" sh -c "find '$tf' -name '*.tf' -exec cat {} + >/dev/null"
# The security-group module's generator templates refer to variables they
# do not declare: terraform validate rejects them, and so does paved.
each "check corpus (all policies)" check "$tf" --format json \
  --exclude terraform-aws-security-group/modules/_templates/ --exclude terraform-aws-security-group/wrappers/_templates/
# Recording the run in a store (issue 17's budget: under 15% more than the
# check): into a store that already holds the corpus's previous run.
"$bin" check "$tf" --store "sqlite://$small/history.db" \
  --exclude terraform-aws-security-group/modules/_templates/ --exclude terraform-aws-security-group/wrappers/_templates/ >/dev/null 2>&1 || true
measure "check corpus, --store sqlite" "$bin" check "$tf" --format json --store "sqlite://$small/history.db" \
  --exclude terraform-aws-security-group/modules/_templates/ --exclude terraform-aws-security-group/wrappers/_templates/
each "check one small file" check "$small/main.tf"
if [ -f "$corpus/sbom/keycloak-10.0.2__bom.json" ]; then
  each "check SBOM (keycloak, 903)" check "$corpus/sbom/keycloak-10.0.2__bom.json"
fi

# A 50,000-component CycloneDX 1.4 SBOM built from the corpus SBOMs
# (scripts/gen-sbom: components repeated with their own names, purls,
# bom-refs and hashes; licences, dependency graphs and VEX vulnerabilities
# kept), judged by every SBOM policy. Budget: 4 s wall, 600 MB peak RSS.
if [ -d "$corpus/sbom" ] && command -v go >/dev/null; then
  big="$small/big.cdx.json"
  go run ./scripts/gen-sbom -n "${SBOM_COMPONENTS:-50000}" -o "$big" "$corpus/sbom"
  echo "generated SBOM: ${SBOM_COMPONENTS:-50000} components, $(( $(stat -c %s "$big") / 1000000 )) MB"
  each "check SBOM (50,000)" check "$big"
  each "check SBOM (50,000), json" check "$big" --format json
  if command -v hyperfine >/dev/null; then
    hf "${SBOM_RUNS:-5}" check "$big"
  fi
fi

# Images (issue 15), as OCI layouts scripts/gen-image makes on this machine
# (nothing is downloaded): about 500 MB of gzip layers sampled from /usr in
# five layers, judged with its file system walked (budget: 5 s wall, 150 MB
# peak RSS), beside gzip -dc of the same layers two at a time, biggest
# first (the decompression alone); and hostile images of a million empty
# files, with short names and with paths as long as /usr's, cut by the
# walk's bounds. A row whose image cannot be made is skipped, saying why.
src=${IMAGE_SRC:-/usr}
img="$small/image"
# image NAME GEN-ARGS...: make the image, then measure paved check on it.
image() {
  local name=$1; shift
  rm -rf "$img"
  if ! command -v go >/dev/null || ! go run ./scripts/gen-image -o "$img" "$@" >"$small/gen.log" 2>&1; then
    echo "bench: $name skipped: the image could not be made ($(grep -v '^exit status' "$small/gen.log" | tail -1))" >&2
    return 1
  fi
  echo "generated image: $(tail -1 "$small/gen.log")"
  if [ "$name" = "check image (500 MB)" ]; then
    find "$img/blobs/sha256" -type f -size +1M -printf '%s %p\n' | sort -rn | cut -d' ' -f2 >"$small/blobs"
    measure "baseline: gzip -dc, 2 at once" sh -c "xargs -P2 -I{} sh -c 'gzip -dc {} >/dev/null' <'$small/blobs'"
  fi
  each "$name" check "oci:$img" --no-base-lookup
  rm -rf "$img"
}
image "check image (500 MB)" -src "$src" -size "${IMAGE_MB:-500}" || true
image "check image (1M empty files)" -entries 1000000 || true
image "check image (1M, real paths)" -entries 1000000 -real-names -src "$src" || true

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
each "check --staged (3 of 2,000)" check --staged "$repo"

# /usr/bin/time resolves 10 ms; hyperfine (Debian package) gives the
# pre-commit case its millisecond figure when present, and the small file's
# budget (issue 12: within 2.2× paved version) as a ratio of medians.
if command -v hyperfine >/dev/null; then
  cmds=()
  for b in $before $bin; do cmds+=("$b version" "$b check $small/main.tf" "$b check --staged $repo"); done
  hyperfine -N -i -w 3 -r "${START_RUNS:-60}" --style basic --export-json "$small/start.json" "${cmds[@]}" 2>/dev/null | grep -E 'Benchmark|Time'
  if command -v python3 >/dev/null; then
    python3 - "$small/start.json" <<'PY'
import json, statistics, sys
rs = json.load(open(sys.argv[1]))["results"]
for i in range(0, len(rs), 3):
    v, c = (statistics.median(r["times"]) * 1000 for r in rs[i:i + 2])
    print(f"{rs[i]['command'].split()[0]}: one small file {c:.1f} ms / paved version {v:.1f} ms = {c / v:.2f}x (medians)")
PY
  fi
fi
