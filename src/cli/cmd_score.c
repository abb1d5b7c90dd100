/* cmd_score.c — `tiepcan score`: score communes from a CSV file, no database.
 *
 *   tiepcan score [--ruleset ID] [--rules-dir DIR] [--db PATH] [--format json|csv|text] [FILE|-]
 *
 * The scores are not stored; --db only adds the rule sets kept in that
 * database (`rules add`, the upload page), read-only.
 * Input and output formats: tests/cases/README.md ("The score command").
 * The whole file is read, parsed and checked (every row, then every sheet's
 * cross-field checks, sc_sheet_check) before the first byte is written, so
 * an input error leaves stdout empty; the output is then streamed in 1 MiB
 * blocks (the national JSON is 155 MB: building it whole cost more page
 * faults than the scoring). Explanations are built only for JSON, the one
 * output that prints them.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "app/scorejson.h"
#include "core/score.h"
#include "core/scorecsv.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/mem.h"

#define SCORE_MAX_INPUT ((size_t)1 << 30) /* 1 GiB of CSV */

enum fmt { FMT_JSON, FMT_CSV, FMT_TEXT };

struct opts {
	const char *ruleset;
	const char *rules_dir;
	enum fmt fmt;
	const char *file;
	const char *db;   /* --db: also the rule sets uploaded there */
};

struct resolver {
	const struct reg *reg;
	const struct rs_ruleset *fixed;  /* --ruleset */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tiepcan score [--ruleset ID] [--rules-dir DIR] [--db PATH]\n"
		"                     [--format json|csv|text] [FILE|-]\n\n"
		"Scores every commune-year in FILE (default: standard input), a CSV file\n"
		"with the header unit,year,item,field,value, and prints each one's points,\n"
		"criterion totals and recognition verdict with reasons.\n\n"
		"  --ruleset ID     score every row with rule set ID (default: the rule set\n"
		"                   of each row's year: 2017-2021 qd619-2017, 2022-2025\n"
		"                   qd25-2021, 2026- qd27-2025)\n"
		"  --rules-dir DIR  also load DIR/*.rules (same id replaces a built-in one)\n"
		"  --db PATH        also use the rule sets kept in database PATH ('rules add'\n"
		"                   or the upload page; they replace sets with the same id),\n"
		"                   as serve, dashboard and report do; nothing is stored\n"
		"  --format F       json (default), csv (one row per commune-year) or text\n"
		"                   (a Vietnamese summary table)\n\n"
		"Exit status: 0 scored, 2 bad input (FILE:LINE: message on stderr, nothing\n"
		"on stdout), 1 other failure.\n");
}

