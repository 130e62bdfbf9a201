#!/bin/sh
# Restores a backup made by backup-postgres.sh into an empty database (createdb parley first).
# Start Parley on it afterwards, with the same PARLEY_SECRET as before.
#
#   DATABASE_URL=postgres://parley@db.internal/parley sh restore-postgres.sh parley-20261125T220000Z.dump
set -eu
: "${DATABASE_URL:?set DATABASE_URL to the empty database}"
BACKUP=${1:?usage: restore-postgres.sh BACKUP_FILE}
# region restore
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$BACKUP"
# endregion
