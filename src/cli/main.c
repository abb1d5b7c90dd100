/* main.c — `tiepcan COMMAND ...`: dispatch to the commands of cli.h. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* Keep sorted by name. */
static const struct command commands[] = {
	{"backup", cmd_backup, "copy the database safely while it is in use"},
	{"check", cmd_check, "verify the database and its audit log"},
	{"copy", cmd_copy, "copy a whole database (SQLite <-> PostgreSQL), verified"},
	{"dashboard", cmd_dashboard, "dashboard figures (JSON) or SVG charts, live from the database"},
	{"demo", cmd_demo, "create the demo database (Cao Bằng, synthetic figures)"},
	{"export", cmd_export, "print stored scores (score output shape, or the input CSV)"},
	{"import", cmd_import, "import units, lineage or scores into the database"},
	{"init", cmd_init, "create a database with the shipped administrative units"},
	{"migrate", cmd_migrate, "apply pending schema migrations (SQLite or PostgreSQL)"},
	{"report", cmd_report,
	 "official forms from the database as xlsx, pdf or csv (--sample: layout sample)"},
	{"rules", cmd_rules, "list, show, compare rule sets; add them to a database"},
	{"score", cmd_score, "score communes from a CSV file (nothing stored)"},
	{"serve", cmd_serve, "serve the web application (HTTP)"},
	{"setting", cmd_setting, "per-year settings (posting period, deadlines) and holidays"},
	{"units", cmd_units, "show an administrative unit as it was in a year"},
	{"user", cmd_user, "add, list, disable web accounts; change passwords"},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, "usage: tiepcan COMMAND [ARGS...]\n\n"
		   "tiepcan runs the annual assessment and recognition of communes that\n"
		   "meet the legal access standard (xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật).\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'tiepcan COMMAND --help' for a command's options.\n");
}

int cli_fail(const struct tc_err *err)
{
	fprintf(stderr, "tiepcan: %s\n", err->msg);
	int st = tc_err_exit_status(err->code);
	return st ? st : 1;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "tiepcan %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "; try 'tiepcan %s --help'\n", cmd);
	va_end(ap);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tiepcan 0.1\n");
		return 0;
	}
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "tiepcan: unknown command '%s'; try 'tiepcan --help'\n", argv[1]);
	return 2;
}
