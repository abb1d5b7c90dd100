#!/bin/sh
# suite-deb.sh BIN — the Debian package: built from BIN with
# scripts/make-deb.sh (what `make deb` runs), its contents and metadata, the
# man page (renders without warnings, documents every command), the binary
# run from an extracted copy, then — as root, when no tiepcan package or
# state is already on this machine — installed with dpkg -i: the user, the
# state directory and database, the binary serving, `systemd-analyze
# verify` on the unit (skipped with a message if unavailable), and removed
# with dpkg -P, leaving the machine as it was.
# Plain build only (BUILD=build).
set -u
BIN=${1:?usage: suite-deb.sh BIN}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
BUILD=${BUILD:-build}
if [ "$(basename "$BUILD")" != build ]; then
	echo "suite-deb: packaging is tested for the plain build only (BUILD=build)"
	echo "0 passed, 0 failed"
	exit 0
fi
SRC=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # description command...
	what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}
T=$(mktemp -d)
chmod 755 "$T"
SRV=""
installed_here=0
made_user=0
made_state=0
cleanup() {
	for p in $SRV; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	if [ $installed_here -eq 1 ]; then
		dpkg -P tiepcan >/dev/null 2>&1
		[ $made_state -eq 0 ] || rm -rf /var/lib/tiepcan
		[ $made_user -eq 0 ] || { userdel tiepcan 2>/dev/null; groupdel tiepcan 2>/dev/null; }
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cd "$T" || exit 1

# ---- build ---------------------------------------------------------------------
DEB=$(sh "$SRC/scripts/make-deb.sh" "$BIN" 0.1.0 "$T/pkg" 2>build.err)
check "make-deb.sh builds a package" [ -f "$DEB" ]
[ -f "$DEB" ] || { cat build.err; echo "$pass passed, $fail failed"; exit 1; }
dpkg-deb --info "$DEB" >info
dpkg-deb --contents "$DEB" >contents
for f in ./usr/bin/tiepcan ./lib/systemd/system/tiepcan.service ./etc/tiepcan/tiepcan.conf \
	./usr/share/man/man1/tiepcan.1.gz ./usr/share/doc/tiepcan/copyright \
	./usr/share/doc/tiepcan/nginx-tiepcan.conf; do
	check "package contains $f" grep -q " $f\$" contents
done
check "files are owned by root" sh -c '! grep -v "root/root" contents | grep -q .'
check "control: depends on libpq5" grep -q 'Depends:.*libpq5' info
check "control: depends on libsqlite3-0" grep -q 'Depends:.*libsqlite3-0' info
check "control: config is a conffile" sh -c 'dpkg-deb -e "$0" ctl && grep -qx /etc/tiepcan/tiepcan.conf ctl/conffiles' "$DEB"
check "control: maintainer scripts are sh-clean" sh -n ctl/postinst
check "unit: hardened" sh -c 'grep -q "^ProtectSystem=strict" "$0" && grep -q "^NoNewPrivileges=yes" "$0" && grep -q "^PrivateTmp=yes" "$0" && grep -q "^ReadWritePaths=/var/lib/tiepcan" "$0" && grep -q "^User=tiepcan" "$0"' "$SRC/deploy/tiepcan.service"

# ---- the man page --------------------------------------------------------------
preconv "$SRC/doc/tiepcan.1" | groff -man -Tutf8 -ww -z 2>man.err
check "man page renders without warnings" [ ! -s man.err ]
[ -s man.err ] && cat man.err
"$BIN" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' >cmds
check "tiepcan --help lists commands" [ -s cmds ]
while read -r c; do
	pat=$(echo "$c" | sed 's/-/\\\\-/g')
	check "man page documents '$c'" grep -Eq "^\.(B|BR) $pat( |\$)" "$SRC/doc/tiepcan.1"
done <cmds

# ---- the binary from the package --------------------------------------------------
mkdir root
dpkg-deb -x "$DEB" root
root/usr/bin/tiepcan --help >out 2>&1
check "packaged binary runs (--help)" grep -q 'usage: tiepcan COMMAND' out
check "packaged binary is stripped" sh -c '! file "$0" | grep -q "not stripped"' root/usr/bin/tiepcan
zcat root/usr/share/man/man1/tiepcan.1.gz | cmp -s - "$SRC/doc/tiepcan.1"
check "packaged man page is doc/tiepcan.1" [ $? -eq 0 ]

# ---- install on this machine (root only, and only if it has no tiepcan) -----------
if [ "$(id -u)" -ne 0 ]; then
	echo "suite-deb: not root: dpkg -i skipped"
elif dpkg -s tiepcan >/dev/null 2>&1 || [ -e /var/lib/tiepcan ] || [ -e /etc/tiepcan ]; then
	echo "suite-deb: a tiepcan package or its files are already on this machine: dpkg -i skipped"
else
	getent passwd tiepcan >/dev/null || made_user=1
	made_state=1
	installed_here=1
	dpkg -i "$DEB" >dpkg.out 2>&1
	rc=$?
	check "dpkg -i: exit 0" [ $rc -eq 0 ]
	[ $rc -eq 0 ] || cat dpkg.out
	check "installed: /usr/bin/tiepcan runs" sh -c '/usr/bin/tiepcan --version | grep -q tiepcan'
	check "installed: system user tiepcan" sh -c "getent passwd tiepcan >/dev/null"
	check "installed: state directory owned by tiepcan" [ "$(stat -c %U /var/lib/tiepcan)" = tiepcan ]
	check "installed: default database created" [ -f /var/lib/tiepcan/tiepcan.db ]
	runuser -u tiepcan -- /usr/bin/tiepcan check --db /var/lib/tiepcan/tiepcan.db >out 2>&1
	check "installed: the database checks" grep -q '^ok:' out
	check "installed: man tiepcan" sh -c 'man -w tiepcan | grep -q /usr/share/man/man1/tiepcan.1.gz'
	# The service's command line, as the service user, briefly.
	set -a
	. /etc/tiepcan/tiepcan.conf
	set +a
	runuser -u tiepcan -- /usr/bin/tiepcan migrate --db "$TIEPCAN_DB" >out 2>&1
	check "ExecStartPre (migrate) succeeds" grep -q 'up to date' out
	runuser -u tiepcan -- /usr/bin/tiepcan serve --db "$TIEPCAN_DB" --listen 127.0.0.1:0 \
		$TIEPCAN_SERVE_OPTS >srv.out 2>srv.err &
	SRV="$SRV $!"
	i=0
	while ! grep -q listening srv.out 2>/dev/null && [ $i -lt 600 ]; do i=$((i + 1)); sleep 0.1; done
	U=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' srv.out)
	check "installed: serve starts as user tiepcan" [ -n "$U" ]
	check "installed: serve answers" sh -c 'curl -sf "$0/" | grep -q "tiepcan\|Quy tắc"' "$U"
	if command -v systemd-analyze >/dev/null 2>&1; then
		systemd-analyze verify /lib/systemd/system/tiepcan.service >verify.out 2>&1
		rc=$?
		check "systemd-analyze verify tiepcan.service" [ $rc -eq 0 ]
		[ $rc -eq 0 ] || cat verify.out
	else
		echo "suite-deb: systemd-analyze not available: unit verification skipped"
	fi
	for p in $SRV; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	SRV=""
	dpkg -P tiepcan >out 2>&1
	check "dpkg -P: exit 0" [ $? -eq 0 ]
	check "removed: no /usr/bin/tiepcan" [ ! -e /usr/bin/tiepcan ]
	check "removed: no /etc/tiepcan after purge" [ ! -e /etc/tiepcan/tiepcan.conf ]
	check "removed: the database is kept" [ -f /var/lib/tiepcan/tiepcan.db ]
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
