/* cmd_check.c — `tiepcan check`: integrity, references, audit hash chain. */
#include "cli/cli.h"

#include <getopt.h>
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
			return cli_usage_error("check", "unknown option");
		db = optarg;
	}
	if (optind != argc)
		return cli_usage_error("check", "unexpected argument '%s'", argv[optind]);
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
