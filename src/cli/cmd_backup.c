/* cmd_backup.c — `tiepcan backup PATH`: SQLite online backup. */
#include "cli/cli.h"

#include <stdio.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan backup [--db PATH] BACKUP_PATH\n\n"
		   "Copies the database to BACKUP_PATH while others may be using it (SQLite\n"
		   "online backup). The copy is written beside BACKUP_PATH and renamed into\n"
		   "place when complete, so BACKUP_PATH is never half-written.\n");
}

int cmd_backup(int argc, char **argv)
{
	const char *db;
	int first, rc0 = cli_db_args("backup", argc, argv, usage, &db, &first);
	if (rc0 >= 0)
		return rc0;
	if (first != argc - 1)
		return cli_usage_error("backup", "give exactly one BACKUP_PATH");
	struct tc_err err;
	struct store *st = cli_open_store(db, STORE_OPEN_READONLY, &err);
	if (st == NULL)
		return cli_fail(&err);
	struct cli_progress pr;
	cli_progress_init(&pr, "backup");
	int rc = store_backup(st, argv[first], cli_progress_cb, &pr, &err);
	cli_progress_end(&pr);
	store_close(st);
	if (rc != 0)
		return cli_fail(&err);
	printf("backed up %s to %s\n", cli_db_path(db), argv[first]);
	return 0;
}
