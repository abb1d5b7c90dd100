#!/bin/sh
# suite-preview.sh — POST /api/v1/assessments/{unit}/{year}/preview (the
# live points of the self-assessment form, web/static/app.js) and the form's
# hooks for it, against the real binary over real HTTP (curl + jq).
#
#   sh tests/suite-preview.sh BUILD/tiepcan
#
# A preview scores a draft with the same engine and rule set as a save and
# writes nothing: its points must equal what the save then stores, the
# assessment's version and inputs must not move, and it has the gates of the
# assessment GET plus CSRF (docs/API.md).
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)

BIN=${1:?usage: suite-preview.sh BUILD/tiepcan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
for tool in curl jq; do
	command -v $tool >/dev/null 2>&1 || { echo "suite-preview: $tool is required"; echo "0 passed, 1 failed"; exit 1; }
done

T=$(mktemp -d)
DB=$(db_new "$T/db.sqlite")
export TIEPCAN_DB=$DB
PASS=0
FAIL=0
SRV_PID=

cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
check() { # check NAME COMMAND...
	name=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else bad "$name"; fi
}
has() { grep -qF -- "$2" "$1"; }          # has FILE TEXT
hasnt() { ! grep -qF -- "$2" "$1"; }
eq() { [ "$1" = "$2" ]; }

login() { # login NAME JAR -> sets CSRF
	curl -s -c "$2" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"matkhau-thu-nghiem\"}" "$U/api/v1/session" >"$T/login.json"
	CSRF=$(jq -r .csrf "$T/login.json")
}

code() { # code OUTFILE CURLARGS... -> prints the status
	out=$1; shift
	curl -s -o "$out" -w '%{http_code}' "$@"
}

preview() { # preview OUTFILE JAR CSRF BODY [UNIT/YEAR] -> status
	curl -s -o "$1" -w '%{http_code}' -b "$2" -X POST -H 'Content-Type: application/json' \
		-H "X-CSRF-Token: $3" -d "$4" "$U/api/v1/assessments/${5:-00004/2023}/preview"
}

# ---- setup ------------------------------------------------------------------
db_demo "$BIN" "$DB" >/dev/null 2>&1 || { echo "demo failed"; echo "0 passed, 1 failed"; exit 1; }
for u in "xa1 commune 00004" "xa2 commune 00007" "thamdinh reviewer 04"; do
	set -- $u
	printf 'matkhau-thu-nghiem\n' | "$BIN" user add --login $1 --role $2 --unit $3 \
		--name "Người $1" --password-stdin >/dev/null
done
TIEPCAN_NOW=2024-02-01 "$BIN" serve --db "$DB" --listen 127.0.0.1:0 --quiet >"$T/srv.out" 2>"$T/srv.err" &
SRV_PID=$!
i=0
while ! grep -q listening "$T/srv.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && { cat "$T/srv.err"; echo "0 passed, 1 failed"; exit 1; }
	sleep 0.1
done
U=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' "$T/srv.out")

J=$T/xa1.jar
login xa1 "$J"
C1=$CSRF
check "login gives a CSRF token" test -n "$C1"

# 2023 (qd25-2021): figures with a ratio band, a not-arising indicator,
# entered points and a gate.
VALS='[{"item":"1.1","field":"assigned","value":"10"},{"item":"1.1","field":"issued","value":"7"},
 {"item":"1.1","field":"unlawful_handled","value":"0"},{"item":"1.2","field":"points","value":"3,5"},
 {"item":"2.1","field":"points","value":"4,25"},{"item":"3.1","field":"points","value":4},
 {"item":"head_discipline","field":"triggered","value":"0"}]'

# ---- before the first save: the year's rule set, nothing created -------------
st=$(preview "$T/p0.json" "$J" "$C1" "{\"values\":$VALS}")
check "preview before the first save: 200" eq "$st" 200
check "preview says it is a preview" eq "$(jq -r .preview "$T/p0.json")" true
check "preview uses the year's rule set" eq "$(jq -r .ruleset "$T/p0.json")" qd25-2021
check "preview explains each indicator in Vietnamese" \
	test -n "$(jq -r '.indicators[] | select(.code=="1.1") | .explain' "$T/p0.json")"
