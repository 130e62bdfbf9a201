#!/bin/sh
# Backup of Parley's PostgreSQL database with pg_dump (consistent while the servers run).
# Use a pg_dump at least as new as the server (Debian: apt-get install postgresql-client).
#
#   DATABASE_URL=postgres://parley@db.internal/parley sh backup-postgres.sh /var/backups/parley
set -eu
# The dump holds every conversation: for this user only.
umask 077
: "${DATABASE_URL:?set DATABASE_URL, as for parley serve}"
DEST=${1:?usage: backup-postgres.sh BACKUP_DIR}
mkdir -p "$DEST"
# region backup
BACKUP="$DEST/parley-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$BACKUP" "$DATABASE_URL"
# endregion
echo "$BACKUP"
