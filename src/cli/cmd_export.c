/* cmd_export.c — `tiepcan export scores --year Y [--unit CODE]
 * [--format csv|json|text|input]`: scores from the store. */
#include "cli/cli.h"

#include "app/scores.h"
#include "util/buf.h"
#include "util/mem.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan export scores --year Y [--unit CODE] [--format F] [--db PATH]\n\n"
		   "Prints the stored assessments of year Y (or of one commune, district or\n"
		   "province, by GSO code: 5, 3 or 2 digits):\n"
		   "  --format json|csv|text  scored now from the stored inputs with the year's\n"
		   "                          rule set, in the output shape of 'tiepcan score'\n"
		   "                          (default json; the unit column is the GSO code)\n"
		   "  --format input          the stored inputs as a score CSV (unit,year,item,\n"
		   "                          field,value) in canonical order: 'tiepcan import\n"
		   "                          scores' of it gives the same export byte for byte\n");
}

static int export_scores(const char *db, int year, const char *unit, const char *fmt)
{
	struct tc_err err;
	struct store *st = cli_open_store(db, STORE_OPEN_READONLY, &err);
	if (st == NULL)
		return cli_fail(&err);
	struct buf in, out;
	buf_init(&in, 0);
	buf_init(&out, 0);
	long n = 0;
	/* A province (2 digits) or district (3) code exports its communes. */
	struct store_scope area = {0};
	size_t ulen = unit ? strlen(unit) : 0;
	if (ulen == 2 || ulen == 3) {
		area.kind = ulen == 2 ? STORE_SCOPE_PROVINCE : STORE_SCOPE_DISTRICT;
		memcpy(area.code, unit, ulen + 1);
	}
	int rc = scores_export_input(st, year, area.kind ? NULL : unit,
				     area.kind ? &area : NULL, &in, &n, &err);
	if (rc == 0 && unit && n == 0)
		rc = tc_err_set(&err, TC_ENOTFOUND, "no assessment of unit %s for %d in the database",
				unit, year);
	if (rc == 0 && strcmp(fmt, "input") != 0) {
		/* with the rule sets uploaded to this database: an assessment
		 * pinned to one of them is scored by it, as the web does */
		size_t len = buf_len(&in);
		char *data = buf_detach(&in, &len);
		rc = data ? cli_score_buffer(data, len, "(database)", fmt, st, &out, &err)
			  : tc_err_set(&err, TC_ENOMEM, "out of memory");
		tc_free(data);
	}
	store_close(st);
	const struct buf *res = strcmp(fmt, "input") == 0 ? &in : &out;
	if (rc == 0)
		fwrite(buf_cstr(res), 1, buf_len(res), stdout);
	buf_free(&in);
	buf_free(&out);
	return rc == 0 ? 0 : cli_fail(&err);
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"year", required_argument, NULL, 'y'},
		{"unit", required_argument, NULL, 'u'}, {"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	const char *db = NULL, *unit = NULL, *fmt = "json";
	long year = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:y:u:f:h", opts, NULL)) != -1) {
		char *end;
		if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == 'd') {
			db = optarg;
		} else if (c == 'u') {
			unit = optarg;
		} else if (c == 'f') {
			fmt = optarg;
		} else if (c == 'y') {
			year = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || year < 2000 || year > 2100)
				return cli_usage_error("export", "--year must be a year such as 2018");
		} else {
			return cli_usage_error("export", "unknown option");
		}
	}
	if (argc - optind != 1 || strcmp(argv[optind], "scores") != 0)
		return cli_usage_error("export", "expected 'export scores --year Y'");
	if (year == 0)
		return cli_usage_error("export", "--year is required");
	if (strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "text") && strcmp(fmt, "input"))
		return cli_usage_error("export", "--format must be json, csv, text or input");
	return export_scores(db, (int)year, unit, fmt);
}
