/* cmd_backup.c — `tiepcan backup PATH`: SQLite online backup. */
#include "cli/cli.h"

#include <getopt.h>
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
			return cli_usage_error("backup", "unknown option");
		db = optarg;
	}
	if (optind != argc - 1)
		return cli_usage_error("backup", "give exactly one BACKUP_PATH");
	struct tc_err err;
	struct store *st = cli_open_store(db, STORE_OPEN_READONLY, &err);
	if (st == NULL)
		return cli_fail(&err);
	struct cli_progress pr;
	cli_progress_init(&pr, "backup");
	int rc = store_backup(st, argv[optind], cli_progress_cb, &pr, &err);
	cli_progress_end(&pr);
	store_close(st);
	if (rc != 0)
		return cli_fail(&err);
	printf("backed up %s to %s\n", cli_db_path(db), argv[optind]);
	return 0;
}
