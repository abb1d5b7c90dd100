/* cmd_init.c — `tiepcan init`: create a database and load the shipped
 * administrative units (three lists and the 2025 lineage, embedded). */
#include "cli/cli.h"

#include "app/units.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan init [--db PATH]\n\n"
		   "Creates the database (default ./tiepcan.db or $TIEPCAN_DB) and loads the\n"
		   "administrative units shipped with tiepcan: the lists of 02/2020, 03/2025 and\n"
		   "07/2025 and the 2025 old->new lineage (see data/SOURCES.md).\n"
		   "Refuses to touch an existing file.\n");
}

/* Removes a database that init created and could not finish. */
static void remove_db(const char *path)
{
	char p[4096];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

int cmd_init(int argc, char **argv)
{
	const char *db;
	int first, rc0 = cli_db_args("init", argc, argv, usage, &db, &first);
	if (rc0 >= 0)
		return rc0;
	if (first != argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[first]);
	const char *path = cli_db_path(db);
	if (store_exists(path)) {
		fprintf(stderr, "tiepcan init: %s already exists: choose another --db PATH, or "
			"move the file away first\n", path);
		return 2;
	}
	struct tc_err err;
	struct store *st = cli_open_store(db, STORE_OPEN_CREATE, &err);
	if (st == NULL) {
		remove_db(path);
		return cli_fail(&err);
	}
	struct cli_progress pr;
	cli_progress_init(&pr, "loading units");
	int rc = units_load_shipped(st, cli_progress_cb, &pr, &err);
	cli_progress_end(&pr);
	long n1 = store_unit_count(st, "2020-02", NULL, &err);
	long n2 = store_unit_count(st, "2025-03", NULL, &err);
	long n3 = store_unit_count(st, "2025-07", NULL, &err);
	store_close(st);
	if (rc != 0) {
		remove_db(path);
		return cli_fail(&err);
	}
	printf("created %s: units 2020-02: %ld, 2025-03: %ld, 2025-07: %ld\n", path, n1, n2, n3);
	return 0;
}
