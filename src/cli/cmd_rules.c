/* cmd_rules.c — `tiepcan rules list|show|diff|add|uploaded`: look at the
 * rule sets the program knows (built-in, or from --rules-dir), compare two
 * of them, and add or list the rule-set files kept in a database (the same
 * uploads as the administrator's web page, same checks: app/rsupload.h).
 *
 * Output contracts (tests/suite-rules.sh checks them):
 *   list  one line per rule set: ID<TAB>TITLE<TAB>FROM-TO, sorted by FROM;
 *   show  JSON (default) or a Vietnamese text tree with citations;
 *   diff  one line per change: "+ what" added in B, "- what" removed from B,
 *         "~ what: field: OLD -> NEW" changed; exit 0 whether or not there
 *         are differences.
 *   add   one line on stdout: what was stored (or that it is already in use);
 *   uploaded  one line per stored upload, oldest first (usage_uploaded).
 * Errors: message on stderr, nothing on stdout, exit 2 for the user's errors.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "app/rsjson.h"
#include "app/rsdiff.h"
#include "app/rsupload.h"
#include "core/pts.h"
#include "core/ruleset.h"
#include "util/fileio.h"
#include "util/mem.h"

struct opts {
	const char *rules_dir;
	const char *format; /* show: "json" or "text" */
	char **args;        /* positional arguments */
	int n_args;
};

static const char *const usage_main =
	"usage: tiepcan rules list [--rules-dir DIR]\n"
	"       tiepcan rules show ID [--format json|text] [--rules-dir DIR]\n"
	"       tiepcan rules diff A B [--rules-dir DIR]\n"
	"       tiepcan rules add FILE [--db PATH] [--by NAME]\n"
	"       tiepcan rules uploaded [--db PATH]\n\n"
	"Rule sets are one regime's criteria, indicators, gates and recognition\n"
	"conditions (format: docs/RULES.md). The built-in ones are compiled in;\n"
	"--rules-dir DIR adds every DIR/*.rules file (the same id replaces the\n"
	"built-in rule set). 'add' keeps a rule-set file in a database, exactly like\n"
	"the administrator's upload page: every server and command on that database\n"
	"uses it at once; 'uploaded' lists the files kept there.\n\n"
	"Run 'tiepcan rules SUBCOMMAND --help' for details.\n";

static const char *const usage_add =
	"usage: tiepcan rules add FILE [--db PATH] [--by NAME]\n\n"
	"Checks the rule-set file FILE (format: docs/RULES.md; at most 1 MB) with\n"
	"the same checks as the administrator's upload page (/quan-tri/quy-tac) and\n"
	"keeps it in the database, with an audit entry, in one transaction. It\n"
	"replaces the rule set with the same id (built-in or uploaded before) for\n"
	"every server and command using the database; a running 'tiepcan serve'\n"
	"picks it up on its next request, without a restart. Stored files are never\n"
	"changed or deleted: a new version is a new upload.\n\n"
	"Prints one line: 'stored rule set ID version V as upload #N (sha256 H):\n"
	"BASIS; BASIS...'. A file identical to the rule set in use stores nothing\n"
	"and says so (exit 0). Refused, nothing stored, exit 2: an invalid file\n"
	"(the message names FILE:LINE), or an id and version that already name\n"
	"another text (change the file's 'version' line), or a file stored before\n"
	"while another version is in use (give it a new version).\n\n"
	"  --db PATH  the database (default $TIEPCAN_DB, else ./tiepcan.db)\n"
	"  --by NAME  who uploads, recorded as cli:NAME (default cli:$USER)\n";

static const char *const usage_uploaded =
	"usage: tiepcan rules uploaded [--db PATH]\n\n"
	"Lists the rule-set files kept in the database ('rules add' or the upload\n"
	"page), oldest first, one line each:\n"
	"  #N<TAB>ID<TAB>VERSION<TAB>UPLOADED-AT<TAB>BY<TAB>BYTES<TAB>SHA256<TAB>IN-USE\n"
	"UPLOADED-AT is UTC (YYYY-MM-DDTHH:MM:SSZ); IN-USE is 'in-use' when the\n"
	"upload is the rule set used under its id, else 'replaced'. Nothing is\n"
	"printed when no file is kept.\n\n"
	"  --db PATH  the database (default $TIEPCAN_DB, else ./tiepcan.db)\n";

