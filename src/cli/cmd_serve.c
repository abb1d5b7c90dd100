/* cmd_serve.c — `tiepcan serve`: the web application. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/auth.h"
#include "web/pages.h"
#include "web/server.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tiepcan serve [--db PATH] [--listen HOST:PORT] [--rules-dir DIR]\n"
		"                     [--threads N] [--max-body BYTES] [--timeout SECONDS]\n"
		"                     [--max-connections N] [--max-per-ip N] [--cache-mb N]\n"
		"                     [--secure-cookies] [--trust-proxy] [--quiet]\n"
		"                     [--session-idle SECONDS] [--session-max SECONDS]\n\n"
		"Serves the web application. Prints the URL it listens on; stops cleanly\n"
		"(finishing requests in progress) on SIGTERM or Ctrl-C.\n\n"
		"  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080;\n"
		"                      port 0 picks a free port)\n"
		"  --db PATH           database file\n"
		"  --rules-dir DIR     extra or replacement rule sets (NAME.rules)\n"
		"  --threads N         worker threads (default 4)\n"
		"  --max-body BYTES    largest request body accepted (default 62914560)\n"
		"  --timeout SECONDS   idle connection timeout (default 30)\n"
		"  --max-connections N simultaneous connections (default 256; more are\n"
		"                      refused, so slow clients cannot exhaust memory)\n"
		"  --max-per-ip N      simultaneous connections from one address (default 32;\n"
		"                      with --trust-proxy, the --max-connections value,\n"
		"                      since every connection then comes from the proxy)\n"
		"  --cache-mb N        memory for rendered public pages (default 8; 0: none).\n"
		"                      Only pages asked without cookies are kept, and only\n"
		"                      until the next committed write to the database\n"
		"  --secure-cookies    the site is served over HTTPS: mark cookies Secure\n"
		"  --trust-proxy       a reverse proxy sets X-Forwarded-Proto; trust it\n"
		"  --quiet             no access log on stderr\n"
		"  --session-idle S    sign users out after S seconds without a request\n"
		"                      (default 1800)\n"
		"  --session-max S     sign users out S seconds after they signed in\n"
		"                      (default 43200 = 12 hours)\n\n"
		"Without --db the pages that need the database answer 503. Each worker\n"
		"thread keeps its own database connection; a write that waits longer than\n"
		"$TIEPCAN_BUSY_MS (default 5000) for a lock answers 503 (try again).\n"
		"Accounts: tiepcan user --help.\n");
}

static int num_arg(const char *opt, const char *s, unsigned long long lo,
		   unsigned long long hi, unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || end == s || s[0] == '-' || v < lo || v > hi)
		return cli_usage_error("serve", "%s '%s': expected a number from %llu to %llu",
				       opt, s, lo, hi);
	*out = v;
	return 0;
}

enum { O_THREADS = 256, O_MAXBODY, O_TIMEOUT, O_SECURE, O_PROXY, O_QUIET, O_IDLE, O_SESMAX,
       O_ROUTES, O_MAXCONN, O_PERIP, O_CACHE };

/* Hidden: `serve --print-routes` lists "METHOD PATTERN" of every route and
 * exits; tests/suite-matrix.sh checks its route list is complete with it. */
static int print_routes(void)
{
	for (const struct http_route *r = pages_routes(); r->method; r++)
		printf("%s %s\n", r->method, r->pattern);
	return fflush(stdout) == 0 ? 0 : 1;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"rules-dir", required_argument, NULL, 'r'},
		{"threads", required_argument, NULL, O_THREADS},
		{"max-body", required_argument, NULL, O_MAXBODY},
		{"timeout", required_argument, NULL, O_TIMEOUT},
		{"secure-cookies", no_argument, NULL, O_SECURE},
		{"trust-proxy", no_argument, NULL, O_PROXY},
		{"quiet", no_argument, NULL, O_QUIET},
		{"session-idle", required_argument, NULL, O_IDLE},
		{"session-max", required_argument, NULL, O_SESMAX},
		{"print-routes", no_argument, NULL, O_ROUTES},
		{"max-connections", required_argument, NULL, O_MAXCONN},
		{"max-per-ip", required_argument, NULL, O_PERIP},
		{"cache-mb", required_argument, NULL, O_CACHE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct srv_config cfg;
	srv_config_default(&cfg);
	unsigned long long v;
	bool per_ip_set = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cfg.db_path = optarg; break;
		case 'l': cfg.listen = optarg; break;
		case 'r': cfg.rules_dir = optarg; break;
		case O_THREADS:
			if (num_arg("--threads", optarg, 1, 256, &v)) return 2;
			cfg.threads = (unsigned)v;
			break;
		case O_MAXBODY:
			if (num_arg("--max-body", optarg, 1024, (unsigned long long)1 << 32, &v)) return 2;
			cfg.max_body = (size_t)v;
			break;
		case O_TIMEOUT:
			if (num_arg("--timeout", optarg, 1, 3600, &v)) return 2;
			cfg.timeout_s = (unsigned)v;
			break;
		case O_MAXCONN:
			if (num_arg("--max-connections", optarg, 1, 60000, &v)) return 2;
			cfg.conn_limit = (unsigned)v;
			break;
		case O_PERIP:
			if (num_arg("--max-per-ip", optarg, 1, 60000, &v)) return 2;
			cfg.per_ip_limit = (unsigned)v;
			per_ip_set = true;
			break;
		case O_CACHE:
			if (num_arg("--cache-mb", optarg, 0, 4096, &v)) return 2;
			cfg.cache_bytes = (size_t)v << 20;
			break;
		case O_SECURE: cfg.secure_cookies = true; break;
		case O_PROXY: cfg.trust_proxy = true; break;
		case O_QUIET: cfg.quiet = true; break;
		case O_ROUTES: return print_routes();
		case O_IDLE:
			if (num_arg("--session-idle", optarg, 1, 7 * 86400, &v)) return 2;
			cfg.session_idle_s = (unsigned)v;
			break;
		case O_SESMAX:
			if (num_arg("--session-max", optarg, 1, 30 * 86400, &v)) return 2;
			cfg.session_max_s = (unsigned)v;
			break;
		case 'h': usage(stdout); return 0;
		default:
			return cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	/* Behind a reverse proxy every connection comes from the proxy's one
	 * address: a per-address cap would cap the whole site. */
	if (cfg.trust_proxy && !per_ip_set)
		cfg.per_ip_limit = cfg.conn_limit;
	struct tc_err err = {0};
	if (auth_init(&err) != 0 || srv_run(&cfg, &err) != 0)
		return cli_fail(&err);
	return 0;
}
