#!/bin/sh
# tests/suite-matrix.sh BIN — the scoping matrix: every route of the web
# application (tests/suite-matrix.routes, checked complete against
# `BIN serve --print-routes`) x every role (public; commune of unit A;
# commune of unit B; reviewer of province P; reviewer of another province Q;
# council of P; admin) x own vs foreign unit / meeting / decision. Every
# forbidden combination must answer 401 or 403 (the public may instead be
# redirected to /dang-nhap on an HTML page) and change nothing: the SHA-256
# of `tiepcan export scores` and the audit entry count (`tiepcan check`) are
# the same before and after each route's forbidden requests. Forbidden
# requests carry the user's valid CSRF token, so a refusal is about the role
# or the scope, never the token.
set -u
. "$(dirname "$0")/lib-db.sh"  # db_new, db_sql: SQLite or PostgreSQL (TIEPCAN_TEST_DB)
BIN=${1:?usage: suite-matrix.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
cd "$(dirname "$0")/.." || exit 1
LIST=tests/suite-matrix.routes
pass=0
fail=0
tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() {
	d=$1
	shift
	if "$@"; then ok; else bad "$d"; fi
}
die() { echo "$1"; echo "$pass passed, $((fail + 1)) failed"; exit 1; }
for t in curl python3 sha256sum; do command -v $t >/dev/null || die "$t missing"; done

# ---- the list is complete ------------------------------------------------------
"$BIN" serve --print-routes | sort >"$tmp/actual" || die "serve --print-routes failed"
grep -v '^#' "$LIST" | grep -v '^[[:space:]]*$' | awk '{print $1" "$2}' | sort >"$tmp/listed"
missing=$(comm -23 "$tmp/actual" "$tmp/listed")
gone=$(comm -13 "$tmp/actual" "$tmp/listed")
check "every route is in $LIST (missing: $missing)" [ -z "$missing" ]
check "every listed route exists (gone: $gone)" [ -z "$gone" ]
check "the route list is not empty" [ "$(wc -l <"$tmp/actual")" -gt 40 ]

# ---- data: A, B in Cao Bằng (P = 04), C in Hà Nội (Q = 01) ---------------------
db=$(db_new "$tmp/t.db")
PW=mat-khau-thu-nghiem
A=01267
B=01270
C=00001
Y=2024
db_init "$BIN" "$db" >/dev/null || die "init failed"
{
	echo "unit,year,item,field,value"
	for u in $A $B $C; do
		echo "$u,$Y,1.1,points,3"
		echo "$u,$Y,1.2,points,7"
		for c in "2 6" "3 3" "4 5" "5 4"; do
			set -- $c
			i=1
			while [ $i -le "$2" ]; do echo "$u,$Y,$1.$i,points,5"; i=$((i + 1)); done
		done
	done
} >"$tmp/s.csv"
"$BIN" import scores "$tmp/s.csv" --db "$db" >/dev/null || die "import failed"
adduser() { # login role [unit]
	set -- "$@" ""
	printf '%s\n' "$PW" | "$BIN" user add --login "$1" --role "$2" ${3:+--unit "$3"} --name "$1" \
		--password-stdin --db "$db" >/dev/null
}
adduser comA commune $A && adduser comB commune $B && adduser revP reviewer 04 &&
	adduser revQ reviewer 01 && adduser council council 04 && adduser admin admin ||
	die "user add failed"

TIEPCAN_NOW=2025-01-24 "$BIN" serve --db "$db" --listen 127.0.0.1:0 --quiet >"$tmp/out" 2>"$tmp/err" &
pid=$!
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ]; do
	url=$(sed -n 's/^tiepcan: listening on \(http:[^ ]*\)$/\1/p' "$tmp/out")
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$url" ] || die "server did not start: $(cat "$tmp/err")"
url=${url%/}

jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null; }
login() {
	curl -s -o "$tmp/login" -c "$tmp/ck.$1" -H 'Content-Type: application/json' \
		--data-binary "{\"login\":\"$1\",\"password\":\"$PW\"}" "$url/api/v1/session" &&
		jget "$tmp/login" 'd["csrf"]' >"$tmp/csrf.$1" && [ -s "$tmp/csrf.$1" ]
}
api() { # USER METHOD PATH JSON
	curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/ck.$1" -X "$2" -H 'Content-Type: application/json' \
		-H "X-CSRF-Token: $(cat "$tmp/csrf.$1")" --data-binary "$4" "$url$3"
}
version() { curl -s -b "$tmp/ck.$1" "$url/api/v1/assessments/$2/$Y" >"$tmp/v" && jget "$tmp/v" 'd["version"]'; }
for u in comA comB revP revQ council admin; do login $u || die "login $u failed"; done

# B goes all the way to a decision, so that a meeting M and a decision D of
# province P exist; A and C stay drafts.
v=$(version comB $B)
[ "$(api comB POST /api/v1/assessments/$B/$Y/sign-off "{\"version\":$v,\"date\":\"02/01/2025\",\"signer_name\":\"Nguyễn Văn Chủ\",\"signer_position\":\"Chủ tịch\",\"posting_place\":\"Trụ sở\"}")" = 200 ] || die "sign-off B"
v=$(version comB $B)
[ "$(api comB POST /api/v1/assessments/$B/$Y/submit "{\"version\":$v}")" = 200 ] || die "submit B"
items=$(python3 -c '
import json,sys
rows=[l.strip().split(",") for l in open(sys.argv[1]) if l.startswith(sys.argv[2]+",")]
print(json.dumps([{"item":r[2],"reviewed":r[4]} for r in rows]))' "$tmp/s.csv" $B)
v=$(version revP $B)
[ "$(api revP POST /api/v1/assessments/$B/$Y/review "{\"version\":$v,\"items\":$items}")" = 200 ] || die "review B"
v=$(version revP $B)
[ "$(api revP POST /api/v1/assessments/$B/$Y/review "{\"version\":$v,\"finish\":true}")" = 200 ] || die "finish B"
[ "$(api council POST /api/v1/councils "{\"name\":\"Hội đồng\",\"date\":\"24/01/2025\",\"members\":[{\"name\":\"A\",\"role\":\"chair\"},{\"name\":\"B\",\"role\":\"member\"}],\"dossiers\":[{\"unit\":\"$B\",\"year\":$Y}]}")" = 201 ] || die "meeting"
M=$(jget "$tmp/body" 'd["id"]')
v=$(version revP $B)
[ "$(api council POST /api/v1/assessments/$B/$Y/council "{\"meeting\":$M,\"version\":$v,\"outcome\":\"propose\"}")" = 200 ] || die "outcome B"
b64=$(printf '%%PDF-1.4 x' | python3 -c 'import base64,sys; print(base64.b64encode(sys.stdin.buffer.read()).decode())')
v=$(version revP $B)
[ "$(api revP POST /api/v1/decisions "{\"number\":\"1/QĐ\",\"date\":\"24/01/2025\",\"signer_name\":\"X\",\"signer_position\":\"Chủ tịch\",\"file\":{\"name\":\"qd.pdf\",\"type\":\"application/pdf\",\"base64\":\"$b64\"},\"items\":[{\"unit\":\"$B\",\"year\":$Y,\"version\":$v,\"recognised\":true}]}")" = 201 ] || die "decision"
D=$(jget "$tmp/body" 'd["id"]')

# ---- who is who --------------------------------------------------------------------
role_of() {
	case $1 in
	comA | comB) echo commune ;;
	revP | revQ) echo reviewer ;;
	*) echo "$1" ;;
	esac
}
# own USER TARGET: is the unit / object in the user's scope?
own() {
	case "$1:$2" in
	admin:*) return 0 ;;
	comA:$A) return 0 ;;
	revP:$A | council:$A | revP:M | council:M | revP:D | council:D) return 0 ;;
	revQ:$C) return 0 ;;
	*) return 1 ;;
	esac
}
fingerprint() {
	s=$("$BIN" export scores --year $Y --db "$db" | sha256sum | cut -c1-64)
	n=$("$BIN" check --db "$db" | sed -n 's/.*(\([0-9]*\) entries).*/\1/p')
	echo "$s/$n"
}
# request USER METHOD PATH -> status (the user's CSRF token is always sent)
request() {
	u=$1 m=$2 p=$3
	if [ "$u" = public ]; then
		set -- -s -o "$tmp/body" -w '%{http_code}' -X "$m"
	else
		set -- -s -o "$tmp/body" -w '%{http_code}' -X "$m" -b "$tmp/ck.$u" -H "X-CSRF-Token: $(cat "$tmp/csrf.$u")"
	fi
	case "$m:$p" in
	GET:*) ;;
	*:/api/*) set -- "$@" -H 'Content-Type: application/json' --data-binary '{}' ;;
	*) set -- "$@" --data-urlencode "csrf=$([ "$u" = public ] || cat "$tmp/csrf.$u")" ;;
	esac
	curl "$@" -D "$tmp/hdr" "$url$p"
}
refused() { # USER PATH STATUS
	case $3 in 401 | 403) return 0 ;; esac
	# The public on an HTML page is sent to the sign-in page.
	[ "$1" = public ] && case $2 in /api/*) false ;; *) true ;; esac &&
		case $3 in 302 | 303) grep -qi '^Location: /dang-nhap' "$tmp/hdr" ;; *) false ;; esac
}

n_forbidden=0
while read -r method pattern access; do
	case $method in '' | '#'*) continue ;; esac
	[ "$access" = public ] && continue
	roles=${access%%:*}
	scope=""
	case $access in *:*) scope=${access#*:} ;; esac
	[ "$roles" = any ] && roles=commune,reviewer,council,admin
	case $scope in
	unit) targets="$A $C" ;;
	meeting) targets=M ;;
	decision) targets=D ;;
	*) targets=- ;;
	esac
	before=""
	case $method in GET) ;; *) before=$(fingerprint) ;; esac
	for user in public comA comB revP revQ council admin; do
		for t in $targets; do
			allowed=no
			if [ "$user" != public ]; then
				if [ "$roles" = login ]; then
					allowed=yes
				else
					case ",$roles," in *",$(role_of $user),"*) allowed=yes ;; esac
				fi
				if [ $allowed = yes ] && [ "$t" != - ] && ! own "$user" "$t"; then
					allowed=no
				fi
			fi
			[ $allowed = yes ] && continue
			p=$(echo "$pattern" | sed -e "s|{year}|$Y|g" -e 's|{file}|app.css|g' -e 's|{login}|comA|g' -e 's|{code}|1.1|g')
			case $t in
			M) p=$(echo "$p" | sed "s|{id}|$M|") ;;
			D) p=$(echo "$p" | sed "s|{id}|$D|") ;;
			-) ;;
			*) p=$(echo "$p" | sed -e "s|{unit}|$t|" -e 's|{id}|1|') ;;
			esac
			s=$(request "$user" "$method" "$p")
			n_forbidden=$((n_forbidden + 1))
			check "$user $method $p is refused (got $s)" refused "$user" "$p" "$s"
		done
	done
	if [ -n "$before" ]; then
		check "forbidden $method $pattern changed nothing" [ "$(fingerprint)" = "$before" ]
	fi
done <"$LIST"
check "the matrix tried forbidden combinations ($n_forbidden)" [ "$n_forbidden" -gt 200 ]

# Allowed spot checks: the gates do not refuse the right people.
check "revP reads A's review" [ "$(request revP GET /api/v1/assessments/$A/$Y/review)" = 200 ]
check "revQ reads C's review" [ "$(request revQ GET /api/v1/assessments/$C/$Y/review)" = 200 ]
check "council reads meeting M" [ "$(request council GET /hoi-dong/$M)" = 200 ]
check "admin reads decision D" [ "$(request admin GET /quyet-dinh/$D)" = 200 ]
check "comA reads its own assessment" [ "$(request comA GET /api/v1/assessments/$A/$Y)" = 200 ]

kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=""
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
