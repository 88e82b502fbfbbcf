#!/usr/bin/env bash
# `flask match` on every member list of a data set (all months), scored pairwise, like
# ../shared/checks/match_dev.sh but for any DATA (default the stress set). With
# HAND_MAP=1 every header's column is passed from the set's headers.csv with --map
# (the answer key), for lists the import cannot read alone yet.
#   DATA=../shared/data/stress [HAND_MAP=1] bash bench/match_lists.sh [extra flask match args]
set -uo pipefail
DATA="${DATA:-../shared/data/stress}"
FLASK="${FLASK:-$(pwd)/.venv/bin/flask}"
WORK=$(mktemp -d /tmp/match-lists.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite:///$WORK/x.db"
files=(); maps=()
while IFS=, read -r file org m; do files+=("$DATA/lists/$m/$file"); done \
  < <(tail -n +2 "$DATA/lists/manifest.csv" | tr -d "\r")
if [ "${HAND_MAP:-0}" = 1 ] && [ -f "$DATA/headers.csv" ]; then
  mapfile -t maps < <(python3 -c '
import csv, sys
seen = set()
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if (r["header"], r["column"]) not in seen:
        seen.add((r["header"], r["column"]))
        print("--map=" + r["header"] + "=" + r["column"])' "$DATA/headers.csv")
fi
start=$(date +%s.%N)
"$FLASK" --app exchange match "${files[@]}" "${maps[@]}" --out "$WORK/clusters.csv" "$@" \
  >"$WORK/m.log" 2>&1 || { echo "FAIL: flask match: $(tail -3 "$WORK/m.log")"; exit 1; }
end=$(date +%s.%N)
echo "linked ${#files[@]} files in $(python3 -c "print(round($end-$start,1))") s"
tail -1 "$WORK/m.log"
python3 "$(dirname "$0")/../../shared/checks/score_clusters.py" "$DATA/truth.csv" "$WORK/clusters.csv"
