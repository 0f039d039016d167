#!/usr/bin/env bash
# npm run compat: the compatibility check (run.mjs) on Node 22, whatever Node runs npm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_bin="$(bash "$here/../ci/cached-node.sh" 22)"
PATH="$node_bin:$PATH" exec node "$here/run.mjs"
