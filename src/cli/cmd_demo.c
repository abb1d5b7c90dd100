/* cmd_demo.c — `tiepcan demo`: create the demo database (Cao Bằng 2018-2026,
 * synthetic figures, see src/app/demo.h). */
#include "cli/cli.h"

#include "app/demo.h"
#include "app/registry.h"
#include "app/units.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan demo [--db PATH] [--seed N]\n\n"
		   "Creates a new database (like 'tiepcan init') and fills it with a demo of\n"
		   "Cao Bằng: the 2018 pilot (Sóc Hà, Đại Sơn) under QĐ 619/QĐ-TTg and a\n"
		   "history 2018-2026 of every commune of the province across the 2020 and\n"
		   "2025 reforms, with a few officials per commune.\n"
		   "DỮ LIỆU MINH HỌA: every figure and name is synthetic (source\n"
		   "'synthetic-demo'), generated from the seed (default %" PRIu64 "): the same\n"
		   "seed gives the same content.\n", DEMO_SEED);
}

static void remove_db(const char *path)
{
	char p[4096];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static int run(const char *db, uint64_t seed)
{
	const char *path = cli_db_path(db);
	if (store_exists(path)) {
		fprintf(stderr, "tiepcan demo: %s already exists: choose another --db PATH, or "
			"move the file away first\n", path);
		return 2;
	}
	struct tc_err err;
	struct reg *reg = reg_load(NULL, &err);
	if (reg == NULL)
		return cli_fail(&err);
	struct store *st = cli_open_store(db, STORE_OPEN_CREATE, &err);
	int rc = st ? 0 : -1;
	struct cli_progress pr;
	cli_progress_init(&pr, "demo");
	if (rc == 0)
		rc = units_load_shipped(st, cli_progress_cb, &pr, &err);
	if (rc == 0)
		rc = demo_build(st, reg, seed, cli_progress_cb, &pr, &err);
	cli_progress_end(&pr);
	store_close(st);
	reg_free(reg);
	if (rc != 0) {
		remove_db(path);
		return cli_fail(&err);
	}
	printf("created %s: demo of Cao Bằng 2018-2026 (DỮ LIỆU MINH HỌA — synthetic, seed %"
	       PRIu64 ")\n", path, seed);
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"seed", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	const char *db = NULL;
	uint64_t seed = DEMO_SEED;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:h", opts, NULL)) != -1) {
		char *end;
		if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == 'd') {
			db = optarg;
		} else if (c == 's') {
			seed = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || *optarg == '-')
				return cli_usage_error("demo", "--seed must be a whole number");
		} else {
			return cli_usage_error("demo", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);
	return run(db, seed);
}
