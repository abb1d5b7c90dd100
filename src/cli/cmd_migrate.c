/* cmd_migrate.c — `tiepcan migrate`: apply pending schema migrations to a
 * SQLite file or a PostgreSQL database. */
#include "cli/cli.h"

#include <getopt.h>
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
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	const char *db = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c != 'd')
			return cli_usage_error("migrate", "unknown option");
		db = optarg;
	}
	if (optind != argc)
		return cli_usage_error("migrate", "unexpected argument '%s'", argv[optind]);
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
