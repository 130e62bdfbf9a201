#!/usr/bin/env bash
# Writes the secrets deploy/compose.yaml reads (random, mode 0600) into DIR (default deploy/secrets),
# keeping any that exist: PARLEY_SECRET must stay the same for the life of the database.
#   deploy/secrets.sh [DIR]
set -euo pipefail
dir="${1:-$(dirname "$0")/secrets}"
mkdir -p "$dir"
chmod 0700 "$dir"
umask 077
random() { node -e 'process.stdout.write(require("node:crypto").randomBytes(+process.argv[1]).toString("base64url"))' "$1"; }
[ -s "$dir/parley_secret" ] || random 32 > "$dir/parley_secret"
[ -s "$dir/admin_password" ] || random 18 > "$dir/admin_password"
[ -s "$dir/postgres_password" ] || random 24 > "$dir/postgres_password"
# The URL holds the password, so it is a secret too; rewritten whenever the password file is new.
printf 'postgres://parley:%s@postgres:5432/parley' "$(cat "$dir/postgres_password")" > "$dir/database_url"
echo "secrets in $dir (admin password: $dir/admin_password)"
