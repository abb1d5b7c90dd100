/* cmd_score.c — `tiepcan score` (being built; see issue 2). */
#include "cli/cli.h"

#include <stdio.h>

int cmd_score(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tiepcan score: not built yet\n");
	return 1;
}
