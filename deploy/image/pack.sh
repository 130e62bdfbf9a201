#!/usr/bin/env bash
# The image's build stage, runnable without a container: builds the repository (dist/ and the
# browser assets) and packs every published package into OUT_DIR with `npm pack`, as
# `npm publish` would. npm's JSON report (names, files) goes to stdout, progress to stderr.
#   deploy/image/pack.sh OUT_DIR
set -euo pipefail
out="$(realpath -m "${1:?usage: deploy/image/pack.sh OUT_DIR}")"
cd "$(dirname "$0")/../.."
mkdir -p "$out"
npm run --silent build >&2
npm pack --json --pack-destination "$out" \
  --workspace packages/protocol --workspace packages/token --workspace packages/sdk \
  --workspace packages/server --workspace packages/web --workspace packages/react \
  --workspace packages/cli --workspace examples/brand-site
