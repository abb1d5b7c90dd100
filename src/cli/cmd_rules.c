/* cmd_rules.c — `tiepcan rules` (being built; see issue 2). */
#include "cli/cli.h"

#include <stdio.h>

int cmd_rules(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tiepcan rules: not built yet\n");
	return 1;
}