static const char *const usage_list =
	"usage: tiepcan rules list [--rules-dir DIR]\n\n"
	"Prints one line per known rule set, sorted by first evaluation year:\n"
	"  ID<TAB>TITLE<TAB>FROM-TO\n"
	"e.g. 'qd25-2021<TAB>Xã, phường, thị trấn ...<TAB>2022-2025'.\n\n"
	"  --rules-dir DIR  also load DIR/*.rules (same id replaces a built-in)\n";

static const char *const usage_show =
	"usage: tiepcan rules show ID [--format json|text] [--rules-dir DIR]\n\n"
	"Prints one rule set (ID: a rule-set id or the path of a .rules file).\n"
	"JSON (default) has the keys id, title, version, mode,\n"
	"basis, years [from, to], provisional, pass {total_min, total_min_by_class,\n"
	"criterion_min_fraction, all_met, complete, gates, conditions} and criteria\n"
	"[{code, title, max, provisional, cite, confidence, indicators [{code, title,\n"
	"max, kind, inputs [{name, type, label}], not_arising, provisional, subs ...}]}].\n"
	"Points are JSON numbers (7.5, 80); null when not set. --format text prints\n"
	"a Vietnamese tree with the citation of every element.\n\n"
	"  --format json|text  output format (default json)\n"
	"  --rules-dir DIR     also load DIR/*.rules (same id replaces a built-in)\n";

static const char *const usage_diff =
	"usage: tiepcan rules diff A B [--rules-dir DIR]\n\n"
	"Lists what changed from rule set A to rule set B, one line per change:\n"
	"  + indicator 2.7: TITLE          added in B\n"
	"  - sub 1.1.2: TITLE              removed in B\n"
	"  ~ criterion 2: max: 30 -> 35    changed (also kinds, inputs, bands,\n"
	"                                  pass conditions, gates, citations)\n"
	"A and B are rule-set ids or paths of .rules files. Exit 0 whether or not\n"
	"there are differences.\n\n"
	"  --rules-dir DIR  also load DIR/*.rules (same id replaces a built-in)\n";

/* ---- Arguments and loading ------------------------------------------------- */

/* Parses options of a subcommand (argv[0] is its name). Returns 0 to go on,
 * or an exit status (+1 to tell it from 0: 1 means "--help printed"). */
