/* cli_store.c — helpers shared by the commands that use the database:
 * the --db default, opening the store, and the progress bar. */
#include "cli/cli.h"

#include <getopt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *cli_db_path(const char *opt)
{
	if (opt && opt[0])
		return opt;
	const char *env = getenv("TIEPCAN_DB");
	return env && env[0] ? env : "./tiepcan.db";
}

struct store *cli_open_store(const char *opt, int flags, struct tc_err *err)
{
	struct store *st = store_open(cli_db_path(opt), flags, err);
	if (st == NULL)
		return NULL;
	/* TIEPCAN_BUSY_MS: how long to wait for a lock (tests use a short one). */
	const char *busy = getenv("TIEPCAN_BUSY_MS");
	if (busy && busy[0]) {
		char *end;
		long ms = strtol(busy, &end, 10);
		if (*end == '\0' && ms >= 0 && ms <= 600000)
			store_set_busy_timeout(st, (int)ms);
	}
	const char *user = getenv("USER");
	char actor[64];
	snprintf(actor, sizeof actor, "cli:%.50s", user && user[0] ? user : "unknown");
	if (store_set_actor(st, actor, err) != 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(struct cli_progress *p, const char *label)
{
	p->label = label;
	p->start = mono_now();
	p->tty = isatty(STDERR_FILENO);
	p->drawn = 0;
	p->last = -1;
}

/* Draws only on a terminal and only once the work has taken over a second,
 * so quick runs and pipes stay quiet. */
void cli_progress_cb(long done, long total, void *ctx)
{
	struct cli_progress *p = ctx;
	if (p == NULL || !p->tty || total <= 0 || mono_now() - p->start < 1.0)
		return;
	long pct = done >= total ? 100 : done * 100 / total;
	if (pct == p->last)
		return; /* redraw only when the figure changes */
	p->last = pct;
	int width = 30;
	long fill = done >= total ? width : done * width / total;
	char bar[32];
	for (int i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : ' ';
	bar[width] = '\0';
	fprintf(stderr, "\r%s [%s] %3ld%%", p->label, bar, pct);
	fflush(stderr);
	p->drawn = 1;
}

void cli_progress_end(struct cli_progress *p)
{
	if (p->drawn)
		fprintf(stderr, "\r\033[K");
	p->drawn = 0;
}

int cli_db_args(const char *cmd, int argc, char **argv, void (*usage)(FILE *), const char **db,
		int *first)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	int c;
	*db = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c != 'd')
			return cli_usage_error(cmd, "unknown option");
		*db = optarg;
	}
	*first = optind;
	return -1;
}
