#!/usr/bin/env python3
"""Convert gitleaks' default config (gitleaks.toml) to engine/secrets/gitleaks-rules.json.

Usage:
    python3 scripts/gen-secret-rules.py \
        ~/go/pkg/mod/github.com/zricethezav/gitleaks/v8@v8.30.1/config/gitleaks.toml

Keeps only the fields paved's scanner honours; needs Python 3.11+ (tomllib).
"""
import json
import os
import re
import sys
import tomllib

VERSION = "v8.30.1"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine", "secrets", "gitleaks-rules.json")


def allowlist(a):
    out = {}
    for key in ("condition", "regexTarget", "regexes", "stopwords", "paths"):
        if a.get(key):
            out[key] = a[key]
    if "stopwords" in out:
        out["stopwords"] = sorted({w.lower() for w in out["stopwords"]})
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen-secret-rules.py path/to/gitleaks.toml")
    with open(sys.argv[1], "rb") as f:
        cfg = tomllib.load(f)
    m = re.search(r"gitleaks/v8@(v[0-9.]+)", sys.argv[1])
    rules = []
    for r in cfg["rules"]:
        out = {"id": r["id"], "description": r["description"]}
        for key in ("regex", "secretGroup", "entropy", "path"):
            if key in r:
                out[key] = r[key]
        if r.get("keywords"):
            out["keywords"] = sorted({k.lower() for k in r["keywords"]})
        als = [allowlist(a) for a in r.get("allowlists", [])]
        als = [a for a in als if a.get("regexes") or a.get("stopwords") or a.get("paths")]
        if als:
            out["allowlists"] = als
        rules.append(out)
    # No path of paved's own is allowlisted here: the list ships to every
    # user, and any repository could hide a secret under that path. paved's
    # self-check excludes its rules file instead.
    glob = allowlist(cfg.get("allowlist", {}))
    doc = {
        "source": "https://github.com/gitleaks/gitleaks/blob/%s/config/gitleaks.toml" % VERSION,
        "version": m.group(1) if m else VERSION,
        "allowlist": glob,
        "rules": rules,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write("\n")
    print("wrote %d rules to %s" % (len(rules), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
