/* cli.h — the `tiepcan` commands. One command = one cmd_*.c file.
 *
 * Each command parses its own arguments (getopt_long), prints results on
 * stdout and messages on stderr, and returns the process exit status:
 * 0 success, 2 bad input or usage (tc_err_exit_status), 1 other failures.
 * Every command accepts --help.
 */
#ifndef TC_CLI_H
#define TC_CLI_H

#include "util/err.h"

int cmd_report_sample(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* Prints "tiepcan: MESSAGE" on stderr and returns the exit status for err. */
int cli_fail(const struct tc_err *err);

/* Prints a usage error ("tiepcan CMD: MESSAGE; try 'tiepcan CMD --help'")
 * and returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
