/* cmd_copy.c — `tiepcan copy --from DB --to DB`: move a deployment between
 * SQLite and PostgreSQL, verified per table by row counts and checksums. */
#include "cli/cli.h"

#include "util/buf.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan copy --from PATH|URL --to PATH|URL\n\n"
		   "Copies a whole tiepcan database into a new one: every table, row and id,\n"
		   "the evidence files and the audit log exactly as they are (its hash chain\n"
		   "still verifies). Either side is a SQLite file or a PostgreSQL URL\n"
		   "(postgres://USER@HOST:PORT/DB), typically SQLite -> PostgreSQL when a\n"
		   "deployment outgrows one machine. The target must be new or empty; it is\n"
		   "written in one transaction and checked before the commit: for each table\n"
		   "the rows and a checksum of the source and the target are printed and must\n"
		   "match, else nothing is written. Stop the servers using the source first.\n");
}

/* One line per table into the buffer (ctx). */
static void add_line(const char *table, long rf, const char *sf, long rt, const char *st,
		     void *ctx)
{
	int same = rf == rt && strcmp(sf, st) == 0;
	buf_printf(ctx, "%-18s %8ld rows  %.16s  %8ld rows  %.16s  %s\n", table, rf, sf, rt, st,
		   same ? "ok" : "DIFFERENT");
}

int cmd_copy(int argc, char **argv)
{
	static const struct option opts[] = {{"from", required_argument, NULL, 'f'},
					     {"to", required_argument, NULL, 't'},
					     {"help", no_argument, NULL, 'h'},
					     {0, 0, 0, 0}};
	const char *from = NULL, *to = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:t:h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c == 'f')
			from = optarg;
		else if (c == 't')
			to = optarg;
		else
			return cli_usage_error("copy", "unknown option");
	}
	if (optind != argc)
		return cli_usage_error("copy", "unexpected argument '%s'", argv[optind]);
	if (from == NULL || to == NULL)
		return cli_usage_error("copy", "both --from and --to are needed");
	struct tc_err err;
	/* The table goes to stdout only once the copy is committed; on failure
	 * it goes to stderr with the error and stdout stays empty. */
	struct buf out;
	buf_init(&out, 1 << 20);
	int rc = store_copy(from, to, add_line, &out, &err);
	FILE *f = rc == 0 ? stdout : stderr;
	if (buf_len(&out))
		fprintf(f, "%-18s %13s  %-16s  %13s  %-16s\n%s", "table", "source", "checksum",
			"target", "checksum", buf_cstr(&out));
	buf_free(&out);
	if (rc != 0)
		return cli_fail(&err);
	printf("copied %s to %s: every table verified\n", from, to);
	return 0;
}
