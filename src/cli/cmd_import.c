/* cmd_import.c — `tiepcan import units FILE [--vintage V | --mapping]`.
 * The whole file or nothing: validated first, written in one transaction. */
#include "cli/cli.h"

#include "app/registry.h"
#include "app/scores.h"
#include "app/units.h"
#include "util/fileio.h"
#include "util/mem.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define IMPORT_MAX ((size_t)64 << 20)

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan import units FILE --vintage 2020-02|2025-03|2025-07 [--db PATH]\n"
		   "       tiepcan import units FILE --mapping [--db PATH]\n"
		   "       tiepcan import scores FILE [--replace] [--db PATH]\n\n"
		   "Loads a list of administrative units (CSV code,name,type,level,parent_code)\n"
		   "as one vintage, replacing that vintage's units; or, with --mapping, the\n"
		   "old->new lineage of 01/07/2025 (CSV old_code,old_full_name,old_level,\n"
		   "new_code,new_full_name,new_province_code,relation,note). Aliases: --vintage\n"
		   "2020 = 2020-02, 2024 = 2025-03, 2025 = 2025-07. The file is checked in full\n"
		   "first; on any error nothing is written (exit 2).\n\n"
		   "'import scores' loads a score CSV (the input of 'tiepcan score': unit,year,\n"
		   "item,field,value) whose units are GSO commune codes that existed in that\n"
		   "year: one assessment per commune and year, scored with the year's rule set.\n"
		   "An existing assessment is an error unless --replace is given.\n");
}

static const char *vintage_alias(const char *v)
{
	if (strcmp(v, "2020") == 0)
		return "2020-02";
	if (strcmp(v, "2024") == 0)
		return "2025-03";
	if (strcmp(v, "2025") == 0)
		return "2025-07";
	return v;
}

static int import_units(const char *db, const char *file, const char *vintage, int mapping)
{
	struct tc_err err;
	size_t len;
	char *data = tc_read_file(file, IMPORT_MAX, &len, &err);
	if (data == NULL)
		return cli_fail(&err);
	struct store *st = cli_open_store(db, STORE_OPEN_EXISTING, &err);
	if (st == NULL) {
		tc_free(data);
		return cli_fail(&err);
	}
	struct cli_progress pr;
	cli_progress_init(&pr, "importing");
	long n = 0;
	int rc = mapping ? units_load_mapping(st, data, len, file, cli_progress_cb, &pr, &n, &err)
			 : units_load_list(st, vintage, data, len, file, cli_progress_cb, &pr, &n, &err);
	cli_progress_end(&pr);
	store_close(st);
	tc_free(data);
	if (rc != 0)
		return cli_fail(&err);
	if (mapping)
		printf("imported %ld lineage rows (2025-03 -> 2025-07) from %s\n", n, file);
	else
		printf("imported %ld units into %s from %s\n", n, vintage, file);
	return 0;
}

static int import_scores(const char *db, const char *file, int replace)
{
	struct tc_err err;
	size_t len;
	char *data = tc_read_file(file, IMPORT_MAX, &len, &err);
	if (data == NULL)
		return cli_fail(&err);
	struct store *st = cli_open_store(db, STORE_OPEN_EXISTING, &err);
	/* the uploaded rule sets too, as the web server scores with them */
	struct reg *reg = st ? reg_load_store(NULL, st, &err) : NULL;
	int rc = -1;
	long n = 0;
	if (reg) {
		struct cli_progress pr;
		cli_progress_init(&pr, "importing");
		rc = scores_import(st, reg, data, len, file, replace, "imported", cli_progress_cb,
				   &pr, &n, &err);
		cli_progress_end(&pr);
	}
	store_close(st);
	reg_free(reg);
	tc_free(data);
	if (rc != 0) {
		/* Input errors already read "FILE:LINE: ...". */
		fprintf(stderr, "%s\n", err.msg);
		int status = tc_err_exit_status(err.code);
		return status ? status : 1;
	}
	printf("imported %ld assessments from %s\n", n, file);
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"vintage", required_argument, NULL, 'v'},
		{"mapping", no_argument, NULL, 'm'}, {"replace", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	const char *db = NULL, *vintage = NULL;
	int mapping = 0, replace = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:v:mrh", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == 'd') {
			db = optarg;
		} else if (c == 'v') {
			vintage = vintage_alias(optarg);
		} else if (c == 'm') {
			mapping = 1;
		} else if (c == 'r') {
			replace = 1;
		} else {
			return cli_usage_error("import", "unknown option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("import", "expected 'import units FILE' or 'import scores FILE'");
	if (strcmp(argv[optind], "scores") == 0) {
		if (mapping || vintage)
			return cli_usage_error("import", "--vintage and --mapping are for units");
		return import_scores(db, argv[optind + 1], replace);
	}
	if (strcmp(argv[optind], "units") != 0)
		return cli_usage_error("import", "unknown kind '%s' (expected units or scores)",
				       argv[optind]);
	if (mapping == (vintage != NULL))
		return cli_usage_error("import", "give either --vintage V or --mapping");
	return import_units(db, argv[optind + 1], vintage, mapping);
}
