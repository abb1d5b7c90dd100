/* cmd_user.c — `tiepcan user add|list|passwd|disable|enable`: accounts for
 * the web application. Passwords come from standard input only (never the
 * command line, which other users can see) and are stored as argon2id
 * hashes. Every input is checked before anything is written. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/usercheck.h"
#include "core/workflow.h"
#include "util/utf8.h"
#include "web/auth.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tiepcan user add --login NAME --role ROLE [--unit CODE] --password-stdin\n"
		"                        [--name \"Họ tên\"] [--db PATH]\n"
		"       tiepcan user list [--format text|json] [--db PATH]\n"
		"       tiepcan user passwd --login NAME --password-stdin [--db PATH]\n"
		"       tiepcan user disable --login NAME [--db PATH]\n"
		"       tiepcan user enable --login NAME [--db PATH]\n\n"
		"Accounts of the web application (tiepcan serve).\n\n"
		"  --login NAME      1 to 64 characters: a-z, 0-9, '.', '_', '-' (lower case)\n"
		"  --role ROLE       commune   a commune's officials; --unit = the commune code\n"
		"                              (5 digits, e.g. 01417)\n"
		"                    reviewer  province or district justice staff; --unit = the\n"
		"                              province (2 digits) or district (3 digits) code\n"
		"                    council   a council member; --unit like a reviewer\n"
		"                    admin     everything; no --unit\n"
		"  --password-stdin  read the password (8 to 1024 bytes) from the first line\n"
		"                    of standard input\n"
		"  --name TEXT       the person's name as shown in pages and the audit log\n"
		"  --format FMT      list as a text table (default) or JSON\n\n"
		"disable also ends the user's open sessions; passwd ends them too.\n");
}

/* Reads the first line of stdin (without the newline). */
static int read_password(char *out, size_t n, struct tc_err *err)
{
	if (fgets(out, (int)n, stdin) == NULL)
		return tc_err_set(err, TC_EINPUT, "--password-stdin: standard input is empty: "
				  "pipe the password in, e.g. printf '%%s\\n' \"$PW\" | tiepcan user ...");
	size_t len = strlen(out);
	if (len == n - 1 && out[len - 1] != '\n')
		return tc_err_set(err, TC_EINPUT, "--password-stdin: the password is longer than "
				  "%d bytes", AUTH_PASSWORD_MAX);
	while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	if (len < AUTH_PASSWORD_MIN)
		return tc_err_set(err, TC_EINPUT, "--password-stdin: the password must have at "
				  "least %d bytes (it has %zu)", AUTH_PASSWORD_MIN, len);
	if (!utf8_valid(out, len, NULL))
		return tc_err_set(err, TC_EINPUT, "--password-stdin: the password is not valid UTF-8");
	return 0;
}

struct opts {
	const char *login, *role, *unit, *name, *db, *format;
	bool pw_stdin;
};

