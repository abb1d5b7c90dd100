/* cmd_check.c — `tiepcan check`: integrity, references, audit hash chain. */
#include "cli/cli.h"

#include <stdio.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan check [--db PATH]\n\n"
		   "Verifies the database: SQLite's integrity check, that every reference\n"
		   "points to an existing row, and that the audit log's hash chain is\n"
		   "unbroken (no entry altered, removed or inserted). Exit 0 if all is well.\n");
}

int cmd_check(int argc, char **argv)
{
	const char *db;
	int first, rc0 = cli_db_args("check", argc, argv, usage, &db, &first);
	if (rc0 >= 0)
		return rc0;
	if (first != argc)
		return cli_usage_error("check", "unexpected argument '%s'", argv[first]);
	struct tc_err err;
	struct store *st = cli_open_store(db, STORE_OPEN_READONLY, &err);
	if (st == NULL)
		return cli_fail(&err);
	long n = 0;
	int rc = store_check(st, &n, &err);
	store_close(st);
	if (rc != 0)
		return cli_fail(&err);
	printf("ok: %s: integrity, references and audit log (%ld entries) verified\n",
	       cli_db_path(db), n);
	return 0;
}
