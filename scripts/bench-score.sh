#!/bin/sh
# scripts/bench-score.sh [BIN] [N] — times `tiepcan score` on N synthetic
# communes (default 10,000) × every qd25-2021 indicator (indicator 1.1 from
# its three inputs, the 19 others entered, plus the gate): 23 rows each.
set -eu
bin=${1:-build/tiepcan}
n=${2:-10000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v n="$n" 'BEGIN {
	print "unit,year,item,field,value"
	split("1.2 2.1 2.2 2.3 2.4 2.5 2.6 3.1 3.2 3.3 4.1 4.2 4.3 4.4 4.5 5.1 5.2 5.3 5.4", ind, " ")
	for (u = 1; u <= n; u++) {
		c = "Xã số " u
		printf "%s,2023,1.1,assigned,%d\n%s,2023,1.1,issued,%d\n", c, u % 4, c, u % 4
		printf "%s,2023,1.1,unlawful_handled,%d\n", c, u % 3 == 0
		for (i = 1; i <= 19; i++)
			printf "%s,2023,%s,points,%d.%02d\n", c, ind[i], (u + i) % 5, (u * i) % 100
		printf "%s,2023,head_discipline,triggered,0\n", c
	}
}' >"$tmp/in.csv"
echo "$n communes, $(($(wc -l <"$tmp/in.csv") - 1)) rows, $(wc -c <"$tmp/in.csv") bytes"
for f in json csv; do
	/usr/bin/time -f "--format $f: %e s wall, %U s user, %M KB max RSS" \
		"$bin" score --format "$f" "$tmp/in.csv" >"$tmp/out.$f"
done
