# bench/gen.awk — the national synthetic score CSV of the benchmark.
#
#   awk -v seed=20250701 -v limit=0 -f bench/gen.awk \
#       rules/qd619-2017.rules rules/qd25-2021.rules \
#       data/vn-admin-units-2020-02.csv data/vn-admin-units-2024.csv \
#       data/vn-admin-units-2025.csv > national.csv
#
# Writes `unit,year,item,field,value` rows (the input of `tiepcan score` and
# `tiepcan import scores`) for every commune of the unit list in force in each
# year 2017-2025 (the store's vintage rules, src/store/schema.sql: the list in
# force on 31/12 of the year):
#   2017-2019  the 02/2020 list   (vintage 2020-02, 10,767 communes)
#   2020-2024  the 03/2025 list   (vintage 2025-03, 10,035 communes)
#   2025       the 07/2025 list   (vintage 2025-07,  3,321 communes)
# scored on the rule set of the year (2017-2021 qd619-2017, its criteria
# scored as a whole; 2022-2025 qd25-2021, every indicator, 1.1 from its
# inputs). The items are read from the .rules files, so a rule-set change
# changes the rows; every gate gets a `triggered` row (1 in ~1.5%).
#
# Deterministic: the only randomness is a Park-Miller generator seeded from
# `seed`, whose arithmetic stays exact in awk's doubles (16807 * 2^31 < 2^53),
# so mawk, gawk and busybox awk print the same bytes. limit=N keeps the first
# N communes of each list (quick mode; the first ones are in Hà Nội, 01).
# Synthetic figures only: they describe no real commune.

function rnd() { # 1 .. 2^31-2
	st = (st * 16807) % 2147483647
	return st
}
function uni(lo, hi) { return lo + rnd() % (hi - lo + 1) }

# Points in hundredths -> "14", "27.5", "3.75" (as people type them).
function pts(h,   s) {
	if (h % 100 == 0) return sprintf("%d", h / 100)
	s = sprintf("%d.%02d", int(h / 100), h % 100)
	sub(/0$/, "", s)
	return s
}

# A value near the commune's capacity (permille), in quarter points.
function points(maxh, cap,   f, p) {
	f = cap + uni(-120, 60)
	if (f < 300) f = 300
	if (f > 1000) f = 1000
	p = int(maxh * f / 1000)
	return pts(p - p % 25)
}

function hund(s,   a, n) { # "7" or "2.5" -> hundredths
	n = split(s, a, ".")
	if (n == 1) return a[1] * 100
	return a[1] * 100 + substr(a[2] "00", 1, 2)
}

# ---- rule files: criteria, indicators (with their inputs) and gates --------
FNR == 1 { file++ }
file <= 2 && /^ruleset / { rs = $2 }
file <= 2 && /^years / { for (y = $2; y <= $3; y++) rsy[y] = rs }
file <= 2 && /^pass total_min_by_class / { byclass[rs] = 1 }
file <= 2 && /^(criterion|indicator|sub|gate) / {
	kind = $1
	code = $2
	if (kind == "gate") {
		ng[rs]++
		gate[rs, ng[rs]] = code
	} else if (kind == "criterion") {
		nc[rs]++
		crit[rs, nc[rs]] = code
		cind[rs, nc[rs]] = 0
	} else if (kind == "indicator") {
		cind[rs, nc[rs]]++
		ni[rs]++
		ind[rs, ni[rs]] = code
		nin[rs, ni[rs]] = 0
	}
	next
}
file <= 2 && /^  max / {
	if (kind == "criterion") cmax[rs, nc[rs]] = hund($2)
	else if (kind == "indicator") imax[rs, ni[rs]] = hund($2)
	next
}
file <= 2 && /^  input / && kind == "indicator" {
	nin[rs, ni[rs]]++
	inp[rs, ni[rs], nin[rs, ni[rs]]] = $2 SUBSEP $3
	next
}
file <= 2 { next }

# ---- unit lists: communes only -----------------------------------------------
FNR > 1 {
	split($0, f, ",")
	if (f[4] != "commune") next
	if (limit > 0 && nu[file - 2] >= limit) next
	nu[file - 2]++
	unit[file - 2, nu[file - 2]] = f[1]
}

function inputs(u, y, r, i,   k, t, prev, v) {
	prev = uni(0, 4)
	for (k = 1; k <= nin[r, i]; k++) {
		split(inp[r, i, k], t, SUBSEP)
		if (t[2] == "count") {
			# Later counts are parts of the first (issued <= assigned,
			# unlawful_handled <= issued): the engine rejects the rest.
			v = k == 1 ? prev : (k == 2 ? uni(0, prev) : (uni(0, 9) == 0 ? (prev > 0) : 0))
			prev = v
		} else if (t[2] == "percent") v = uni(0, 100)
		else if (t[2] == "bool") v = uni(0, 1)
		else v = uni(0, 1000)
		print u "," y "," ind[r, i] "," t[1] "," v
	}
}

function sheet(u, y, r, cap,   c, i, k2, g, cls) {
	if (byclass[r]) {
		cls = uni(0, 99)
		print u "," y ",commune_class,value," (cls < 8 ? "I" : cls < 40 ? "II" : "III")
	}
	i = 0
	for (c = 1; c <= nc[r]; c++) {
		if (cind[r, c] == 0) {
			print u "," y "," crit[r, c] ",points," points(cmax[r, c], cap)
			continue
		}
		for (k2 = 0; k2 < cind[r, c]; k2++) {
			i++
			if (nin[r, i] > 0) inputs(u, y, r, i)
			else print u "," y "," ind[r, i] ",points," points(imax[r, i], cap)
		}
	}
	for (g = 1; g <= ng[r]; g++)
		print u "," y "," gate[r, g] ",triggered," (uni(0, 999) < 15 ? 1 : 0)
}

END {
	st = (seed % 2147483646) + 1
	print "unit,year,item,field,value"
	for (y = 2017; y <= 2025; y++) {
		l = y <= 2019 ? 1 : (y <= 2024 ? 2 : 3)
		r = rsy[y]
		for (n = 1; n <= nu[l]; n++)
			sheet(unit[l, n], y, r, 550 + uni(0, 300) + 10 * (y - 2017))
	}
}