static int parse_args(int argc, char **argv, struct opts *o, int *done)
{
	static const struct option longs[] = {
		{"ruleset", required_argument, NULL, 'r'},
		{"rules-dir", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"db", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	*done = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
		switch (c) {
		case 'r': o->ruleset = optarg; break;
		case 'd': o->rules_dir = optarg; break;
		case 'b': o->db = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				o->fmt = FMT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				o->fmt = FMT_CSV;
			else if (strcmp(optarg, "text") == 0)
				o->fmt = FMT_TEXT;
			else
				return cli_usage_error("score", "unknown format '%s' (use json, csv or text)",
						       optarg);
			break;
		case 'h':
			usage(stdout);
			*done = 1;
			return 0;
		default:
			return cli_usage_error("score", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("score", "one input file at most (got %d)", argc - optind);
	o->file = optind < argc ? argv[optind] : "-";
	return 0;
}

static void list_rulesets(const struct reg *reg, char *out, size_t n)
{
	size_t w = 0;
	out[0] = '\0';
	for (size_t i = 0; i < reg_count(reg) && w < n; i++) {
		const struct rs_ruleset *rs = reg_at(reg, i);
		int k = snprintf(out + w, n - w, "%s%s (%d-%d)", i ? ", " : "", rs->id,
				 rs->year_from, rs->year_to);
		if (k < 0)
			break;
		w += (size_t)k;
	}
}

static const struct rs_ruleset *resolve(void *ctx, int year, struct tc_err *err)
{
	const struct resolver *r = ctx;
	if (r->fixed != NULL)
		return r->fixed;
	const struct rs_ruleset *rs = reg_for_year(r->reg, year);
	if (rs == NULL) {
		char known[512];
		list_rulesets(r->reg, known, sizeof known);
		tc_err_set(err, TC_EINPUT, "no rule set covers year %d (known: %s); fix the year "
			   "or choose one with --ruleset ID", year, known);
	}
	return rs;
}

/* ---- Output ---------------------------------------------------------------- */

/* ---- CSV ------------------------------------------------------------------- */

#define MAX_COLS 64

/* The criterion columns: every criterion code of the rule sets in the file,
 * in order of first appearance (c1..c5 for one regime). */
struct cols {
	const char *code[MAX_COLS];
	size_t n;
};

static void cols_add(struct cols *c, const struct rs_ruleset *rs)
{
	for (size_t k = 0; k < rs->n_criteria; k++) {
		size_t j = 0;
		while (j < c->n && strcmp(c->code[j], rs->criteria[k].code) != 0)
			j++;
		if (j == c->n && c->n < MAX_COLS)
			c->code[c->n++] = rs->criteria[k].code;
	}
}

static void put_csv_field(struct buf *b, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* Where each criterion column is in a rule set's results: the results
 * follow the rule set's criteria, so one lookup per rule set, not one
 * strcmp per column per commune. */
#define MAX_MAPS 16

struct col_map {
	const struct rs_ruleset *rs;
	int crit[MAX_COLS];   /* index into res->crits, or -1 */
};

struct col_maps {
	struct col_map m[MAX_MAPS];
	size_t n;
};

static void map_fill(struct col_map *m, const struct cols *c, const struct rs_ruleset *rs)
{
	m->rs = rs;
	for (size_t k = 0; k < c->n; k++) {
		m->crit[k] = -1;
		for (size_t j = 0; j < rs->n_criteria; j++)
			if (strcmp(rs->criteria[j].code, c->code[k]) == 0)
				m->crit[k] = (int)j;
	}
}

/* NULL when more rule sets than MAX_MAPS: the caller then searches. */
static const struct col_map *col_map_for(struct col_maps *ms, const struct cols *c,
					 const struct rs_ruleset *rs)
{
	for (size_t i = 0; i < ms->n; i++)
		if (ms->m[i].rs == rs)
			return &ms->m[i];
	if (ms->n == MAX_MAPS)
		return NULL;
	map_fill(&ms->m[ms->n], c, rs);
	return &ms->m[ms->n++];
}

static void put_int(struct buf *b, long v)
{
	char d[24];
	size_t n = sizeof d;
	unsigned long a = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		d[--n] = (char)('0' + a % 10);
		a /= 10;
	} while (a != 0);
	if (v < 0)
		d[--n] = '-';
	buf_append(b, d + n, sizeof d - n);
}

static void csv_header(struct buf *b, const struct cols *c)
{
	buf_puts(b, "unit,year,ruleset,total");
	for (size_t k = 0; k < c->n; k++)
		buf_printf(b, ",c%s", c->code[k]);
	buf_puts(b, ",recognised,reasons\n");
}

static void csv_result(struct buf *b, const struct cols *c, struct col_maps *ms,
		       const char *unit, int year, const struct sc_result *res)
{
	const struct col_map *m = col_map_for(ms, c, res->rs);
	put_csv_field(b, unit);
	buf_putc(b, ',');
	put_int(b, year);
	buf_putc(b, ',');
	buf_puts(b, res->rs->id);
	buf_putc(b, ',');
	sj_put_num(b, res->total);
	for (size_t k = 0; k < c->n; k++) {
		buf_putc(b, ',');
		if (m != NULL) {
			if (m->crit[k] >= 0 && (size_t)m->crit[k] < res->n_crits)
				sj_put_num(b, res->crits[m->crit[k]].points);
			continue;
		}
		for (size_t j = 0; j < res->n_crits; j++)
			if (strcmp(res->crits[j].crit->code, c->code[k]) == 0)
				sj_put_num(b, res->crits[j].points);
	}
	buf_puts(b, res->recognised ? ",1," : ",0,");
	for (size_t r = 0; r < res->n_reasons; r++) {
		if (r)
			buf_putc(b, ';');
		buf_puts(b, res->reasons[r]);
	}
	buf_putc(b, '\n');
}

/* ---- Text: a Vietnamese summary table ---------------------------------------- */

static size_t cp_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void put_cell(struct buf *b, const char *s, size_t width)
{
	buf_puts(b, s);
	for (size_t n = cp_len(s); n < width; n++)
		buf_putc(b, ' ');
	buf_puts(b, "  ");
}

static void text_result(struct buf *b, const struct cols *c, size_t uw, const char *unit,
			int year, const struct sc_result *res)
{
	char y[16], n[32];
	snprintf(y, sizeof y, "%d", year);
	put_cell(b, unit, uw);
	put_cell(b, y, 4);
	for (size_t k = 0; k < c->n; k++) {
		n[0] = '\0';
		for (size_t j = 0; j < res->n_crits; j++)
			if (strcmp(res->crits[j].crit->code, c->code[k]) == 0)
				pts_format_vi(res->crits[j].points, n, sizeof n);
		put_cell(b, n, 6);
	}
	put_cell(b, pts_format_vi(res->total, n, sizeof n), 6);
	buf_puts(b, res->recognised ? "Đạt chuẩn" : "Không đạt");
	if (res->provisional)
		buf_puts(b, " (tạm tính)");
	for (size_t r = 0; r < res->n_reasons; r++) {
		buf_puts(b, r ? "; " : ": ");
		sj_reason_vi(b, res, res->reasons[r]);
	}
	buf_putc(b, '\n');
}

static void text_header(struct buf *b, const struct cols *c, size_t uw)
{
	char h[32];
	put_cell(b, "Đơn vị", uw);
	put_cell(b, "Năm", 4);
	for (size_t k = 0; k < c->n; k++) {
		snprintf(h, sizeof h, "TC%s", c->code[k]);
		put_cell(b, h, 6);
	}
	put_cell(b, "Tổng", 6);
	buf_puts(b, "Kết quả\n");
}

/* ---- The command --------------------------------------------------------------- */

#define OUT_BLOCK ((size_t)1 << 20)

struct out {
	struct buf b;
	enum fmt fmt;
	FILE *sink;           /* stream here in OUT_BLOCK blocks; NULL: keep all in b */
	int write_failed;
	struct cols cols;
	struct col_maps maps;
	size_t unit_width;
	size_t n_recognised;
};

/* Writes what the buffer holds to the sink once it holds `min` bytes. */
static void out_flush(struct out *o, size_t min)
{
	size_t n = buf_len(&o->b);
	if (o->sink == NULL || n < min || n == 0 || buf_failed(&o->b))
		return;
	if (fwrite(buf_cstr(&o->b), 1, n, o->sink) != n)
		o->write_failed = 1;
	buf_reset(&o->b);
}

static void out_begin(struct out *o, const struct scsv_batch *batch)
{
	o->unit_width = cp_len("Đơn vị");
	const struct rs_ruleset *last = NULL;
	for (size_t i = 0; i < scsv_count(batch); i++) {
		if (scsv_ruleset(batch, i) != last) /* same columns: skip the search */
			cols_add(&o->cols, last = scsv_ruleset(batch, i));
		size_t w = o->fmt == FMT_TEXT ? cp_len(scsv_unit(batch, i)) : 0;
		if (w > o->unit_width)
			o->unit_width = w;
	}
	if (o->fmt == FMT_JSON)
		buf_puts(&o->b, "{\"results\":[\n");
	else if (o->fmt == FMT_CSV)
		csv_header(&o->b, &o->cols);
	else
		text_header(&o->b, &o->cols, o->unit_width);
}

static void out_result(struct out *o, const struct scsv_batch *batch, size_t i,
		       const struct sc_result *res)
{
	const char *unit = scsv_unit(batch, i);
	int year = scsv_year(batch, i);
	if (o->fmt == FMT_JSON)
		sj_result(&o->b, unit, year, res, i == 0);
	else if (o->fmt == FMT_CSV)
		csv_result(&o->b, &o->cols, &o->maps, unit, year, res);
	else
		text_result(&o->b, &o->cols, o->unit_width, unit, year, res);
}

/* Every input error, before anything is written. */
static int check_all(const struct scsv_batch *batch, const char *name, struct tc_err *err)
{
	for (size_t i = 0; i < scsv_count(batch); i++) {
		long line = 0;
		if (sc_sheet_check(scsv_sheet(batch, i), &line, err) != 0) {
			if (line > 0)
				tc_err_prefix(err, "%s:%ld: ", name, line);
			return -1;
		}
	}
	return 0;
}

static int score_all(const struct scsv_batch *batch, const char *name, struct out *o,
		     struct tc_err *err)
{
	if (check_all(batch, name, err) != 0)
		return -1;
	unsigned flags = o->fmt == FMT_JSON ? SC_EXPLAIN : 0;
	out_begin(o, batch);
	for (size_t i = 0; i < scsv_count(batch) && !o->write_failed; i++) {
		long line = 0;
		struct sc_result *res = sc_evaluate_opt(scsv_sheet(batch, i), flags, &line, err);
		if (res == NULL) {
			if (line > 0)
				tc_err_prefix(err, "%s:%ld: ", name, line);
			return -1;
		}
		out_result(o, batch, i, res);
		o->n_recognised += res->recognised;
		sc_result_free(res);
		out_flush(o, OUT_BLOCK);
	}
	if (o->fmt == FMT_JSON)
		buf_puts(&o->b, "\n]}\n");
	else if (o->fmt == FMT_TEXT)
		buf_printf(&o->b, "Tổng cộng: %zu đơn vị, %zu đạt chuẩn.\n", scsv_count(batch),
			   o->n_recognised);
	if (buf_failed(&o->b))
		return tc_err_set(err, TC_ENOMEM, "out of memory building the output");
	out_flush(o, 0);
	if (o->write_failed || (o->sink != NULL && fflush(o->sink) != 0))
		return tc_err_set(err, TC_EIO, "tiepcan score: cannot write the output");
	return 0;
}

/* Input errors carry "FILE:LINE: " already: print them bare. */
static int fail(const struct tc_err *err)
{
	fprintf(stderr, "%s\n", err->msg);
	int st = tc_err_exit_status(err->code);
	return st ? st : 1;
}

static int run(const struct opts *o, struct reg *reg, struct out *out, struct tc_err *err)
{
	struct resolver rv = {reg, NULL};
	if (o->ruleset != NULL) {
		rv.fixed = reg_find(reg, o->ruleset);
		if (rv.fixed == NULL) {
			char known[512];
			list_rulesets(reg, known, sizeof known);
			return tc_err_set(err, TC_EINPUT, "tiepcan score: unknown rule set '%s' "
					  "(known: %s)", o->ruleset, known);
		}
	}
	size_t len = 0;
	char *data = tc_read_file(o->file, SCORE_MAX_INPUT, &len, err);
	if (data == NULL)
		return -1;
	struct scsv_batch *batch = scsv_parse(data, len, o->file, resolve, &rv, err);
	int rc = batch ? score_all(batch, o->file, out, err) : -1;
	scsv_free(batch);
	tc_free(data);
	return rc;
}

/* The built-in sets, --rules-dir, then with --db the uploads kept there
 * (the same order as serve: app/registry.h). */
static struct reg *load_rules(const struct opts *o, struct tc_err *err)
{
	if (o->db == NULL)
		return reg_load(o->rules_dir, err);
	struct store *st = cli_open_store(o->db, STORE_OPEN_READONLY, err);
	if (st == NULL)
		return NULL;
	struct reg *reg = reg_load_store(o->rules_dir, st, err);
	store_close(st);
	return reg;
}

int cmd_score(int argc, char **argv)
{
	struct opts o = {NULL, NULL, FMT_JSON, "-", NULL};
	int done = 0, rc = parse_args(argc, argv, &o, &done);
	if (rc != 0 || done)
		return rc;
	struct tc_err err;
	tc_err_clear(&err);
	struct reg *reg = load_rules(&o, &err);
	if (reg == NULL)
		return fail(&err);
	struct out out = {.fmt = o.fmt, .sink = stdout};
	buf_init(&out.b, 0);
	rc = run(&o, reg, &out, &err);
	reg_free(reg);
	buf_free(&out.b);
	return rc != 0 ? fail(&err) : 0;
}

/* ---- For other commands (export scores) ------------------------------------ */

/* Added for `tiepcan export scores` (store branch): the same parsing,
 * scoring and output as `score`, on a CSV already in memory. */
int cli_score_buffer(char *data, size_t len, const char *name, const char *format,
		     struct store *st, struct buf *out, struct tc_err *err)
{
	struct out o = {.fmt = FMT_JSON};
	if (strcmp(format, "csv") == 0)
		o.fmt = FMT_CSV;
	else if (strcmp(format, "text") == 0)
		o.fmt = FMT_TEXT;
	else if (strcmp(format, "json") != 0)
		return tc_err_set(err, TC_EINPUT, "unknown format '%s' (json, csv or text)", format);
	struct reg *reg = st ? reg_load_store(NULL, st, err) : reg_load(NULL, err);
	if (reg == NULL)
		return -1;
	struct resolver rv = {reg, NULL};
	buf_init(&o.b, 0);
	struct scsv_batch *batch = scsv_parse(data, len, name, resolve, &rv, err);
	int rc = batch ? score_all(batch, name, &o, err) : -1;
	scsv_free(batch);
	reg_free(reg);
	if (rc == 0 && buf_append(out, buf_cstr(&o.b), buf_len(&o.b)) != 0)
		rc = tc_err_set(err, TC_ENOMEM, "out of memory building the output");
	buf_free(&o.b);
	return rc;
}
