#!/bin/sh
# Regenerates ../gitleaks-cases.json.gz: the true and false positives that
# gitleaks' rule generator (cmd/generate/config/rules, MIT, Copyright (c)
# 2019 Zachary Rice; see ../../gitleaks-LICENSE) checks each of its rules
# against, at the release the embedded rules come from. The strings are
# gitleaks' test data; no gitleaks code is copied into paved. Its random
# secrets differ on every run, so regenerate only with the rules.
#
# Usage, from the repository root (needs Go, Python 3, network or a module cache):
#   sh engine/secrets/testdata/gitleaks-cases/gen.sh [v8.30.1]
set -eu
version=${1:-v8.30.1}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../gitleaks-cases.json.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dir=$(go mod download -json "github.com/zricethezav/gitleaks/v8@$version" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
cp -R "$dir/." "$work/gitleaks"
chmod -R u+w "$work/gitleaks"
# gitleaks validates every rule with utils.Validate; this version also records the cases.
cp "$here/validate.go.in" "$work/gitleaks/cmd/generate/config/utils/validate.go"
(cd "$work/gitleaks/cmd/generate/config" &&
	GITLEAKS_CASES="$work/cases.jsonl" go run . "$work/gitleaks.toml")

python3 - "$work/cases.jsonl" "$version" <<'PY' | gzip -9n >"$out"
import json, sys
path, version = sys.argv[1], sys.argv[2]
rules = sorted((json.loads(l) for l in open(path)), key=lambda r: r["rule"])
json.dump({
    "source": f"https://github.com/gitleaks/gitleaks/tree/{version}/cmd/generate/config/rules",
    "version": version,
    "licence": "MIT, Copyright (c) 2019 Zachary Rice (engine/secrets/gitleaks-LICENSE)",
    "generated_by": "engine/secrets/testdata/gitleaks-cases/gen.sh",
    "note": "Fake secrets from gitleaks' rule tests; gzipped so secret scanners and push protection do not flag them.",
    "rules": rules,
}, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
PY
echo "wrote $out"
