#!/usr/bin/env bash
# Writes the secrets deploy/compose.yaml reads (random) into DIR (default deploy/secrets), keeping any
# that exist: PARLEY_SECRET must stay the same for the life of the database. The directory is 0700, so
# other users of this host cannot reach them; the files are 0644 because compose (without swarm)
# bind-mounts each file with its host owner and mode, and the containers read them as their own
# unprivileged users (parley 10001, postgres 999).
#   deploy/secrets.sh [DIR]
set -euo pipefail
dir="${1:-$(dirname "$0")/secrets}"
mkdir -p "$dir"
chmod 0700 "$dir"
umask 022
random() { node -e 'process.stdout.write(require("node:crypto").randomBytes(+process.argv[1]).toString("base64url"))' "$1"; }
[ -s "$dir/parley_secret" ] || random 32 > "$dir/parley_secret"
[ -s "$dir/admin_password" ] || random 18 > "$dir/admin_password"
[ -s "$dir/postgres_password" ] || random 24 > "$dir/postgres_password"
# The URL holds the password, so it is a secret too; rewritten whenever the password file is new.
printf 'postgres://parley:%s@postgres:5432/parley' "$(cat "$dir/postgres_password")" > "$dir/database_url"
echo "secrets in $dir (admin password: $dir/admin_password)"
