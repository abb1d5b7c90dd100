#!/bin/sh
# make-deb.sh BIN VERSION OUT_DIR — builds the Debian package of tiepcan with
# dpkg-deb (no debhelper: the package is one binary plus a few files, and
# this script is all there is to read). Prints the path of the .deb.
#
# Contents: /usr/bin/tiepcan, /lib/systemd/system/tiepcan.service,
# /etc/tiepcan/tiepcan.conf (conffile), /usr/share/man/man1/tiepcan.1.gz,
# /usr/share/doc/tiepcan/{copyright,DEPLOY.md,nginx-tiepcan.conf,...}.
# Depends: the packages that ship the shared libraries the binary links
# (found with ldd + dpkg -S, so the list follows the build).
# Maintainer scripts: deploy/debian/{postinst,prerm,postrm}.
set -eu
BIN=${1:?usage: make-deb.sh BIN VERSION OUT_DIR}
VERSION=${2:?usage: make-deb.sh BIN VERSION OUT_DIR}
OUT=${3:?usage: make-deb.sh BIN VERSION OUT_DIR}
SRC=$(cd "$(dirname "$0")/.." && pwd)
ARCH=$(dpkg --print-architecture)
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
umask 022

install -d "$ROOT/DEBIAN" "$ROOT/usr/bin" "$ROOT/lib/systemd/system" "$ROOT/etc/tiepcan" \
	"$ROOT/usr/share/man/man1" "$ROOT/usr/share/doc/tiepcan"
install -m 0755 "$BIN" "$ROOT/usr/bin/tiepcan"
strip --strip-unneeded "$ROOT/usr/bin/tiepcan"
install -m 0644 "$SRC/deploy/tiepcan.service" "$ROOT/lib/systemd/system/tiepcan.service"
install -m 0644 "$SRC/deploy/tiepcan.conf" "$ROOT/etc/tiepcan/tiepcan.conf"
gzip -9n <"$SRC/doc/tiepcan.1" >"$ROOT/usr/share/man/man1/tiepcan.1.gz"
for f in docs/DEPLOY.md docs/STORE.md; do
	[ -f "$SRC/$f" ] && install -m 0644 "$SRC/$f" "$ROOT/usr/share/doc/tiepcan/"
done
install -m 0644 "$SRC/deploy/nginx/tiepcan.conf" "$ROOT/usr/share/doc/tiepcan/nginx-tiepcan.conf"
cat >"$ROOT/usr/share/doc/tiepcan/copyright" <<'EOT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: tiepcan
Comment: Rule sets cite Vietnamese legal documents (public, not copyrightable
 under Art. 15 of the Law on Intellectual Property); administrative unit lists
 from the General Statistics Office, see data/SOURCES.md in the source.

Files: *
Copyright: 2026 the tiepcan authors
License: see the source repository
EOT
printf '%s\n' /etc/tiepcan/tiepcan.conf >"$ROOT/DEBIAN/conffiles"
for s in postinst prerm postrm; do
	install -m 0755 "$SRC/deploy/debian/$s" "$ROOT/DEBIAN/$s"
done

# Runtime dependencies: the Debian packages of the linked libraries.
deps=$(ldd "$BIN" | awk '/=> \// { print $3 }' | while read -r lib; do
	real=$(readlink -f "$lib")
	dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null || true
done | cut -d: -f1 | sort -u | tr '\n' ' ')
depends=$(echo "$deps" | sed 's/ *$//; s/ /, /g')
size=$(du -sk "$ROOT" | cut -f1)
cat >"$ROOT/DEBIAN/control" <<EOT
Package: tiepcan
Version: $VERSION
Architecture: $ARCH
Maintainer: tiepcan maintainers <tiepcan@localhost>
Installed-Size: $size
Depends: adduser, $depends
Recommends: nginx
Suggests: postgresql, sqlite3
Section: misc
Priority: optional
Homepage: https://localhost/tiepcan
Description: assessment of communes meeting the legal access standard
 tiepcan runs the annual assessment and recognition of communes (xã, phường,
 đặc khu) that meet the legal access standard ("đạt chuẩn tiếp cận pháp
 luật"): self-assessment with evidence, public posting, council review,
 recognition, lists and reports. Web application and command line; SQLite
 on one machine or PostgreSQL for several application servers.
EOT
mkdir -p "$OUT"
deb="$OUT/tiepcan_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$deb" >/dev/null
echo "$deb"
