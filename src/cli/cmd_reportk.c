/* cmd_reportk.c — `tiepcan report KIND --year Y --unit CODE --format F -o FILE`:
 * the official forms from the store (report/forms.h). `tiepcan report --sample
 * ...` runs the former `report-sample` development command (made-up figures). */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "report/forms.h"
#include "util/buf.h"
#include "util/fileio.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan report KIND --year Y --unit CODE --format xlsx|pdf|csv -o FILE [--db PATH]\n\n"
		   "Builds an official form from the database. KIND and the unit it takes:\n");
	for (int k = 0; k < FORMS_N; k++)
		fprintf(f, "  %-18s %s (%s)\n", forms_kind_name(k), forms_kind_title_vi(k),
			forms_kind_is_commune(k) ? "a commune code, 5 digits"
						 : "a province (2 digits) or district (3) code");
	fprintf(f, "\n  -o, --output FILE  where to write (\"-\" = standard output, not for xlsx)\n"
		   "  --published        only published results (decided by the chairman), as the\n"
		   "                     public downloads them; province-summary and new-rural only\n"
		   "The CSV of province-summary is byte for byte\n"
		   "'tiepcan export scores --year Y --unit CODE --format csv'; the other CSVs\n"
		   "are the form's first table (UTF-8 with BOM, docs/REPORTS.md).\n");
}

struct ropts {
	const char *db, *unit, *fmt, *out;
	long year;
	int published;
};

static int parse(int argc, char **argv, struct ropts *o, int *done)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"year", required_argument, NULL, 'y'},
		{"unit", required_argument, NULL, 'u'}, {"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
		{"published", no_argument, NULL, 'p'},
		{0, 0, 0, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:y:u:f:o:h", opts, NULL)) != -1) {
		char *end;
		if (c == 'h') {
			usage(stdout);
			*done = 1;
			return 0;
		} else if (c == 'd') {
			o->db = optarg;
		} else if (c == 'u') {
			o->unit = optarg;
		} else if (c == 'f') {
			o->fmt = optarg;
		} else if (c == 'o') {
			o->out = optarg;
		} else if (c == 'p') {
			o->published = 1;
		} else if (c == 'y') {
			o->year = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || o->year < 2000 || o->year > 2100)
				return cli_usage_error("report", "--year must be a year such as 2018");
		} else {
			return cli_usage_error("report", "unknown or incomplete option");
		}
	}
	return 0;
}

static int write_out(const char *path, const struct buf *b, struct tc_err *err)
{
	if (strcmp(path, "-") == 0) {
		fwrite(buf_cstr(b), 1, buf_len(b), stdout);
		return fflush(stdout) == 0 ? 0 : tc_err_set(err, TC_EIO, "cannot write standard output");
	}
	return tc_write_file_atomic(path, buf_cstr(b), buf_len(b), err);
}

static int run(const struct ropts *o, int kind)
{
	struct tc_err err;
	struct store *st = cli_open_store(o->db, STORE_OPEN_READONLY, &err);
	if (st == NULL)
		return cli_fail(&err);
	/* the uploaded rule sets too, as the web server scores with them */
	struct reg *reg = reg_load_store(NULL, st, &err);
	if (reg == NULL) {
		store_close(st);
		return cli_fail(&err);
	}
	struct buf out;
	buf_init(&out, 0);
	int rc = o->published
		 ? forms_render_published(st, reg, kind, (int)o->year, o->unit, NULL, o->fmt, &out, &err)
		 : forms_render(st, reg, kind, (int)o->year, o->unit, NULL, o->fmt, &out, &err);
	store_close(st);
	reg_free(reg);
	if (rc == 0)
		rc = write_out(o->out, &out, &err);
	buf_free(&out);
	return rc == 0 ? 0 : cli_fail(&err);
}

int cmd_report(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--sample") == 0) {
			for (int j = i; j + 1 < argc; j++)
				argv[j] = argv[j + 1];
			return cmd_report_sample(argc - 1, argv);
		}
	struct ropts o = {0};
	int done = 0;
	if (parse(argc, argv, &o, &done) != 0)
		return 2;
	if (done)
		return 0;
	if (argc - optind != 1)
		return cli_usage_error("report", "expected one KIND (score-sheet, evaluation-report, "
				       "eligibility-lists, decision-draft, province-summary, new-rural)");
	int kind = forms_kind_parse(argv[optind]);
	if (kind < 0)
		return cli_usage_error("report", "unknown report kind '%s'", argv[optind]);
	if (o.year == 0 || o.unit == NULL || o.fmt == NULL || o.out == NULL)
		return cli_usage_error("report", "--year, --unit, --format and -o are required");
	if (strcmp(o.fmt, "xlsx") && strcmp(o.fmt, "pdf") && strcmp(o.fmt, "csv"))
		return cli_usage_error("report", "--format must be xlsx, pdf or csv");
	if (o.published && !forms_kind_is_public(kind))
		return cli_usage_error("report", "--published: only province-summary and new-rural "
				       "are published forms");
	if (strcmp(o.fmt, "xlsx") == 0 && strcmp(o.out, "-") == 0)
		return cli_usage_error("report", "xlsx cannot go to standard output: give -o FILE");
	return run(&o, kind);
}
