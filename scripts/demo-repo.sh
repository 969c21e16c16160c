#!/usr/bin/env bash
# Judge an example repository as paved sees a real one: copy it into a fresh
# git repository (the repository target needs a checkout) and check it.
set -uo pipefail
bin=$1 src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp -R "$src/." "$dir/"
git -C "$dir" init -q -b main
git -C "$dir" add -A
git -C "$dir" -c user.name=demo -c user.email=demo@example.com commit -q -m "initial import"
echo "\$ paved check $(basename "$src")    # a fresh git checkout of $src"
(cd "$dir" && "$OLDPWD/$bin" check .)
echo "(exit code $?)"
if [ -f "$dir/.paved/waivers.yaml" ]; then
  echo
  echo "\$ paved waivers list    # governed exceptions: $src/.paved/waivers.yaml"
  (cd "$dir" && "$OLDPWD/$bin" waivers list)
fi
