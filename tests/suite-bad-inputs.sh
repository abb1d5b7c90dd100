#!/bin/sh
# suite-bad-inputs.sh BIN — runs the bad-input catalogue
# (tests/bad-inputs/MANIFEST; the format is described there): every entry
# must give its exit status (or HTTP status) and message, print nothing on
# stdout when it fails, and leave the fixture database exactly as it was
# (SQL dump, audit count, export of the stored scores).
# Needs sqlite3 and curl.
set -u
BIN=${1:?usage: suite-bad-inputs.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
F=$HERE/bad-inputs/files
T=$(mktemp -d)
chmod 755 "$T"
spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
unset TIEPCAN_DB
pass=0
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

DB=$T/db
# The fingerprint of everything stored: the SQL dump (units, scores, audit
# rows with their hashes), the audit count and the export of the scores.
fp() {
	{ sqlite3 "$DB" .dump; sqlite3 "$DB" "SELECT count(*) FROM audit"
	  "$BIN" export scores --year 2018 --format input --db "$DB"; } 2>&1 | sha256sum
}

# ---- fixture and generated inputs ----------------------------------------------
"$BIN" init --db "$DB" >/dev/null 2>init.err || { cat init.err; echo "0 passed, 1 failed"; exit 1; }
"$BIN" import scores "$F/good-base.csv" --db "$DB" >/dev/null 2>>init.err ||
	{ cat init.err; echo "0 passed, 1 failed"; exit 1; }
{ echo 'unit,year,item,field,value'; printf '01417,2018,1,points,'
  head -c 2000000 /dev/zero | tr '\0' 1; echo; } >huge-line.csv
{ echo 'unit,year,item,field,value'; head -c 1100000 /dev/zero | tr '\0' x
  echo ',2018,1,points,1'; } >huge-unit.csv
head -c 150000 /dev/zero | tr '\0' a >big-body.txt
cp "$F/good-base.csv" unreadable.csv
chmod 000 unreadable.csv
cp "$DB" ro.db
chmod 444 ro.db
echo 'not a database' >notdb
mkdir rd && printf 'ruleset x\n' >rd/x.rules
# The shipped qd25-2021 with its version and another title (`rules add`).
awk '!d && /^title /{print "title Khác"; d=1; next} {print}' "$HERE/../rules/qd25-2021.rules" >same-version.rules
# Permission checks mean nothing to root: run those as nobody.
AS_OTHER=
if [ "$(id -u)" -eq 0 ]; then
	AS_OTHER="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
export BIN DB F T AS_OTHER

"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --max-body 100000 --quiet >srv.out 2>srv.err &
spid=$!
URL=
for _ in $(seq 240); do # up to a minute: the server starts slowly under load
	URL=$(sed -n 's|^tiepcan: listening on \(http://[^ ]*\)/$|\1|p' srv.out)
	[ -n "$URL" ] && break
	sleep 0.25
done
[ -n "$URL" ] || { bad "server did not start: $(cat srv.err)"; }
export URL

# ---- the catalogue ---------------------------------------------------------------
before=$(fp)
n=0
while IFS= read -r line; do
	case $line in '#'* | '') continue ;; esac
	name=$(echo "$line" | sed 's/ | .*//')
	want=$(echo "$line" | cut -d'|' -f2 | sed 's/^ *//; s/ *$//')
	msg=$(echo "$line" | cut -d'|' -f3 | sed 's/^ //; s/ $//')
	cmd=$(echo "$line" | cut -d'|' -f4- | sed 's/^ //')
	n=$((n + 1))
	case $want in
	http:*)
		code=$(eval "curl -s --path-as-is --max-time 20 -o out -w '%{http_code}' $cmd" 2>err)
		[ "$code" = "${want#http:}" ] || { bad "$name: HTTP $code, want ${want#http:}"; continue; }
		[ -z "$msg" ] || grep -qF -- "$msg" out || { bad "$name: response lacks '$msg'"; continue; }
		;;
	*)
		sh -c "$cmd" >out 2>err </dev/null
		rc=$?
		[ "$rc" = "$want" ] || { bad "$name: exit $rc, want $want: $(head -c 300 err)"; continue; }
		[ -z "$msg" ] || grep -qF -- "$msg" err || { bad "$name: stderr lacks '$msg': $(head -c 300 err)"; continue; }
		[ "$rc" -eq 0 ] || [ ! -s out ] || { bad "$name: output on stdout on error"; continue; }
		;;
	esac
	after=$(fp)
	[ "$after" = "$before" ] || { bad "$name: the database changed"; before=$after; continue; }
	pass=$((pass + 1))
done <"$HERE/bad-inputs/MANIFEST"

[ "$n" -ge 50 ] && pass=$((pass + 1)) || bad "only $n catalogue entries (want at least 50)"
"$BIN" check --db "$DB" >out 2>err && pass=$((pass + 1)) || bad "check after the catalogue: $(cat err)"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM unit")" -gt 20000 ] && pass=$((pass + 1)) ||
	bad "the unit table lost rows"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
