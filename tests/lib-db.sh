# tests/lib-db.sh — the test database on either backend. Sourced (not run) by
# the end-to-end suites, before they change directory:
#
#   . "$(dirname "$0")/lib-db.sh"
#
# With TIEPCAN_TEST_DB unset the suites use SQLite files, as they always did.
# With TIEPCAN_TEST_DB=postgresql://USER@HOST:PORT (a server, no database
# name; tests/suite-pgweb.sh sets it) every db_new creates a fresh, empty
# PostgreSQL database on that server, so each suite, and each database within
# a suite, is isolated from the others.
#
#   DB=$(db_new "$T/db.sqlite")   a new empty database: on SQLite the path
#                                 itself; on PostgreSQL the URL of a database
#                                 created for it (the name derives from the path,
#                                 which mktemp made unique)
#   db_sql DB "SQL"               runs SQL (several statements allowed) and
#                                 prints the rows as the sqlite3 shell does:
#                                 columns joined by |, no header
#   db_is_pg DB                   true when DB is a PostgreSQL URL
#   db_init BIN DB, db_demo BIN DB  `BIN init|demo --db DB` (see below)
#
# SQL given to db_sql should mean the same on both backends (RETURNING, not
# last_insert_rowid()). The suites' independent checking queries were written
# for the sqlite3 shell, so on PostgreSQL db_sql also sees a schema
# sqlite_compat holding the few SQLite functions they use, with SQLite's
# meaning: group_concat(x[, sep]), sum(boolean), printf('%g' | '%.Nf', x),
# two-argument min/max. It is on db_sql's search_path only: tiepcan's own
# connections never see it, so product SQL cannot come to depend on it.
# Blob literals differ (x'..' is a bit string in PostgreSQL): branch on
# db_is_pg there.
#
# A throw-away PostgreSQL server, for suite-pg.sh and suite-pgweb.sh:
#
#   pg_start DIR   installs Debian's postgresql if missing (as root), initdb
#                  in DIR/pg (owned by the system user postgres when root:
#                  initdb refuses root), starts it on 127.0.0.1 on a free port
#                  with trust authentication for user tiepcan, fsync off (a
#                  test cluster: durability is not under test). Sets
#                  PG_SERVER (the URL without a database). On failure returns
#                  1 with the reason in PG_ERROR and the server log printed.
#   pg_stop        stops it (immediate); safe to call twice or when never
#                  started.
#   pg_psql DB SQL runs SQL on database DB of PG_SERVER (default: postgres).

