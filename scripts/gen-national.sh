#!/bin/sh
# gen-national.sh BIN DB [SEED] — a national-size SYNTHETIC database for
# measuring the dashboard: every commune of the unit list in force in each
# year 2018-2026 (2020-02 list for 2018-2019, 03/2025 for 2020-2024, 07/2025
# for 2025-2026), scored with that year's rule set. Figures are made up
# (seeded awk rand(): the same seed gives the same files) and imported with
# `tiepcan import scores`, one file per year. Needs sqlite3 and jq.
set -eu
BIN=$1
DB=$2
SEED=${3:-20250701}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$BIN" init --db "$DB" >/dev/null
for y in 2018 2019 2020 2021 2022 2023 2024 2025 2026; do
	if [ $y -le 2021 ]; then rs=qd619-2017; elif [ $y -le 2025 ]; then rs=qd25-2021; else rs=qd27-2025; fi
	# item field max, one line each (criteria scored as a whole give their own code)
	"$BIN" rules show $rs --format json | jq -r '.criteria[] |
		if (.indicators | length) == 0 then "\(.code) points \(.max)"
		else .indicators[] | if .max == null then "\(.code) met 1" else "\(.code) points \(.max)" end end' >"$T/items"
	sqlite3 -batch -noheader "$DB" "SELECT code FROM unit WHERE level = 'commune' AND vintage =
		(SELECT id FROM vintage WHERE valid_from <= '$y-12-31' AND (valid_to IS NULL OR valid_to >= '$y-12-31'))
		ORDER BY code" >"$T/units"
	awk -v seed=$((SEED + y)) -v year=$y -v rs=$rs -v items="$T/items" '
		BEGIN { srand(seed); n = 0
			while ((getline l < items) > 0) { split(l, f, " "); n++; code[n] = f[1]; fld[n] = f[2]; mx[n] = f[3] }
			print "unit,year,item,field,value" }
		{ q = 0.55 + 0.45 * rand()   # the commune quality of the year
		  for (i = 1; i <= n; i++) {
			if (fld[i] == "met") v = (rand() < q + 0.1) ? 1 : 0
			else { v = int(mx[i] * (q + 0.15 * (rand() - 0.5)) * 4 + 0.5) / 4; if (v > mx[i]) v = mx[i]; if (v < 0) v = 0 }
			print $1 "," year "," code[i] "," fld[i] "," v }
		  if (rs == "qd619-2017") print $1 "," year ",commune_class,value," (rand() < 0.3 ? "I" : rand() < 0.5 ? "II" : "III") }' \
		"$T/units" >"$T/scores-$y.csv"
	"$BIN" import scores --db "$DB" "$T/scores-$y.csv" >/dev/null
	echo "$y: $(wc -l <"$T/units") communes ($rs)"
done
