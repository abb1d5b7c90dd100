/* cmd_setting.c — `tiepcan setting get|set` (per-year settings: posting
 * period, deadlines) and `tiepcan setting holiday DATE NAME` (a public
 * holiday or make-up working day announced for a year, on top of the
 * shipped data/holidays.csv). Every change is audited by the store. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tiepcan setting get KEY [--year Y] [--db PATH]\n"
		"       tiepcan setting set KEY VALUE [--year Y] [--db PATH]\n"
		"       tiepcan setting holiday DATE NAME [--basis B] [--workday] [--db PATH]\n\n"
		"Per-year settings (without --year: the default for every year):\n"
		"  posting_days     length of the public posting period (1..60); default by\n"
		"                   rule set: qd619-2017 10 working days, qd25-2021 5 days\n"
		"  posting_unit     days | working_days\n"
		"  deadline_submit  last day to send the dossier (YYYY-MM-DD), shown to communes\n\n"
		"holiday: DATE (YYYY-MM-DD or dd/mm/yyyy) is a day off (or with --workday a\n"
		"Saturday/Sunday worked in exchange); it replaces a shipped row of that date.\n"
		"  --basis B        announced (default), statutory or provisional\n");
}

struct opts {
	int year;
	const char *db, *basis;
	int workday;
};

static int parse(int argc, char **argv, struct opts *o, int *done)
{
	static const struct option longopts[] = {
		{"year", required_argument, NULL, 'y'}, {"db", required_argument, NULL, 'd'},
		{"basis", required_argument, NULL, 'b'}, {"workday", no_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'y':
			o->year = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o->year < 2000 || o->year > 2100)
				return cli_usage_error("setting", "--year '%s': use a year 2000..2100", optarg);
			break;
		case 'd': o->db = optarg; break;
		case 'b': o->basis = optarg; break;
		case 'w': o->workday = 1; break;
		case 'h': usage(stdout); *done = 1; return 0;
		default: return cli_usage_error("setting", "unknown option");
		}
	}
	return 0;
}

static int run(const char *verb, int n, char **args, const struct opts *o)
{
	struct tc_err err = {0};
	int get = strcmp(verb, "get") == 0, set = strcmp(verb, "set") == 0;
	int hol = strcmp(verb, "holiday") == 0;
	if ((get && n != 1) || (set && n != 2) || (hol && n != 2) || !(get || set || hol))
		return cli_usage_error("setting", "expected 'get KEY', 'set KEY VALUE' or "
				       "'holiday DATE NAME'");
	struct cal_date d;
	char iso[16];
	if (hol && cal_parse(args[0], strlen(args[0]), &d, &err) != 0)
		return cli_usage_error("setting", "holiday date '%s': %s", args[0], err.msg);
	struct store *st = cli_open_store(o->db, get ? STORE_OPEN_READONLY : STORE_OPEN_EXISTING, &err);
	if (st == NULL)
		return cli_fail(&err);
	char v[256];
	int rc;
	if (get)
		rc = store_setting_get(st, o->year, args[0], v, sizeof v, &err);
	else if (set)
		rc = store_setting_set(st, o->year, args[0], args[1], &err);
	else
		rc = store_holiday_set(st, cal_format_iso(d, iso, sizeof iso), args[1], o->basis,
				       o->workday ? "workday" : "off", &err);
	store_close(st);
	if (rc != 0)
		return cli_fail(&err);
	if (get)
		printf("%s\n", v);
	return 0;
}

int cmd_setting(int argc, char **argv)
{
	struct opts o = {0, NULL, NULL, 0};
	int done = 0;
	int rc = parse(argc, argv, &o, &done);
	if (rc != 0 || done)
		return rc;
	if (optind >= argc)
		return cli_usage_error("setting", "expected get, set or holiday");
	return run(argv[optind], argc - optind - 1, argv + optind + 1, &o);
}