PG_BIN=
for _d in /usr/lib/postgresql/*/bin; do
	[ -x "$_d/psql" ] && PG_BIN=$_d
done
PG_SERVER=
PG_DATA=
PG_AS=
PG_ERROR=

db_is_pg() {
	case $1 in postgres://* | postgresql://*) return 0 ;; esac
	return 1
}

_db_psql() { # URL SQL — psql quiet, unaligned, tuples only, stop on error
	printf '%s\n' "$2" | "${PG_BIN:+$PG_BIN/}psql" -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -f -
}

# SQLite's meaning, for the suites' checking queries only (see above).
_DB_COMPAT="CREATE SCHEMA sqlite_compat;
CREATE FUNCTION sqlite_compat.gc_step(text, anyelement, text) RETURNS text
	LANGUAGE sql IMMUTABLE AS
	\$\$SELECT CASE WHEN \$2 IS NULL THEN \$1 WHEN \$1 IS NULL THEN \$2::text
		ELSE \$1 || \$3 || \$2::text END\$\$;
CREATE FUNCTION sqlite_compat.gc_step(text, anyelement) RETURNS text
	LANGUAGE sql IMMUTABLE AS \$\$SELECT sqlite_compat.gc_step(\$1, \$2, ',')\$\$;
CREATE AGGREGATE sqlite_compat.group_concat(anyelement, text)
	(SFUNC = sqlite_compat.gc_step, STYPE = text);
CREATE AGGREGATE sqlite_compat.group_concat(anyelement)
	(SFUNC = sqlite_compat.gc_step, STYPE = text);
CREATE FUNCTION sqlite_compat.bool_step(bigint, boolean) RETURNS bigint
	LANGUAGE sql IMMUTABLE AS \$\$SELECT CASE WHEN \$2 IS NULL THEN \$1
		ELSE COALESCE(\$1, 0) + \$2::int END\$\$;
CREATE AGGREGATE sqlite_compat.sum(boolean) (SFUNC = sqlite_compat.bool_step, STYPE = bigint);
CREATE FUNCTION sqlite_compat.printf(text, numeric) RETURNS text LANGUAGE sql IMMUTABLE AS
	\$\$SELECT CASE WHEN \$1 = '%g' THEN trim_scale(round(\$2, 6))::text
		WHEN \$1 ~ '^%\\.[0-9]f\$' THEN round(\$2, substr(\$1, 3, 1)::int)::text
		END\$\$;
CREATE FUNCTION sqlite_compat.min(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE
	AS \$\$SELECT LEAST(\$1, \$2)\$\$;
CREATE FUNCTION sqlite_compat.max(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE
	AS \$\$SELECT GREATEST(\$1, \$2)\$\$;
CREATE FUNCTION sqlite_compat.min(bigint, bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
	AS \$\$SELECT LEAST(\$1, \$2)\$\$;
CREATE FUNCTION sqlite_compat.max(bigint, bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
	AS \$\$SELECT GREATEST(\$1, \$2)\$\$;
CREATE FUNCTION sqlite_compat.min(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
	AS \$\$SELECT LEAST(\$1, \$2)\$\$;
CREATE FUNCTION sqlite_compat.max(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
	AS \$\$SELECT GREATEST(\$1, \$2)\$\$;"

db_sql() { # DB SQL
	if db_is_pg "$1"; then
		_db_psql "$1" "SET search_path = public, sqlite_compat;
$2"
	else
		sqlite3 -batch -noheader "$1" "$2"
	fi
}

db_create() { # SERVER NAME [TEMPLATE] — a new PostgreSQL database
	if [ -n "${3:-}" ]; then
		_db_psql "$1/postgres" "CREATE DATABASE $2 TEMPLATE $3" >&2
		return
	fi
	_db_psql "$1/postgres" "CREATE DATABASE $2" >&2 && _db_psql "$1/$2" "$_DB_COMPAT" >&2
}

db_new() { # PATH -> prints the database to use
	if [ -z "${TIEPCAN_TEST_DB:-}" ]; then
		printf '%s\n' "$1"
		return 0
	fi
	_n=$(basename "$1" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z' | cut -c1-20)
	_n=t_$(printf '%s' "$1" | cksum | cut -d' ' -f1)_$_n
	db_create "${TIEPCAN_TEST_DB%/}" "$_n" || return 1
	[ -z "${TIEPCAN_TEST_DBLOG:-}" ] || echo "$_n" >>"$TIEPCAN_TEST_DBLOG"
	printf '%s/%s\n' "${TIEPCAN_TEST_DB%/}" "$_n"
}

# db_init BIN DB / db_demo BIN DB: `BIN init --db DB` / `BIN demo --db DB`.
# On PostgreSQL with TIEPCAN_TEST_TEMPLATES=1 (set by suite-pgweb.sh, which
# ran the real command once into t_tpl_init / t_tpl_demo and checked it), DB
# becomes a copy of that database instead (CREATE DATABASE ... TEMPLATE):
# loading 25,000 units statement by statement over libpq takes 10-50 s on a
# loaded machine, a copy about one.
_db_make() { # init|demo BIN DB
	if [ "${TIEPCAN_TEST_TEMPLATES:-}" = 1 ] && db_is_pg "$3"; then
		_db_psql "${3%/*}/postgres" "DROP DATABASE ${3##*/}" >&2 &&
			db_create "${3%/*}" "${3##*/}" "t_tpl_$1" &&
			echo "created $3 (a copy of t_tpl_$1, made by tiepcan $1)"
		return
	fi
	"$2" "$1" --db "$3"
}
db_init() { _db_make init "$@"; }
db_demo() { _db_make demo "$@"; }

pg_psql() { # SQL [DB]
	_db_psql "$PG_SERVER/${2:-postgres}" "$1"
}

_pg_install() {
	[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		PG_ERROR="PostgreSQL is not installed (apt-get install postgresql) and this is not root"
		return 1
	fi
	echo "lib-db: installing postgresql" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1; } ||
		{ PG_ERROR="apt-get install postgresql failed"; return 1; }
	for _d in /usr/lib/postgresql/*/bin; do
		[ -x "$_d/initdb" ] && PG_BIN=$_d
	done
	[ -n "$PG_BIN" ] || { PG_ERROR="postgresql installed but no initdb found"; return 1; }
}

pg_start() { # DIR
	_pg_install || return 1
	PG_AS=
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql \
			--shell /usr/sbin/nologin postgres ||
			{ PG_ERROR="cannot create the postgres user"; return 1; }
		PG_AS="runuser -u postgres --"
	fi
	chmod 755 "$1"
	mkdir -p "$1/pg"
	[ -z "$PG_AS" ] || chown postgres "$1/pg"
	PG_DATA=$1/pg/data
	$PG_AS "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U tiepcan -E UTF8 --locale=C.UTF-8 \
		>"$1/pg/initdb.log" 2>&1 ||
		{ cat "$1/pg/initdb.log"; PG_DATA=; PG_ERROR="initdb failed"; return 1; }
	for _try in 1 2 3 4 5 6 7 8; do
		_port=$((20000 + ($$ * 7 + _try * 997) % 30000))
		if $PG_AS "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$1/pg/log" -w -t 30 -o "-c listen_addresses=127.0.0.1 \
			-p $_port -c unix_socket_directories=$1/pg -c fsync=off -c synchronous_commit=off \
			-c full_page_writes=off -c max_connections=100" start >/dev/null 2>&1; then
			PG_SERVER=postgresql://tiepcan@127.0.0.1:$_port
			return 0
		fi
	done
	cat "$1/pg/log"
	PG_ERROR="PostgreSQL did not start"
	return 1
}

pg_stop() {
	if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
		$PG_AS "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1
	fi
	PG_DATA=
	PG_SERVER=
}
