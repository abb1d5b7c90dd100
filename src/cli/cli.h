/* cli.h — the `tiepcan` commands. One command = one cmd_*.c file.
 *
 * Each command parses its own arguments (getopt_long), prints results on
 * stdout and messages on stderr, and returns the process exit status:
 * 0 success, 2 bad input or usage (tc_err_exit_status), 1 other failures.
 * Every command accepts --help.
 */
#ifndef TC_CLI_H
#define TC_CLI_H

#include <stdio.h>
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

int cmd_backup(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_dashboard(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_report_sample(int argc, char **argv); /* `report --sample` */
int cmd_rules(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_setting(int argc, char **argv);
int cmd_units(int argc, char **argv);
int cmd_user(int argc, char **argv);

/* Prints "tiepcan: MESSAGE" on stderr and returns the exit status for err. */
int cli_fail(const struct tc_err *err);

/* Prints a usage error ("tiepcan CMD: MESSAGE; try 'tiepcan CMD --help'")
 * and returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Scores a score CSV held in memory (room for len + 1 bytes; parsed in
 * place) with the built-in rule sets plus, if st is not NULL, the ones
 * uploaded to that database, and appends the `score` command's output in
 * `format` ("json", "csv" or "text") to out. In cmd_score.c. */
struct store;
int cli_score_buffer(char *data, size_t len, const char *name, const char *format,
		     struct store *st, struct buf *out, struct tc_err *err);

/* ---- Database commands (cli_store.c) ---- */

/* --db value, else $TIEPCAN_DB, else ./tiepcan.db. */
const char *cli_db_path(const char *opt);
/* The options of a command whose only option is --db (plus --help): sets
 * *db (NULL when absent) and *first (argv index of the first operand) and
 * returns -1 to go on; otherwise the exit status to return at once: 0 after
 * printing usage(stdout) for --help, 2 after a usage error naming `cmd`. */
int cli_db_args(const char *cmd, int argc, char **argv, void (*usage)(FILE *), const char **db,
		int *first);
/* Opens the store at cli_db_path(opt) with actor "cli:$USER". */
struct store *cli_open_store(const char *opt, int flags, struct tc_err *err);

/* A progress bar on stderr, drawn only when stderr is a terminal and the
 * work has lasted over a second. cli_progress_cb fits units_progress_fn. */
struct cli_progress {
	const char *label;
	double start;
	int tty, drawn;
	long last;  /* last percentage drawn */
};
void cli_progress_init(struct cli_progress *p, const char *label);
void cli_progress_cb(long done, long total, void *ctx);
void cli_progress_end(struct cli_progress *p);

#endif
