#!/bin/sh
# Restores a backup made by backup-sqlite.sh. Stop Parley first; start it again afterwards.
#
#   PARLEY_DATA_DIR=/var/lib/parley sh restore-sqlite.sh /var/backups/parley/parley-20261125T220000Z.db
set -eu
# The data dir and the restored database: for this user only (Parley's own modes, 0700 and 0600).
umask 077
DATA_DIR=${PARLEY_DATA_DIR:-./.parley}
BACKUP=${1:?usage: restore-sqlite.sh BACKUP_FILE}
# region restore
sqlite3 "$BACKUP" "PRAGMA integrity_check" | grep -qx ok
mkdir -p "$DATA_DIR"
# The write-ahead log of the database being replaced must not be replayed into the backup.
rm -f "$DATA_DIR/parley.db-wal" "$DATA_DIR/parley.db-shm"
cp "$BACKUP" "$DATA_DIR/parley.db"
# endregion
