/* cmd_dashboard.c — `tiepcan dashboard --year Y [--province P] [--chart NAME]
 * [--public]`: the dashboard's figures (JSON, the same as GET
 * /api/v1/dashboard) or one of its SVG charts, live from the database. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "report/dash.h"
#include "util/buf.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan dashboard --year Y [--province P] [--chart NAME] [--public] [--db PATH]\n\n"
		   "Prints the dashboard of year Y for the whole country or province P\n"
		   "(2-digit code) as JSON, or with --chart one SVG chart (ty-le, xu-huong,\n"
		   "pho-diem, chi-tieu-yeu, o-xa, thi-diem, thi-diem-diem). Integrity flags,\n"
		   "gaps by reviewer and early warnings are included unless --public (what\n"
		   "anonymous web visitors get).\n");
}

static int run(const char *db, int year, const char *prov, const char *chart, int internal)
{
	struct tc_err err;
	struct store *st = cli_open_store(db, STORE_OPEN_READONLY, &err);
	if (st == NULL)
		return cli_fail(&err);
	/* the uploaded rule sets too, as the web server scores with them */
	struct reg *reg = reg_load_store(NULL, st, &err);
	if (reg == NULL) {
		store_close(st);
		return cli_fail(&err);
	}
	struct dash *d = dash_build(st, reg, year, prov, internal, &err);
	store_close(st);
	reg_free(reg);
	if (d == NULL)
		return cli_fail(&err);
	struct buf out;
	buf_init(&out, 0);
	int rc = 0;
	if (chart) {
		rc = dash_chart(d, chart, &out, &err);
	} else {
		json_t *j = dash_json(d);
		char *s = j ? json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
		rc = s ? buf_puts(&out, s) : tc_err_set(&err, TC_ENOMEM, "out of memory writing JSON");
		if (rc == 0)
			buf_putc(&out, '\n');
		free(s);
		json_decref(j);
	}
	dash_free(d);
	if (rc == 0)
		fwrite(buf_cstr(&out), 1, buf_len(&out), stdout);
	buf_free(&out);
	return rc == 0 ? 0 : cli_fail(&err);
}

int cmd_dashboard(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"year", required_argument, NULL, 'y'},
		{"province", required_argument, NULL, 'p'}, {"chart", required_argument, NULL, 'c'},
		{"public", no_argument, NULL, 'P'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	const char *db = NULL, *prov = NULL, *chart = NULL;
	long year = 0;
	int internal = 1, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:y:p:c:h", opts, NULL)) != -1) {
		char *end;
		if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == 'd') {
			db = optarg;
		} else if (c == 'p') {
			prov = optarg;
		} else if (c == 'c') {
			chart = optarg;
		} else if (c == 'P') {
			internal = 0;
		} else if (c == 'y') {
			year = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || year < 2000 || year > 2100)
				return cli_usage_error("dashboard", "--year must be a year such as 2024");
		} else {
			return cli_usage_error("dashboard", "unknown or incomplete option");
		}
	}
	if (optind != argc)
		return cli_usage_error("dashboard", "unexpected argument '%s'", argv[optind]);
	if (year == 0)
		return cli_usage_error("dashboard", "--year is required");
	return run(db, (int)year, prov, chart, internal);
}
