#!/usr/bin/env bash
# The image's install step, runnable without a container: installs PACKAGE (default: parley, the
# server and its CLI) from the tarballs in TARBALL_DIR into PREFIX with production dependencies
# only, with the image's HEALTHCHECK script beside them. Every Parley package, also a transitive
# one, comes from its tarball, never the registry.
#   deploy/image/install.sh TARBALL_DIR PREFIX [PACKAGE...]
set -euo pipefail
tarballs="$(realpath "${1:?usage: deploy/image/install.sh TARBALL_DIR PREFIX [PACKAGE...]}")"
prefix="$(realpath -m "${2:?usage: deploy/image/install.sh TARBALL_DIR PREFIX [PACKAGE...]}")"
shift 2
mkdir -p "$prefix"
here="$(dirname "$(realpath "$0")")"
node "$here/manifest.mjs" "$tarballs" "${@:-parley}" > "$prefix/package.json"
cp "$here/healthcheck.mjs" "$prefix/healthcheck.mjs"
cd "$prefix"
npm install --omit=dev --no-audit --no-fund --loglevel=error
