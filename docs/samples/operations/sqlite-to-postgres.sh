#!/bin/sh
# Moves a Parley installation from SQLite to PostgreSQL: every table, platform keys included, so
# brands change nothing. Parley has no built-in copier; this script is the tested path.
#
#  1. Stop Parley (no writes may land in SQLite after the copy).
#  2. Start the same Parley version once with DATABASE_URL on an empty database, wait for /readyz,
#     stop it: that creates the schema. (What that start created is replaced by the copy.)
#  3. DATABASE_URL=postgres://… sh sqlite-to-postgres.sh /var/lib/parley/parley.db
#  4. Start Parley with DATABASE_URL and the same PARLEY_SECRET as before.
#
# Needs sqlite3 and psql (Debian: apt-get install sqlite3 postgresql-client).
set -eu
SQLITE_FILE=${1:?usage: sqlite-to-postgres.sh PATH/TO/parley.db}
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database Parley will use}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Parent tables before the tables that reference them.
TABLES="platform_keys parley_meta projects brand_keys used_credentials operators project_members
project_api_keys access_tokens visitor_profiles visitors visitor_sessions authentication_events
conversations messages visitor_transfers operator_reads canned_replies audit_events
webhook_endpoints webhook_deliveries webhook_attempts"

# One consistent snapshot, WAL included.
sqlite3 "$SQLITE_FILE" ".timeout 10000" ".backup '$WORK/snapshot.db'"
SNAPSHOT="$WORK/snapshot.db"

# Both databases must be at the same schema version, and this script must know every table.
MIGRATIONS="SELECT name FROM kysely_migration ORDER BY name"
sqlite3 "$SNAPSHOT" "$MIGRATIONS" > "$WORK/sqlite-migrations"
psql -X -At -v ON_ERROR_STOP=1 -c "$MIGRATIONS" "$DATABASE_URL" > "$WORK/postgres-migrations"
if ! cmp -s "$WORK/sqlite-migrations" "$WORK/postgres-migrations"; then
  echo "schema versions differ: start this Parley version once on PostgreSQL (step 2), then run again" >&2
  exit 1
fi
# messages_fts*: SQLite's full-text index of messages; PostgreSQL indexes the copied messages itself.
for table in $(sqlite3 "$SNAPSHOT" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'messages_fts%'"); do
  case " $(echo $TABLES) " in
    *" $table "*) ;;
    *) echo "table $table is unknown to this script: it does not match this Parley version" >&2; exit 1 ;;
  esac
done

# Each row travels as one line of JSON (NULL and '' stay apart, any text survives), read by psql's
# \copy into a staging table and spread into the table's columns by name.
{
  echo "BEGIN;"
  echo "TRUNCATE $(echo $TABLES | tr ' ' ',');"
  echo "CREATE TEMPORARY TABLE parley_import (doc jsonb) ON COMMIT DROP;"
  for table in $TABLES; do
    pairs=$(sqlite3 "$SNAPSHOT" "SELECT group_concat(quote(name) || ', ' || name, ', ') FROM pragma_table_info('$table')")
    sqlite3 "$SNAPSHOT" "SELECT json_object($pairs) FROM $table" > "$WORK/$table.jsonl"
    printf '%s\n' "\\copy parley_import (doc) FROM '$WORK/$table.jsonl' WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')"
    echo "INSERT INTO $table SELECT imported.* FROM parley_import, jsonb_populate_record(NULL::$table, doc) AS imported;"
    echo "TRUNCATE parley_import;"
  done
  # Deliveries are numbered by a sequence: it goes on after the copied numbers.
  echo "SELECT setval(pg_get_serial_sequence('webhook_deliveries', 'seq'), coalesce(max(seq), 0) + 1, false) FROM webhook_deliveries \\g /dev/null"
  echo "COMMIT;"
} > "$WORK/import.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$WORK/import.sql" "$DATABASE_URL"

for table in $TABLES; do
  from=$(sqlite3 "$SNAPSHOT" "SELECT count(*) FROM $table")
  to=$(psql -X -At -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM $table" "$DATABASE_URL")
  [ "$from" = "$to" ] || { echo "$table: $from rows in SQLite, $to in PostgreSQL" >&2; exit 1; }
  echo "$table: $to rows"
done
