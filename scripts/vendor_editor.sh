#!/usr/bin/env bash
# Rebuild kg_build/serve/static/editor.js, the query page's SPARQL editor (CodeMirror 6),
# from the npm registry: the versions pinned in scripts/editor/package-lock.json, bundled by
# esbuild into one file with every package's licence at its head. The bundle is committed, so
# the package and CI need no npm; run this only to change the editor or its versions.
set -euo pipefail
here="$(cd "$(dirname "$0")/editor" && pwd)"
out="$(cd "$here/../.." && pwd)/kg_build/serve/static/editor.js"
cd "$here"
npm ci --no-audit --no-fund
node build.mjs "$out"