check "preview gives the criterion subtotals" test "$(jq '.criteria | length' "$T/p0.json")" -gt 0
check "preview gives the reasons in Vietnamese" \
	eq "$(jq '.reasons | length' "$T/p0.json")" "$(jq '.reasons_vi | length' "$T/p0.json")"
check "preview reasons_vi are Vietnamese" has "$T/p0.json" 'chưa đạt'
check "preview creates no assessment" eq "$(code $T/g.json -b $J $U/api/v1/assessments/00004/2023)" 404

# ---- the same values saved: the stored score is exactly the preview ----------
st=$(code "$T/put.json" -b "$J" -X PUT -H 'Content-Type: application/json' -H "X-CSRF-Token: $C1" \
	-d "{\"version\":0,\"values\":$VALS}" "$U/api/v1/assessments/00004/2023")
check "save 200" eq "$st" 200
for k in total recognised criteria indicators reasons ruleset provisional; do
	check "preview $k = saved $k" eq "$(jq -c ".$k" "$T/p0.json")" "$(jq -c ".$k" "$T/put.json")"
done
V=$(jq .version "$T/put.json")
curl -s -b "$J" "$U/api/v1/assessments/00004/2023" >"$T/before.json"

# ---- a preview of other figures writes nothing --------------------------------
st=$(preview "$T/p1.json" "$J" "$C1" '{"values":[{"item":"1.1","field":"assigned","value":"0"},
 {"item":"2.1","field":"points","value":"5"}]}')
check "preview of changed figures: 200" eq "$st" 200
check "preview of changed figures: other points" \
	test "$(jq -c .indicators "$T/p1.json")" != "$(jq -c .indicators "$T/put.json")"
curl -s -b "$J" "$U/api/v1/assessments/00004/2023" >"$T/after.json"
check "preview wrote nothing (same assessment, same version)" \
	eq "$(jq -c 'del(.dossier)' "$T/before.json")" "$(jq -c 'del(.dossier)' "$T/after.json")"
check "version unchanged" eq "$(jq .version "$T/after.json")" "$V"
check "no version needed in a preview" hasnt "$T/p1.json" '"field":"version"'

# ---- bad input ----------------------------------------------------------------
st=$(preview "$T/b.json" "$J" "$C1" '{"values":[{"item":"2.1","field":"points","value":"99"}]}')
check "points above the maximum: 422" eq "$st" 422
check "points above the maximum: the field and a Vietnamese message" \
	eq "$(jq -r '.errors[0].item + "/" + .errors[0].field' "$T/b.json")" "2.1/points"
check "points above the maximum: message" has "$T/b.json" 'Điểm phải từ 0 đến 5'
st=$(preview "$T/b.json" "$J" "$C1" '{"values":[{"item":"1.1","field":"assigned","value":"abc"}]}')
check "not a number: 422 with the field" eq "$st/$(jq -r '.errors[0].field' "$T/b.json")" 422/assigned
st=$(preview "$T/b.json" "$J" "$C1" '{"values":[{"item":"1.1","field":"assigned","value":"2,5"}]}')
check "a count that is not whole: 422 (engine)" eq "$st" 422
check "a count that is not whole: Vietnamese message" has "$T/b.json" 'Phải là số nguyên không âm'
st=$(preview "$T/b.json" "$J" "$C1" '{"values":[')
check "bad JSON: 400" eq "$st" 400
check "bad JSON: Vietnamese message" has "$T/b.json" 'JSON không hợp lệ'
st=$(preview "$T/b.json" "$J" "$C1" '[1,2]')
check "not an object: 422" eq "$st" 422
check "not an object: Vietnamese message" has "$T/b.json" 'Cần một đối tượng JSON'
st=$(preview "$T/b.json" "$J" "$C1" '{}')
check "no values: 422 naming values" eq "$st/$(jq -r '.errors[0].field' "$T/b.json")" 422/values
st=$(code "$T/b.json" -b "$J" -X POST -H "X-CSRF-Token: $C1" -d 'values=1' \
	"$U/api/v1/assessments/00004/2023/preview")
