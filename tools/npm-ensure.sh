#!/usr/bin/env bash
# Installs the pinned npm tools (anvil, solc-js, @mysten/walrus-wasm) from package-lock.json,
# only when node_modules is missing or older than the lock file. Called by the Maven build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
stamp=node_modules/.floe-installed
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is required to install anvil, solc and the Walrus WebAssembly oracle" >&2
  exit 1
fi
# npm ci rejects this lock file (npm 11 omits the other platforms' optional anvil binaries), so
# install from the lock with npm install, which keeps the pinned versions.
npm install --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
