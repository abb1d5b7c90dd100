/* cmd_migrate.c — `tiepcan migrate`: apply pending schema migrations to a
 * SQLite file or a PostgreSQL database. */
#include "cli/cli.h"

#include <stdio.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan migrate [--db PATH|URL]\n\n"
		   "Applies the schema migrations this tiepcan knows and the database has not\n"
		   "had yet, each in its own transaction. --db is a SQLite file or a\n"
		   "PostgreSQL URL (postgres://USER@HOST:PORT/DB; default $TIEPCAN_DB, else\n"
		   "./tiepcan.db). On PostgreSQL an empty database (created by the DBA with\n"
		   "createdb) gets the whole schema. Every other command also migrates on\n"
		   "opening; run this one during an upgrade, before starting the servers.\n");
}

int cmd_migrate(int argc, char **argv)
{
	const char *db;
	int first, rc0 = cli_db_args("migrate", argc, argv, usage, &db, &first);
	if (rc0 >= 0)
		return rc0;
	if (first != argc)
		return cli_usage_error("migrate", "unexpected argument '%s'", argv[first]);
	struct tc_err err;
	int before, after;
	if (store_migrate(cli_db_path(db), &before, &after, &err) != 0)
		return cli_fail(&err);
	if (before == after)
		printf("%s: schema version %d, up to date\n", cli_db_path(db), after);
	else
		printf("%s: schema version %d -> %d\n", cli_db_path(db), before, after);
	return 0;
}
