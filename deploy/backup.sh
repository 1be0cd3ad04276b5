#!/usr/bin/env bash
# deploy/backup.sh DEST [DAYS] — pg_dump of the database and a tar of the
# uploads, released records and calendar files into DEST/<date>/; deletes backups older than DAYS.
# Restore: pg_restore -d gongkai --clean DEST/<date>/gongkai.dump
#          tar -xzf DEST/<date>/var.tar.gz -C /srv/gongkai
set -euo pipefail
dest=${1:?usage: backup.sh DEST [DAYS]}
days=${2:-30}
set -a; . /etc/gongkai/gongkai.env; set +a
day=$(date +%F)
mkdir -p "$dest/$day"
pg_dump --format=custom --file="$dest/$day/gongkai.dump" "${DATABASE_URL}"
var=$(basename "$GONGKAI_VAR_DIR")
parts=()
for d in media private calendar; do [ -d "$GONGKAI_VAR_DIR/$d" ] && parts+=("$var/$d"); done
tar -czf "$dest/$day/var.tar.gz" -C "$(dirname "$GONGKAI_VAR_DIR")" "${parts[@]}"
find "$dest" -mindepth 1 -maxdepth 1 -type d -mtime +"$days" -exec rm -rf {} +
