#!/bin/sh
# scripts/bench-units.sh [BIN] [RUNS] — times loading the national unit list
# of 2020 (data/vn-admin-units-2020-02.csv, 11,541 rows) with
#   tiepcan import units FILE --vintage 2020-02
# into a database that holds the schema but no units, against
#   sqlite3 bare.db '.import --csv FILE t'
# into a new bare table, RUNS times each (default 10); prints the mean wall
# times in milliseconds and their ratio (target: at most 1.5).
set -eu
bin=${1:-build/tiepcan}
runs=${2:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
file="$here/data/vn-admin-units-2020-02.csv"
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$bin" init --db empty.db >/dev/null
sqlite3 empty.db "DELETE FROM unit_lineage; DELETE FROM unit; VACUUM;"
now() { date +%s%N; }
t_ours=0
t_bare=0
i=0
while [ $i -lt "$runs" ]; do
	cp empty.db t.db
	a=$(now)
	"$bin" import units "$file" --vintage 2020-02 --db t.db >/dev/null
	b=$(now)
	rm -f t.db t.db-wal t.db-shm bare.db
	c=$(now)
	sqlite3 bare.db ".import --csv $file t"
	d=$(now)
	rm -f bare.db
	t_ours=$((t_ours + b - a))
	t_bare=$((t_bare + d - c))
	i=$((i + 1))
done
ours=$((t_ours / runs / 1000))
bare=$((t_bare / runs / 1000))
echo "tiepcan import units: $((ours / 1000)).$(printf %03d $((ours % 1000))) ms (mean of $runs)"
echo "sqlite3 .import:      $((bare / 1000)).$(printf %03d $((bare % 1000))) ms (mean of $runs)"
echo "ratio: $((ours * 100 / bare / 100)).$(printf %02d $((ours * 100 / bare % 100)))"
