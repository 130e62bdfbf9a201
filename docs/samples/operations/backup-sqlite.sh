#!/bin/sh
# Online backup of Parley's SQLite database: safe while the server runs (WAL mode), consistent
# (one snapshot), checked. Needs the sqlite3 command (Debian: apt-get install sqlite3).
#
#   PARLEY_DATA_DIR=/var/lib/parley sh backup-sqlite.sh /var/backups/parley
set -eu
# The backup holds every conversation: for this user only.
umask 077
DATA_DIR=${PARLEY_DATA_DIR:-./.parley}
DEST=${1:?usage: backup-sqlite.sh BACKUP_DIR}
mkdir -p "$DEST"
# region backup
BACKUP="$DEST/parley-$(date -u +%Y%m%dT%H%M%SZ).db"
sqlite3 "$DATA_DIR/parley.db" ".timeout 10000" ".backup '$BACKUP'"
sqlite3 "$BACKUP" "PRAGMA integrity_check" | grep -qx ok
# endregion
echo "$BACKUP"