check "form-encoded body: 415" eq "$st" 415
st=$(preview "$T/b.json" "$J" "$C1" '{"values":[]}' 00004/20x3)
check "bad year: 404" eq "$st" 404

# ---- gates: session, CSRF, scope, origin --------------------------------------
st=$(code "$T/b.json" -X POST -H 'Content-Type: application/json' -d '{"values":[]}' \
	"$U/api/v1/assessments/00004/2023/preview")
check "not signed in: 401" eq "$st" 401
st=$(preview "$T/b.json" "$J" "" '{"values":[]}')
check "without the CSRF header: 403" eq "$st" 403
st=$(preview "$T/b.json" "$J" "not-the-token" '{"values":[]}')
check "with another CSRF token: 403" eq "$st" 403
st=$(code "$T/b.json" -b "$J" -X POST -H 'Content-Type: application/json' -H "X-CSRF-Token: $C1" \
	-H 'Origin: http://evil.example' -d '{"values":[]}' "$U/api/v1/assessments/00004/2023/preview")
check "from another site: 403" eq "$st" 403
J2=$T/xa2.jar
login xa2 "$J2"
st=$(preview "$T/b.json" "$J2" "$CSRF" "{\"values\":$VALS}")
check "another commune's official: 403" eq "$st" 403
check "another commune's official: Vietnamese message" has "$T/b.json" '"message"'
st=$(preview "$T/b.json" "$J2" "$CSRF" '{"values":[]}' 00007/2023)
check "own commune, nothing typed: 200" eq "$st" 200
st=$(preview "$T/b.json" "$J2" "$CSRF" '{"values":[]}' 99999/2023)
check "no such commune: 404" eq "$st" 404
JR=$T/rev.jar
login thamdinh "$JR"
st=$(preview "$T/b.json" "$JR" "$CSRF" "{\"values\":$VALS}")
check "reviewer outside the province: 403" eq "$st" 403

# ---- the form's hooks for app.js ------------------------------------------------
code "$T/f.html" -b "$J" "$U/danh-gia/00004/2023" >/dev/null
check "form names its preview endpoint" has "$T/f.html" 'data-preview="/api/v1/assessments/00004/2023/preview"'
check "form names its draft key (unit, year, login)" has "$T/f.html" 'data-draft-key="00004/2023/xa1"'
check "form has one polite status line" eq "$(grep -c 'role="status" aria-live="polite"' "$T/f.html")" 1
check "verdict rows are marked for subtotals" has "$T/f.html" '<tr data-crit="1">'
check "no inline script" hasnt "$T/f.html" '<script>'
code "$T/f2.html" -b "$J2" "$U/danh-gia/00007/2023" >/dev/null
check "another commune's form: its own key" has "$T/f2.html" 'data-draft-key="00007/2023/xa2"'
# a signed-off (read-only) form gets no hooks
curl -s -b "$J" -X POST -H 'Content-Type: application/json' -H "X-CSRF-Token: $C1" \
	-d "{\"version\":$V,\"date\":\"15/01/2024\",\"signer_name\":\"Lê Văn A\",\"signer_position\":\"Chủ tịch\",\"posting_place\":\"Trụ sở\"}" \
	"$U/api/v1/assessments/00004/2023/sign-off" >"$T/so.json"
check "sign-off for the read-only check" eq "$(jq -r .status "$T/so.json")" signed
code "$T/f3.html" -b "$J" "$U/danh-gia/00004/2023" >/dev/null
check "read-only form: no preview hook" hasnt "$T/f3.html" 'data-preview='
check "read-only form: no status line" hasnt "$T/f3.html" 'aria-live="polite"'
st=$(preview "$T/b.json" "$J" "$C1" "{\"values\":$VALS}")
check "preview of a signed assessment still answers (nothing is written)" eq "$st" 200

kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null
SRV_PID=
if grep -q 'Sanitizer\|runtime error' "$T/srv.err"; then
	cat "$T/srv.err"; bad "sanitizer errors in the server"
fi
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