static int parse_opts(const char *sub, const char *usage, bool want_format, int argc,
		      char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{"rules-dir", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char cmd[32];
	snprintf(cmd, sizeof cmd, "rules %s", sub);
	memset(o, 0, sizeof *o);
	o->format = "json";
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (c == 'd') {
			o->rules_dir = optarg;
		} else if (c == 'f' && want_format) {
			o->format = optarg;
		} else if (c == ':') {
			return 1 + cli_usage_error(cmd, "option '%s' needs a value",
						   argv[optind - 1]);
		} else {
			return 1 + cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	o->args = argv + optind;
	o->n_args = argc - optind;
	return 0;
}

static int unknown_id(const char *cmd, const struct reg *r, const char *id)
{
	fprintf(stderr, "tiepcan %s: unknown rule set '%s'; known:", cmd, id);
	for (size_t i = 0; i < reg_count(r); i++)
		fprintf(stderr, "%s %s", i ? "," : "", reg_at(r, i)->id);
	fprintf(stderr, " (or give the path of a .rules file)\n");
	return 2;
}

/* ---- list ----------------------------------------------------------------- */

static int rules_list(int argc, char **argv)
{
	struct opts o;
	int st = parse_opts("list", usage_list, false, argc, argv, &o);
	if (st)
		return st - 1;
	if (o.n_args != 0)
		return cli_usage_error("rules list", "unexpected argument '%s'", o.args[0]);
	struct tc_err err = {0};
	struct reg *r = reg_load(o.rules_dir, &err);
	if (r == NULL)
		return cli_fail(&err);
	for (size_t i = 0; i < reg_count(r); i++) {
		const struct rs_ruleset *rs = reg_at(r, i);
		/* A tab inside a title would break the three-column format. */
		printf("%s\t", rs->id);
		for (const char *t = rs->title; *t; t++)
			putchar(*t == '\t' ? ' ' : *t);
		printf("\t%d-%d\n", rs->year_from, rs->year_to);
	}
	reg_free(r);
	return 0;
}

/* ---- show: JSON -------------------------------------------------------------- */

/* The same serialiser as the web API (app/rsjson.c), so the CLI and
 * /api/v1/rulesets/{id} can never drift apart. */
static int show_json(const struct rs_ruleset *rs)
{
	json_t *root = rsjson_ruleset(rs);
	char *s = root ? json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) : NULL;
	json_decref(root);
	if (s == NULL) {
		fprintf(stderr, "tiepcan rules show: out of memory while writing JSON\n");
		return 1;
	}
	printf("%s\n", s);
	free(s);
	return 0;
}

/* ---- show: Vietnamese text tree -------------------------------------------- */

static const char *const conf_vi[] = {"cao", "trung bình", "thấp"};
static const char *const type_vi[] = {"số nguyên", "số", "phần trăm", "có/không"};

static void t_source(const struct rs_source *s, const char *ind)
{
	printf("%sNguồn: %s (độ tin cậy: %s)\n", ind, s->cite, conf_vi[s->confidence]);
	if (s->provisional)
		printf("%sTẠM TÍNH: %s\n", ind, s->provisional_reason);
	for (const char *p = s->notes; p && *p;) {
		size_t n = strcspn(p, "\n");
		printf("%sGhi chú: %.*s\n", ind, (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/* The scoring rule in words. */
static void t_rule(const struct rs_item *it, char *buf, size_t n)
{
	char c[256], v[32];
	rsjson_cond_text(&it->cond, c, sizeof c);
	switch (it->kind) {
	case RS_POINTS: snprintf(buf, n, "xã nhập điểm"); break;
	case RS_ALL_OR_NOTHING: snprintf(buf, n, "đủ điểm khi %s, không thì 0", c); break;
	case RS_RATIO_BANDS:
		snprintf(buf, n, "theo mức tỷ lệ %s/%s", it->num, it->den);
		break;
	case RS_PROPORTIONAL:
		snprintf(buf, n, "tỷ lệ thuận với %s/%s", it->num, it->den);
		break;
	case RS_SUM: snprintf(buf, n, "tổng điểm các nội dung"); break;
	case RS_NOT_ARISING: snprintf(buf, n, "xã nhập điểm khi có phát sinh"); break;
	case RS_DEDUCTION:
		snprintf(buf, n, "trừ %s điểm khi %s", pts_format_vi(it->deduct, v, sizeof v), c);
		break;
	case RS_YES_NO: snprintf(buf, n, "có (%s = 1): đủ điểm; không: 0", it->num); break;
	case RS_ACHIEVEMENT:
		if (it->all_subs)
			snprintf(buf, n, "đạt khi mọi nội dung đều đạt");
		else if (it->num)
			snprintf(buf, n, "đạt khi %s/%s ≥ %s%%", it->num, it->den,
				 pts_format_vi(it->threshold, v, sizeof v));
		else if (it->cond.set)
			snprintf(buf, n, "đạt khi %s", c);
		else
			snprintf(buf, n, "nhập đạt / không đạt");
		break;
	}
}

static void t_item(const struct rs_item *it, const char *ind)
{
	char rule[512], m[32], c[256];
	bool sub = it->parent != NULL;
	printf("%s%s %s. %s\n", ind, sub ? "Nội dung" : "Chỉ tiêu", it->code, it->title);
	char in2[16];
	snprintf(in2, sizeof in2, "%s    ", ind);
	if (it->max != TC_PTS_NONE)
		printf("%sĐiểm tối đa: %s\n", in2, pts_format_vi(it->max, m, sizeof m));
	t_rule(it, rule, sizeof rule);
	printf("%sCách tính: %s\n", in2, rule);
	for (size_t i = 0; !sub && i < it->n_inputs; i++)
		printf("%sSố liệu %s (%s): %s\n", in2, it->inputs[i].name,
		       type_vi[it->inputs[i].type], it->inputs[i].label);
	for (size_t i = 0; i < it->n_bands; i++) {
		char lo[32], hi[32];
		const struct rs_band *b = &it->bands[i];
		pts_format_vi(b->lo, lo, sizeof lo);
		pts_format_vi(b->points, m, sizeof m);
		if (b->hi == TC_PTS_NONE)
			printf("%sMức: từ %s%% trở lên: %s điểm\n", in2, lo, m);
		else
			printf("%sMức: từ %s%% đến dưới %s%%: %s điểm\n", in2, lo,
			       pts_format_vi(b->hi, hi, sizeof hi), m);
	}
	if (it->not_arising) {
		if (it->not_arising_points != TC_PTS_NONE)
			printf("%sKhông phát sinh: %s điểm", in2,
			       pts_format_vi(it->not_arising_points, m, sizeof m));
		else
			printf("%sKhông phát sinh: đạt", in2);
		if (it->not_arising_when.set)
			printf(" (tự động khi %s)", rsjson_cond_text(&it->not_arising_when, c, sizeof c));
		printf("\n");
	}
	if (it->min != TC_PTS_NONE)
		printf("%sĐiểm tối thiểu: %s\n", in2, pts_format_vi(it->min, m, sizeof m));
	t_source(&it->src, in2);
	for (size_t i = 0; i < it->n_subs; i++)
		t_item(&it->subs[i], in2);
}

static void t_pass(const struct rs_ruleset *rs)
{
	const struct rs_pass *p = &rs->pass;
	char a[32], b[32], c[32];
	printf("Điều kiện công nhận:\n");
	if (p->total_min != TC_PTS_NONE) {
		printf("  - Tổng điểm từ %s điểm trở lên\n", pts_format_vi(p->total_min, a, sizeof a));
		t_source(&p->src_total, "      ");
	}
	if (p->total_min_by_class[0] != TC_PTS_NONE) {
		printf("  - Tổng điểm tối thiểu theo loại đơn vị hành chính: loại I %s, loại II %s, "
		       "loại III %s\n", pts_format_vi(p->total_min_by_class[0], a, sizeof a),
		       pts_format_vi(p->total_min_by_class[1], b, sizeof b),
		       pts_format_vi(p->total_min_by_class[2], c, sizeof c));
		t_source(&p->src_class, "      ");
	}
	if (p->frac_den) {
		printf("  - Mỗi tiêu chí đạt từ %s%% điểm tối đa trở lên\n",
		       pts_format_vi(p->frac_num * 100 * TC_PTS_SCALE / p->frac_den, a, sizeof a));
		t_source(&p->src_frac, "      ");
	}
	if (p->all_met) {
		printf("  - Mọi tiêu chí, chỉ tiêu đều đạt\n");
		t_source(&p->src_all_met, "      ");
	}
	if (p->complete) {
		printf("  - Mọi chỉ tiêu đều đã được đánh giá\n");
		t_source(&p->src_complete, "      ");
	}
	for (size_t i = 0; i < rs->n_gates; i++) {
		printf("  - Điều kiện loại trừ (%s): %s\n", rs->gates[i].code, rs->gates[i].title);
		t_source(&rs->gates[i].src, "      ");
	}
}

static int show_text(const struct rs_ruleset *rs)
{
	char m[32];
	printf("%s — %s\n", rs->id, rs->title);
	printf("Phiên bản tệp: %s\n", rs->version);
	printf("Năm đánh giá: %d–%d\n", rs->year_from, rs->year_to);
	printf("Cách đánh giá: %s\n", rs->mode == RS_MODE_POINTS
	       ? "chấm điểm" : "mức độ đạt (đạt / không đạt)");
	if (rs->provisional)
		printf("Lưu ý: bộ quy tắc có giá trị TẠM TÍNH (xem từng mục).\n");
	printf("Căn cứ:\n");
	for (size_t i = 0; i < rs->n_basis; i++)
		printf("  - %s\n", rs->basis[i]);
	t_pass(rs);
	for (size_t i = 0; i < rs->n_criteria; i++) {
		const struct rs_criterion *c = &rs->criteria[i];
		printf("\nTiêu chí %s. %s\n", c->code, c->title);
		if (c->max != TC_PTS_NONE)
			printf("    Điểm tối đa: %s\n", pts_format_vi(c->max, m, sizeof m));
		if (c->n_items == 0)
			printf("    Cách tính: chấm cả tiêu chí (nhập điểm tiêu chí)\n");
		t_source(&c->src, "    ");
		for (size_t k = 0; k < c->n_items; k++)
			t_item(&c->items[k], "  ");
	}
	return 0;
}

/* A rule set named on the command line: a known id, or a file path. */
static const struct rs_ruleset *resolve(const struct reg *r, const char *cmd,
					const char *arg, struct rs_ruleset **owned, int *st)
{
	const struct rs_ruleset *rs = reg_find(r, arg);
	if (rs != NULL)
		return rs;
	if (strchr(arg, '/') == NULL && strstr(arg, ".rules") == NULL) {
		*st = unknown_id(cmd, r, arg);
		return NULL;
	}
	struct tc_err err = {0};
	*owned = reg_load_file(arg, &err);
	if (*owned == NULL)
		*st = cli_fail(&err);
	return *owned;
}

static int rules_show(int argc, char **argv)
{
	struct opts o;
	int st = parse_opts("show", usage_show, true, argc, argv, &o);
	if (st)
		return st - 1;
	if (o.n_args != 1)
		return cli_usage_error("rules show", "give exactly one rule-set id");
	bool json = strcmp(o.format, "json") == 0;
	if (!json && strcmp(o.format, "text") != 0)
		return cli_usage_error("rules show", "--format must be json or text, not '%s'",
				       o.format);
	struct tc_err err = {0};
	struct reg *r = reg_load(o.rules_dir, &err);
	if (r == NULL)
		return cli_fail(&err);
	struct rs_ruleset *owned = NULL;
	const struct rs_ruleset *rs = resolve(r, "rules show", o.args[0], &owned, &st);
	if (rs != NULL)
		st = json ? show_json(rs) : show_text(rs);
	rs_free(owned);
	reg_free(r);
	return st;
}

/* ---- diff (app/rsdiff) -------------------------------------------------------- */

static int print_diff(const struct rs_ruleset *a, const struct rs_ruleset *b)
{
	struct buf out;
	buf_init(&out, 16u << 20);
	struct tc_err err = {0};
	int rc = rsdiff_text(a, b, &out, &err);
	if (rc == 0)
		fwrite(buf_cstr(&out), 1, buf_len(&out), stdout);
	buf_free(&out);
	return rc == 0 ? 0 : cli_fail(&err);
}

static int rules_diff(int argc, char **argv)
{
	struct opts o;
	int st = parse_opts("diff", usage_diff, false, argc, argv, &o);
	if (st)
		return st - 1;
	if (o.n_args != 2)
		return cli_usage_error("rules diff", "give two rule sets (ids or .rules files)");
	struct tc_err err = {0};
	struct reg *r = reg_load(o.rules_dir, &err);
	if (r == NULL)
		return cli_fail(&err);
	struct rs_ruleset *own_a = NULL, *own_b = NULL;
	const struct rs_ruleset *a = resolve(r, "rules diff", o.args[0], &own_a, &st);
	const struct rs_ruleset *b = a ? resolve(r, "rules diff", o.args[1], &own_b, &st) : NULL;
	if (a != NULL && b != NULL)
		st = print_diff(a, b);
	rs_free(own_a);
	rs_free(own_b);
	reg_free(r);
	return st;
}

/* ---- add and uploaded: files kept in a database (app/rsupload) ------------------ */

static void help_uploaded(FILE *f)
{
	fputs(usage_uploaded, f);
}

/* Options of `rules add`: FILE, --db, --by. Same return convention as
 * parse_opts. */
static int parse_add(int argc, char **argv, const char **db, const char **by,
		     const char **file)
{
	static const struct option longs[] = {
		{"db", required_argument, NULL, 'd'},
		{"by", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	*db = *by = *file = NULL;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_add, stdout);
			return 1;
		}
		if (c == 'd')
			*db = optarg;
		else if (c == 'b')
			*by = optarg;
		else if (c == ':')
			return 1 + cli_usage_error("rules add", "option '%s' needs a value",
						   argv[optind - 1]);
		else
			return 1 + cli_usage_error("rules add", "unknown option '%s'", argv[optind - 1]);
	}
	if (argc - optind != 1)
		return 1 + cli_usage_error("rules add", "give exactly one rule-set file");
	*file = argv[optind];
	if (*by && (**by == '\0' || strlen(*by) > 59 || strpbrk(*by, "\t\r\n")))
		return 1 + cli_usage_error("rules add", "--by needs a name of 1 to 59 bytes on one line");
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s && s[1] ? s + 1 : path;
}

/* Words an outcome of rsup_save (the web page words the same ones in
 * Vietnamese). Returns the exit status. */
static int add_outcome(const struct rs_ruleset *rs, const struct rsup_result *res)
{
	switch (res->outcome) {
	case RSUP_STORED:
		printf("stored rule set %s version %s as upload #%lld (sha256 %s):", rs->id,
		       rs->version, (long long)res->id, res->sha256);
		for (size_t i = 0; i < rs->n_basis; i++)
			printf("%s %s", i ? ";" : "", rs->basis[i]);
		printf("\n");
		return 0;
	case RSUP_IN_USE:
		printf("rule set %s version %s is already in use with exactly this text; nothing "
		       "stored\n", rs->id, rs->version);
		return 0;
	case RSUP_TOO_LONG:
		fprintf(stderr, "tiepcan rules add: the id or version is over 63 bytes, or the file "
			"name over 255; shorten it. Nothing stored\n");
		break;
	case RSUP_VERSION_TAKEN:
	case RSUP_STORED_OTHER:
		fprintf(stderr, "tiepcan rules add: rule set %s version %s already exists with a "
			"different text; one version cannot name two texts: change the file's "
			"'version' line (e.g. add '.1') and add it again. Nothing stored\n", rs->id,
			rs->version);
		break;
	case RSUP_STORED_UNUSED:
		fprintf(stderr, "tiepcan rules add: this file was stored before as upload #%lld, but "
			"another version of %s is in use; to use this text again give it a new "
			"'version' line. Nothing stored\n", (long long)res->id, rs->id);
		break;
	}
	return 2;
}

/* Stores rs (read from text) in the database at db, as `by`. */
static int add_store(const char *db, const char *by, const char *path,
		     const struct rs_ruleset *rs, const char *text, size_t len)
{
	struct tc_err err = {0};
	struct store *st = cli_open_store(db, STORE_OPEN_EXISTING, &err);
	if (st == NULL)
		return cli_fail(&err);
	char actor[64];
	snprintf(actor, sizeof actor, "cli:%s", by ? by : "");
	struct reg *r = NULL;
	struct rsup_result res;
	int status;
	if ((by == NULL || store_set_actor(st, actor, &err) == 0) &&
	    (r = reg_load_store(NULL, st, &err)) != NULL &&
	    rsup_save(st, r, rs, base_name(path), text, len, &res, &err) == 0)
		status = add_outcome(rs, &res);
	else
		status = cli_fail(&err);
	reg_free(r);
	store_close(st);
	return status;
}

static int rules_add(int argc, char **argv)
{
	const char *db, *by, *path;
	int st = parse_add(argc, argv, &db, &by, &path);
	if (st)
		return st - 1;
	struct tc_err err = {0};
	size_t len = 0;
	char *text = tc_read_file(path, RSUP_MAX, &len, &err);
	struct rs_ruleset *rs = text ? rsup_load(path, text, len, &err) : NULL;
	if (rs == NULL) {
		fprintf(stderr, "tiepcan rules add: %s; nothing stored\n", err.msg);
		tc_free(text);
		st = tc_err_exit_status(err.code);
		return st ? st : 1;
	}
	st = add_store(db, by, path, rs, text, len);
	rs_free(rs);
	tc_free(text);
	return st;
}

static int uploaded_cb(const struct store_ruleset *u, void *ctx)
{
	const struct reg *r = ctx;
	const char *cur = reg_sha256(r, u->ruleset_id);
	printf("#%lld\t%s\t%s\t%s\t%s\t%lld\t%s\t%s\n", (long long)u->id, u->ruleset_id,
	       u->version, u->uploaded_at, u->uploaded_by, (long long)u->size, u->sha256,
	       cur && strcmp(cur, u->sha256) == 0 ? "in-use" : "replaced");
	return 0;
}

static int rules_uploaded(int argc, char **argv)
{
	const char *db;
	int first;
	int st = cli_db_args("rules uploaded", argc, argv, help_uploaded, &db, &first);
	if (st >= 0)
		return st;
	if (first < argc)
		return cli_usage_error("rules uploaded", "unexpected argument '%s'", argv[first]);
	struct tc_err err = {0};
	struct store *s = cli_open_store(db, STORE_OPEN_READONLY, &err);
	if (s == NULL)
		return cli_fail(&err);
	struct reg *r = reg_load_store(NULL, s, &err);
	st = r && store_ruleset_list(s, uploaded_cb, r, &err) == 0 ? 0 : cli_fail(&err);
	reg_free(r);
	store_close(s);
	return st;
}

/* ---- Dispatch ------------------------------------------------------------------- */

int cmd_rules(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} subs[] = {
		{"list", rules_list},
		{"show", rules_show},
		{"diff", rules_diff},
		{"add", rules_add},
		{"uploaded", rules_uploaded},
	};
	if (argc < 2)
		return cli_usage_error("rules", "give a subcommand: list, show, diff, add or uploaded");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_usage_error("rules", "unknown subcommand '%s'", argv[1]);
}
