#!/usr/bin/env bash
# Everything a fresh checkout needs before `npm start`: system packages, the
# npm dependencies (native ones build from source), and the build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh "$@"
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
node scripts/build-if-needed.mjs
