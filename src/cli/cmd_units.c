/* cmd_units.c — `tiepcan units show CODE [--year Y] [--format json|text]`. */
#include "cli/cli.h"

#include "app/units.h"
#include "util/buf.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan units show CODE [--year Y] [--format text|json] [--db PATH]\n\n"
		   "Shows the administrative unit with GSO code CODE as it was in year Y\n"
		   "(default: this year): name, type, level, parent, the period in which it\n"
		   "stayed so, and its predecessors and successors across the reforms.\n"
		   "Year Y uses the list in force on 31/12/Y: 2017-2019 the list of 02/2020,\n"
		   "2020-2024 the list of 03/2025, 2025 on the two-tier list of 07/2025.\n");
}

static void dmy(const char *iso, char out[11])
{
	if (strlen(iso) != 10) {
		snprintf(out, 11, "nay");
		return;
	}
	snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

static void codes_text(struct buf *b, const char *label, char (*c)[8], size_t n)
{
	buf_printf(b, "%s:", label);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, " %s", c[i]);
	buf_puts(b, n ? "\n" : " (không có)\n");
}

static void view_text(const struct units_view *v, struct buf *b)
{
	const struct store_unit *u = &v->unit;
	char from[11], to[11];
	dmy(v->valid_from, from);
	dmy(v->valid_to, to);
	buf_printf(b, "%s %s %s\n", u->code, u->type, u->name);
	buf_printf(b, "Cấp: %s\nĐơn vị cấp trên: %s\nHiệu lực: %s – %s (danh mục %s)\n",
		   u->level, u->parent[0] ? u->parent : "(không có)", from, to, u->vintage);
	codes_text(b, "Đơn vị trước", v->pred, v->n_pred);
	codes_text(b, "Đơn vị sau", v->succ, v->n_succ);
}

static int parse_year(const char *s, int *year)
{
	char *end;
	long y = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || y < 2000 || y > 2100)
		return -1;
	*year = (int)y;
	return 0;
}

static int show(const char *db, const char *code, int year, int json)
{
	struct tc_err err;
	struct store *st = cli_open_store(db, STORE_OPEN_READONLY, &err);
	if (st == NULL)
		return cli_fail(&err);
	struct units_view v;
	int rc = units_view_get(st, code, year, &v, &err);
	store_close(st);
	if (rc != 0)
		return cli_fail(&err);
	struct buf b;
	buf_init(&b, 0);
	if (json)
		units_view_json(&v, &b);
	else
		view_text(&v, &b);
	units_view_free(&v);
	if (buf_failed(&b)) {
		buf_free(&b);
		fprintf(stderr, "tiepcan units: out of memory\n");
		return 1;
	}
	fwrite(buf_cstr(&b), 1, buf_len(&b), stdout);
	buf_free(&b);
	return 0;
}

int cmd_units(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"year", required_argument, NULL, 'y'},
		{"format", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0}};
	const char *db = NULL, *fmt = "text";
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	int year = tm.tm_year + 1900, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:y:f:h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == 'd') {
			db = optarg;
		} else if (c == 'f') {
			fmt = optarg;
		} else if (c == 'y') {
			if (parse_year(optarg, &year) != 0)
				return cli_usage_error("units", "--year must be a year such as 2018, not '%s'", optarg);
		} else {
			return cli_usage_error("units", "unknown option");
		}
	}
	if (strcmp(fmt, "json") != 0 && strcmp(fmt, "text") != 0)
		return cli_usage_error("units", "--format must be text or json, not '%s'", fmt);
	if (argc - optind != 2 || strcmp(argv[optind], "show") != 0)
		return cli_usage_error("units", "expected 'units show CODE'");
	return show(db, argv[optind + 1], year, fmt[0] == 'j');
}
