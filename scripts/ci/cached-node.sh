#!/usr/bin/env bash
# Prints the bin directory of a Node.js of the given major version (e.g. `cached-node.sh 24`), installing
# it once from the npm registry (the `node` package ships the binary) under ~/.cache/belgie-node.
# Usage: PATH="$(bash scripts/ci/cached-node.sh 24):$PATH" node --version
set -euo pipefail
major="${1:?usage: cached-node.sh <major>}"
prefix="${BELGIE_NODE_CACHE:-$HOME/.cache/belgie-node}/node$major"
bin="$prefix/node_modules/.bin"
if ! "$bin/node" --version 2>/dev/null | grep -q "^v$major\."; then
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "node@$major" >&2
fi
"$bin/node" --version | grep -q "^v$major\." || { echo "cached-node: no Node $major in $bin" >&2; exit 1; }
echo "$bin"