static int parse(const char *cmd, int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{"login", required_argument, NULL, 'l'}, {"role", required_argument, NULL, 'r'},
		{"unit", required_argument, NULL, 'u'},  {"name", required_argument, NULL, 'n'},
		{"db", required_argument, NULL, 'd'},    {"format", required_argument, NULL, 'f'},
		{"password-stdin", no_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (c) {
		case 'l': o->login = optarg; break;
		case 'r': o->role = optarg; break;
		case 'u': o->unit = optarg; break;
		case 'n': o->name = optarg; break;
		case 'd': o->db = optarg; break;
		case 'f': o->format = optarg; break;
		case 'p': o->pw_stdin = true; break;
		case 'h': usage(stdout); return 1;
		default:
			return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}

static int need_login(const char *cmd, const struct opts *o)
{
	if (o->login == NULL)
		return cli_usage_error(cmd, "--login NAME is required");
	return 0;
}

static int user_add(int argc, char **argv)
{
	struct opts o;
	int rc = parse("user add", argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (need_login("user add", &o))
		return 2;
	if (o.role == NULL)
		return cli_usage_error("user add", "--role is required (commune, reviewer, council "
				       "or admin)");
	if (!o.pw_stdin)
		return cli_usage_error("user add", "--password-stdin is required: the password "
				       "is read from standard input, never from the command line");
	struct tc_err err = {0};
	struct store_user u;
	memset(&u, 0, sizeof u);
	if (uc_fill(&u, o.login, o.role, o.unit, o.name, &err) != 0)
		return cli_fail(&err);
	char pw[AUTH_PASSWORD_MAX + 2];
	if (read_password(pw, sizeof pw, &err) != 0 || auth_init(&err) != 0)
		return cli_fail(&err);
	char hash[AUTH_HASH_MAX];
	rc = auth_hash_password(pw, hash, &err);
	memset(pw, 0, sizeof pw);
	if (rc != 0)
		return cli_fail(&err);
	snprintf(u.password_hash, sizeof u.password_hash, "%s", hash);
	struct store *st = cli_open_store(o.db, STORE_OPEN_EXISTING, &err);
	if (st == NULL)
		return cli_fail(&err);
	int64_t id = 0;
	if (uc_unit_exists(st, &u, &err) != 0 || store_user_add(st, &u, &id, &err) != 0) {
		store_close(st);
		return cli_fail(&err);
	}
	store_close(st);
	printf("added user %s (id %lld, role %s%s%s)\n", u.username, (long long)id, u.role,
	       u.scope.code[0] ? ", unit " : "", u.scope.code);
	return 0;
}

struct list_ctx {
	json_t *arr;   /* NULL = text */
	int failed;
};

static int list_cb(const struct store_user *u, void *ctx)
{
	struct list_ctx *l = ctx;
	static const char *const KINDS[] = {"all", "province", "district", "unit"};
	if (l->arr == NULL) {
		printf("%-20s %-9s %-6s %-8s %s\n", u->username, u->role,
		       u->scope.code[0] ? u->scope.code : "-", u->active ? "active" : "disabled",
		       u->display_name);
		return 0;
	}
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "id", (json_int_t)u->id,
			      "login", u->username, "name", u->display_name, "role", u->role,
			      "scope_kind", KINDS[u->scope.kind], "unit", u->scope.code, "active",
			      u->active, "created_at", u->created_at, "password_changed_at",
			      u->password_changed_at);
	if (j == NULL || json_array_append_new(l->arr, j) != 0)
		l->failed = 1;
	return l->failed;
}

static int user_list(int argc, char **argv)
{
	struct opts o;
	int rc = parse("user list", argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	bool json = false;
	if (o.format && strcmp(o.format, "json") == 0)
		json = true;
	else if (o.format && strcmp(o.format, "text") != 0)
		return cli_usage_error("user list", "--format '%s': expected text or json", o.format);
	struct tc_err err = {0};
	struct store *st = cli_open_store(o.db, STORE_OPEN_READONLY, &err);
	if (st == NULL)
		return cli_fail(&err);
	struct list_ctx l = {json ? json_array() : NULL, 0};
	if (!json)
		printf("%-20s %-9s %-6s %-8s %s\n", "LOGIN", "ROLE", "UNIT", "STATUS", "NAME");
	rc = store_user_list(st, list_cb, &l, &err);
	store_close(st);
	if (rc != 0 || l.failed) {
		json_decref(l.arr);
		if (rc == 0)
			tc_err_set(&err, TC_ENOMEM, "out of memory listing users");
		return cli_fail(&err);
	}
	if (json) {
		char *s = json_dumps(l.arr, JSON_INDENT(2));
		json_decref(l.arr);
		if (s == NULL)
			return cli_fail(&err);
		puts(s);
		free(s);
	}
	return 0;
}

/* Opens the store and finds --login (normalised as add does). */
static struct store *open_user(const char *cmd, const struct opts *o, struct store_user *u,
			       struct tc_err *err)
{
	char login[65];
	if (uc_login(o->login, login, err) != 0)
		return NULL;
	struct store *st = cli_open_store(o->db, STORE_OPEN_EXISTING, err);
	if (st == NULL)
		return NULL;
	if (store_user_get(st, login, u, err) != 0) {
		if (err->code == TC_ENOTFOUND)
			tc_err_set(err, TC_ENOTFOUND, "%s: no user called '%s' (see 'tiepcan user "
				   "list')", cmd, login);
		store_close(st);
		return NULL;
	}
	return st;
}

static int user_passwd(int argc, char **argv)
{
	struct opts o;
	int rc = parse("user passwd", argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (need_login("user passwd", &o))
		return 2;
	if (!o.pw_stdin)
		return cli_usage_error("user passwd", "--password-stdin is required");
	struct tc_err err = {0};
	char pw[AUTH_PASSWORD_MAX + 2], hash[AUTH_HASH_MAX];
	if (read_password(pw, sizeof pw, &err) != 0 || auth_init(&err) != 0)
		return cli_fail(&err);
	rc = auth_hash_password(pw, hash, &err);
	memset(pw, 0, sizeof pw);
	if (rc != 0)
		return cli_fail(&err);
	struct store_user u;
	struct store *st = open_user("user passwd", &o, &u, &err);
	if (st == NULL)
		return cli_fail(&err);
	rc = store_user_set_password(st, u.id, hash, &err);
	store_close(st);
	if (rc != 0)
		return cli_fail(&err);
	printf("password of %s changed; their sessions were ended\n", u.username);
	return 0;
}

static int user_set_active(int argc, char **argv, int active)
{
	const char *cmd = active ? "user enable" : "user disable";
	struct opts o;
	int rc = parse(cmd, argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (need_login(cmd, &o))
		return 2;
	struct tc_err err = {0};
	struct store_user u;
	struct store *st = open_user(cmd, &o, &u, &err);
	if (st == NULL)
		return cli_fail(&err);
	long n = 0;
	rc = store_begin(st, &err);
	if (rc == 0)
		rc = store_user_set_active(st, u.id, active, &err);
	if (rc == 0 && !active)
		rc = store_session_delete_user(st, u.id, &n, &err);
	if (rc == 0)
		rc = store_commit(st, &err);
	else
		store_rollback(st);
	store_close(st);
	if (rc != 0)
		return cli_fail(&err);
	printf("%s %s", active ? "enabled" : "disabled", u.username);
	if (!active)
		printf(" (%ld session%s ended)", n, n == 1 ? "" : "s");
	printf("\n");
	return 0;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("user", "expected a subcommand: add, list, passwd, disable "
				       "or enable");
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(sub, "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return user_list(argc - 1, argv + 1);
	if (strcmp(sub, "passwd") == 0)
		return user_passwd(argc - 1, argv + 1);
	if (strcmp(sub, "disable") == 0)
		return user_set_active(argc - 1, argv + 1, 0);
	if (strcmp(sub, "enable") == 0)
		return user_set_active(argc - 1, argv + 1, 1);
	return cli_usage_error("user", "unknown subcommand '%s': expected add, list, passwd, "
			       "disable or enable", sub);
}
