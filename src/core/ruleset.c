/* ruleset.c — the rule-set loader (format: docs/RULES.md).
 *
 * How it works: the text is copied once, split into lines in place and each
 * line dispatched through a keyword table (keyword, where it may appear,
 * handler). Blocks are built in growable "builder" vectors; when the whole
 * text has been read and checked, the tree is laid out in its final, compact
 * form in one arena. Nothing is half-loaded: on any error every builder
 * vector and the arena are freed and NULL is returned.
 *
 * Ownership: every string and array of a loaded rule set lives in the arena
 * of its holder (struct rs_holder, whose first member is the public
 * struct rs_ruleset), so rs_free() frees a list of chunks and nothing else.
 * Pure: no I/O, no globals.
 */
#include "core/ruleset.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/mem.h"
#include "util/utf8.h"

#define RS_MAX_TEXT ((size_t)16 << 20)
#define RS_MAX_INPUTS 16
#define RS_MAX_BANDS 16
#define RS_YEAR_MIN 1990
#define RS_YEAR_MAX 2200

/* ---- Arena ------------------------------------------------------------- */

struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[]; /* aligned for anything */
};

struct rs_holder {
	struct rs_ruleset rs; /* first: rs_free casts back */
	struct chunk *chunks;
};

#define CHUNK_MIN ((size_t)16 << 10)
#define ALIGN_UP(n) (((n) + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1))

/* Zeroed memory owned by h; NULL when out of memory. */
static void *ar_alloc(struct rs_holder *h, size_t n)
{
	if (n > SIZE_MAX / 2)
		return NULL;
	n = ALIGN_UP(n ? n : 1);
	struct chunk *c = h->chunks;
	if (c == NULL || c->cap - c->used < n) {
		size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;
		c = tc_malloc(sizeof *c + cap);
		if (c == NULL)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = h->chunks;
		h->chunks = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

static char *ar_strndup(struct rs_holder *h, const char *s, size_t n)
{
	char *d = ar_alloc(h, n + 1);
	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void holder_free(struct rs_holder *h)
{
	if (h == NULL)
		return;
	struct chunk *c = h->chunks;
	while (c != NULL) {
		struct chunk *next = c->next;
		tc_free(c);
		c = next;
	}
	tc_free(h);
}

void rs_free(struct rs_ruleset *rs)
{
	holder_free((struct rs_holder *)rs);
}

/* ---- Parser state ------------------------------------------------------- */

enum blk { B_HEAD, B_CRIT, B_IND, B_SUB, B_GATE, B_PASS };

/* Scopes in which a keyword may appear (bit per enum blk). */
#define S_HEAD (1u << B_HEAD)
#define S_CRIT (1u << B_CRIT)
#define S_IND (1u << B_IND)
#define S_SUB (1u << B_SUB)
#define S_GATE (1u << B_GATE)
#define S_PASS (1u << B_PASS)
#define S_ITEM (S_IND | S_SUB)
#define S_ELEM (S_CRIT | S_ITEM | S_GATE | S_PASS)
#define S_ANY (S_HEAD | S_ELEM)

/* Attributes seen in the current block (duplicates are errors). */
enum {
	A_TITLE = 1u << 0, A_MAX = 1u << 1, A_KIND = 1u << 2, A_CITE = 1u << 3,
	A_CONF = 1u << 4, A_PROV = 1u << 5, A_NA = 1u << 6, A_NAW = 1u << 7,
	A_MIN = 1u << 8, A_BELOW = 1u << 9
};

/* Header lines seen. */
enum {
	H_RULESET = 1u << 0, H_TITLE = 1u << 1, H_VERSION = 1u << 2,
	H_YEARS = 1u << 3, H_MODE = 1u << 4, H_ROUNDING = 1u << 5
};

enum pass_kind { P_TOTAL, P_CLASS, P_FRAC, P_ALL_MET, P_COMPLETE, P_COUNT };

/* An indicator or sub-item while it is being built. */
struct bitem {
	struct rs_item it;
	struct rs_input in[RS_MAX_INPUTS];
	struct rs_band band[RS_MAX_BANDS];
	size_t crit;     /* index of its criterion */
	size_t parent;   /* sub-items: index of their indicator in items */
	int depth;       /* 1 indicator, 2 sub-item */
	bool has_kind_args_cond; /* kind line gave a condition to check */
};

struct parser {
	const char *name;
	struct tc_err *err;
	struct rs_holder *h;
	struct rs_ruleset *rs;
	int line;
	unsigned head_seen;
	int head_line;
	const char **basis;
	size_t n_basis, cap_basis;
	struct rs_criterion *crits;
	size_t n_crits, cap_crits;
	struct bitem *items;
	size_t n_items, cap_items;
	struct rs_gate *gates;
	size_t n_gates, cap_gates;
	bool pass_seen[P_COUNT];
	/* The block being read. */
	enum blk cur;
	size_t cur_idx;        /* index in crits / items / gates */
	enum pass_kind cur_pass;
	int cur_line;
	unsigned seen;
	bool any_block;
	/* Open containers: the criterion / indicator that later lines may
	 * add to (SIZE_MAX: none). */
	size_t open_crit, open_ind;
};

static const char *const pass_names[P_COUNT] = {
	"total_min", "total_min_by_class", "criterion_min_fraction", "all_met", "complete"
};

/* ---- Errors ------------------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static int perr_at(struct parser *p, int line, const char *fmt, ...)
{
	char msg[TC_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return tc_err_set(p->err, TC_EINPUT, "%s:%d: %s", p->name, line, msg);
}

#define perr(p, ...) perr_at((p), (p)->line, __VA_ARGS__)

static int oom(struct parser *p)
{
	return tc_err_set(p->err, TC_ENOMEM,
			  "%s: out of memory while loading the rule set", p->name);
}

/* ---- Small helpers ------------------------------------------------------ */

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Splits the next space-separated token off *s (in place); NULL if none. */
static char *next_tok(char **s)
{
	char *a = *s;
	while (is_space(*a))
		a++;
	if (*a == '\0') {
		*s = a;
		return NULL;
	}
	char *b = a;
	while (*b != '\0' && !is_space(*b))
		b++;
	if (*b != '\0')
		*b++ = '\0';
	*s = b;
	return a;
}

static void trim_right(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (is_space(s[n - 1]) || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static bool is_name(const char *s)
{
	if (*s < 'a' || *s > 'z')
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static bool is_id(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* "1", "12": a positive number without leading zero, at most 3 digits. */
static bool is_num_part(const char *s, size_t n)
{
	if (n == 0 || n > 3 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Number of dot-separated parts of a code like "1.2.3", or 0 if malformed. */
static int code_depth(const char *s)
{
	int parts = 0;
	for (;;) {
		size_t n = strcspn(s, ".");
		if (!is_num_part(s, n))
			return 0;
		parts++;
		if (s[n] == '\0')
			return parts;
		s += n + 1;
	}
}

static char *dup_text(struct parser *p, const char *s)
{
	char *d = ar_strndup(p->h, s, strlen(s));
	if (d == NULL)
		oom(p);
	return d;
}

/* Grows a builder vector to hold one more element. */
static int grow(struct parser *p, void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 8;
	void *nv = tc_reallocarray(*v, nc, size);
	if (nv == NULL)
		return oom(p);
	*v = nv;
	*cap = nc;
	return 0;
}

/* Points with at most two decimals. `what` names the value in messages. */
static int parse_pts(struct parser *p, const char *tok, const char *what, tc_pts *out)
{
	if (tok == NULL)
		return perr(p, "%s is missing (a number such as 7.5)", what);
	if (pts_parse(tok, out) == 0)
		return 0;
	const char *d = strpbrk(tok, ".,");
	if (d != NULL && strspn(tok, "0123456789") == (size_t)(d - tok) && d > tok &&
	    strspn(d + 1, "0123456789") == strlen(d + 1) && strlen(d + 1) > 2)
		return perr(p, "%s '%s' has more than two decimals; points are exact to "
			    "0.01", what, tok);
	return perr(p, "%s '%s' is not a number (write e.g. 7.5 or 7,5)", what, tok);
}

static int parse_nonneg_pts(struct parser *p, const char *tok, const char *what,
			    tc_pts *out)
{
	if (parse_pts(p, tok, what, out) < 0)
		return -1;
	if (*out < 0)
		return perr(p, "%s must not be negative (got %s)", what, tok);
	return 0;
}

static int no_more(struct parser *p, char *rest, const char *kw)
{
	char *extra = next_tok(&rest);
	if (extra != NULL)
		return perr(p, "unexpected '%s' after '%s'", extra, kw);
	return 0;
}

/* ---- Current element accessors ------------------------------------------ */

static struct rs_source *cur_src(struct parser *p)
{
	switch (p->cur) {
	case B_CRIT:
		return &p->crits[p->cur_idx].src;
	case B_IND:
	case B_SUB:
		return &p->items[p->cur_idx].it.src;
	case B_GATE:
		return &p->gates[p->cur_idx].src;
	case B_PASS: {
		struct rs_pass *ps = &p->rs->pass;
		struct rs_source *s[P_COUNT] = {&ps->src_total, &ps->src_class, &ps->src_frac,
						&ps->src_all_met, &ps->src_complete};
		return s[p->cur_pass];
	}
	default:
		return NULL;
	}
}

static const char *blk_name(enum blk b)
{
	static const char *const n[] = {"header", "criterion", "indicator", "sub", "gate",
					"pass"};
	return n[b];
}

/* "criterion 1", "indicator 1.1", "pass total_min" for messages. */
static void cur_label(struct parser *p, char *buf, size_t n)
{
	const char *code = "";
	if (p->cur == B_CRIT)
		code = p->crits[p->cur_idx].code;
	else if (p->cur == B_IND || p->cur == B_SUB)
		code = p->items[p->cur_idx].it.code;
	else if (p->cur == B_GATE)
		code = p->gates[p->cur_idx].code;
	else if (p->cur == B_PASS)
		code = pass_names[p->cur_pass];
	snprintf(buf, n, "%s %s", blk_name(p->cur), code);
}

static int mark_seen(struct parser *p, unsigned bit, const char *kw)
{
	if (p->seen & bit) {
		char l[96];
		cur_label(p, l, sizeof l);
		return perr(p, "duplicate '%s' in %s (line %d); give it once", kw, l,
			    p->cur_line);
	}
	p->seen |= bit;
	return 0;
}

/* ---- Header lines ------------------------------------------------------- */

static int h_once(struct parser *p, unsigned bit, const char *kw)
{
	if (p->head_seen & bit)
		return perr(p, "duplicate header line '%s'; give it once", kw);
	p->head_seen |= bit;
	return 0;
}

static int h_ruleset(struct parser *p, char *args)
{
	if (h_once(p, H_RULESET, "ruleset") < 0)
		return -1;
	char *id = next_tok(&args);
	if (id == NULL || !is_id(id))
		return perr(p, "'ruleset' needs an id of lower-case letters, digits and '-' "
			    "(e.g. qd25-2021)");
	if (no_more(p, args, "ruleset ID") < 0)
		return -1;
	p->head_line = p->line;
	return (p->rs->id = dup_text(p, id)) ? 0 : -1;
}

static int h_text(struct parser *p, char *args, const char *kw, const char **out)
{
	if (*args == '\0')
		return perr(p, "'%s' needs a text", kw);
	return (*out = dup_text(p, args)) ? 0 : -1;
}

static int h_version(struct parser *p, char *args)
{
	if (h_once(p, H_VERSION, "version") < 0)
		return -1;
	return h_text(p, args, "version", &p->rs->version);
}

static int h_basis(struct parser *p, char *args)
{
	if (grow(p, (void **)&p->basis, &p->cap_basis, p->n_basis, sizeof *p->basis) < 0)
		return -1;
	if (h_text(p, args, "basis", &p->basis[p->n_basis]) < 0)
		return -1;
	p->n_basis++;
	return 0;
}

static int parse_year(struct parser *p, const char *tok, int *out)
{
	tc_pts v;
	if (tok == NULL || strspn(tok, "0123456789") != strlen(tok) ||
	    pts_parse(tok, &v) < 0 || v / 100 < RS_YEAR_MIN || v / 100 > RS_YEAR_MAX)
		return perr(p, "'years FROM TO' needs two years between %d and %d",
			    RS_YEAR_MIN, RS_YEAR_MAX);
	*out = (int)(v / 100);
	return 0;
}

static int h_years(struct parser *p, char *args)
{
	if (h_once(p, H_YEARS, "years") < 0)
		return -1;
	if (parse_year(p, next_tok(&args), &p->rs->year_from) < 0 ||
	    parse_year(p, next_tok(&args), &p->rs->year_to) < 0 ||
	    no_more(p, args, "years FROM TO") < 0)
		return -1;
	if (p->rs->year_from > p->rs->year_to)
		return perr(p, "years %d %d: the first year is after the last",
			    p->rs->year_from, p->rs->year_to);
	return 0;
}

static int h_mode(struct parser *p, char *args)
{
	if (h_once(p, H_MODE, "mode") < 0)
		return -1;
	char *v = next_tok(&args);
	if (v != NULL && strcmp(v, "points") == 0)
		p->rs->mode = RS_MODE_POINTS;
	else if (v != NULL && strcmp(v, "achievement") == 0)
		p->rs->mode = RS_MODE_ACHIEVEMENT;
	else
		return perr(p, "'mode' must be 'points' or 'achievement'");
	return no_more(p, args, "mode");
}

static int h_rounding(struct parser *p, char *args)
{
	if (h_once(p, H_ROUNDING, "rounding") < 0)
		return -1;
	char *v = next_tok(&args);
	if (v != NULL && strcmp(v, "half_up") == 0)
		p->rs->rounding = RS_ROUND_HALF_UP;
	else if (v != NULL && strcmp(v, "down") == 0)
		p->rs->rounding = RS_ROUND_DOWN;
	else
		return perr(p, "'rounding' must be 'half_up' or 'down'");
	return no_more(p, args, "rounding");
}

/* ---- Attributes shared by every element ----------------------------------- */

static int a_title(struct parser *p, char *args)
{
	if (p->cur == B_HEAD) {
		if (h_once(p, H_TITLE, "title") < 0)
			return -1;
		return h_text(p, args, "title", &p->rs->title);
	}
	if (mark_seen(p, A_TITLE, "title") < 0)
		return -1;
	const char **t = p->cur == B_CRIT ? &p->crits[p->cur_idx].title
		       : p->cur == B_GATE ? &p->gates[p->cur_idx].title
					  : &p->items[p->cur_idx].it.title;
	return h_text(p, args, "title", t);
}

static int a_cite(struct parser *p, char *args)
{
	if (mark_seen(p, A_CITE, "cite") < 0)
		return -1;
	return h_text(p, args, "cite", &cur_src(p)->cite);
}

static int a_confidence(struct parser *p, char *args)
{
	if (mark_seen(p, A_CONF, "confidence") < 0)
		return -1;
	char *v = next_tok(&args);
	struct rs_source *s = cur_src(p);
	if (v != NULL && strcmp(v, "high") == 0)
		s->confidence = RS_CONF_HIGH;
	else if (v != NULL && strcmp(v, "medium") == 0)
		s->confidence = RS_CONF_MEDIUM;
	else if (v != NULL && strcmp(v, "low") == 0)
		s->confidence = RS_CONF_LOW;
	else
		return perr(p, "'confidence' must be high, medium or low");
	return no_more(p, args, "confidence");
}

static int a_provisional(struct parser *p, char *args)
{
	if (mark_seen(p, A_PROV, "provisional") < 0)
		return -1;
	if (*args == '\0')
		return perr(p, "'provisional' needs the reason (what is not known and "
			    "what this value stands in for)");
	struct rs_source *s = cur_src(p);
	s->provisional = true;
	p->rs->provisional = true;
	return (s->provisional_reason = dup_text(p, args)) ? 0 : -1;
}

static int a_note(struct parser *p, char *args)
{
	if (*args == '\0')
		return perr(p, "'note' needs a text");
	struct rs_source *s = cur_src(p);
	size_t old = s->notes ? strlen(s->notes) : 0, add = strlen(args);
	char *n = ar_alloc(p->h, old + add + 2);
	if (n == NULL)
		return oom(p);
	if (old) {
		memcpy(n, s->notes, old);
		n[old++] = '\n';
	}
	memcpy(n + old, args, add + 1);
	s->notes = n;
	return 0;
}

/* ---- Criterion / item attributes ---------------------------------------- */

static struct rs_item *cur_item(struct parser *p)
{
	return &p->items[p->cur_idx].it;
}

static int a_max(struct parser *p, char *args)
{
	if (mark_seen(p, A_MAX, "max") < 0)
		return -1;
	if (p->rs->mode == RS_MODE_ACHIEVEMENT)
		return perr(p, "'max' is not used in achievement mode (mode achievement); "
			    "remove it");
	tc_pts v;
	if (parse_nonneg_pts(p, next_tok(&args), "max", &v) < 0 ||
	    no_more(p, args, "max POINTS") < 0)
		return -1;
	if (v == 0)
		return perr(p, "max must be above 0");
	if (p->cur == B_CRIT)
		p->crits[p->cur_idx].max = v;
	else
		cur_item(p)->max = v;
	return 0;
}

static int parse_op(const char *s, enum rs_op *op)
{
	static const struct { const char *s; enum rs_op op; } ops[] = {
		{">=", RS_OP_GE}, {">", RS_OP_GT}, {"<=", RS_OP_LE},
		{"<", RS_OP_LT},  {"=", RS_OP_EQ}, {"!=", RS_OP_NE},
	};
	for (size_t i = 0; s && i < sizeof ops / sizeof ops[0]; i++)
		if (strcmp(s, ops[i].s) == 0) {
			*op = ops[i].op;
			return 0;
		}
	return -1;
}

/* "NAME OP NAME-or-NUMBER" from *rest (consumes three tokens). */
static int parse_cond(struct parser *p, char **rest, struct rs_cond *c)
{
	char *l = next_tok(rest), *o = next_tok(rest), *r = next_tok(rest);
	if (l == NULL || r == NULL || parse_op(o, &c->op) < 0)
		return perr(p, "a condition reads 'NAME OP VALUE' with OP one of "
			    ">= > <= < = != (e.g. issued >= assigned)");
	if (!is_name(l))
		return perr(p, "'%s' is not an input name ([a-z][a-z0-9_]*)", l);
	if ((c->lhs = dup_text(p, l)) == NULL)
		return -1;
	if (*r >= 'a' && *r <= 'z') {
		if (!is_name(r))
			return perr(p, "'%s' is not an input name ([a-z][a-z0-9_]*)", r);
		if ((c->rhs = dup_text(p, r)) == NULL)
			return -1;
	} else if (parse_nonneg_pts(p, r, "the value compared with", &c->rhs_value) < 0) {
		return -1;
	}
	c->set = true;
	return 0;
}

static int name_arg(struct parser *p, char **rest, const char *what, const char **out)
{
	char *t = next_tok(rest);
	if (t == NULL || !is_name(t))
		return perr(p, "%s needs an input name ([a-z][a-z0-9_]*)", what);
	return (*out = dup_text(p, t)) ? 0 : -1;
}

static int k_none(struct parser *p, struct rs_item *it, char **rest)
{
	(void)p, (void)it, (void)rest;
	return 0;
}

static int k_cond(struct parser *p, struct rs_item *it, char **rest)
{
	return parse_cond(p, rest, &it->cond);
}

static int k_num_den(struct parser *p, struct rs_item *it, char **rest)
{
	if (name_arg(p, rest, "the numerator", &it->num) < 0 ||
	    name_arg(p, rest, "the denominator", &it->den) < 0)
		return -1;
	if (strcmp(it->num, it->den) == 0)
		return perr(p, "numerator and denominator are the same input '%s'", it->num);
	return 0;
}

/* yes_no NAME: the bool input is kept in `num`. */
static int k_yes_no(struct parser *p, struct rs_item *it, char **rest)
{
	return name_arg(p, rest, "kind yes_no", &it->num);
}

static int k_deduction(struct parser *p, struct rs_item *it, char **rest)
{
	if (p->cur != B_SUB)
		return perr(p, "kind deduction is for sub-items (a 'sub' block)");
	if (parse_nonneg_pts(p, next_tok(rest), "the deduction amount", &it->deduct) < 0)
		return -1;
	if (it->deduct == 0)
		return perr(p, "the deduction amount must be above 0");
	return parse_cond(p, rest, &it->cond);
}

static int k_achievement(struct parser *p, struct rs_item *it, char **rest)
{
	char *save = *rest;
	char *form = next_tok(rest);
	if (form == NULL)
		return 0;
	if (strcmp(form, "all") == 0) {
		it->all_subs = true;
		return 0;
	}
	if (strcmp(form, "when") == 0)
		return parse_cond(p, rest, &it->cond);
	if (strcmp(form, "ratio") == 0) {
		if (k_num_den(p, it, rest) < 0 ||
		    parse_nonneg_pts(p, next_tok(rest), "the threshold", &it->threshold) < 0)
			return -1;
		if (it->threshold > 100 * TC_PTS_SCALE)
			return perr(p, "the threshold is a percentage, 0 to 100");
		return 0;
	}
	*rest = save;
	return perr(p, "kind achievement takes nothing, 'all', 'when COND' or "
		    "'ratio NUM DEN THRESHOLD' (got '%s')", form);
}

static const struct {
	const char *name;
	enum rs_kind kind;
	int (*parse)(struct parser *, struct rs_item *, char **);
} kinds[] = {
	{"points", RS_POINTS, k_none},
	{"all_or_nothing", RS_ALL_OR_NOTHING, k_cond},
	{"ratio_bands", RS_RATIO_BANDS, k_num_den},
	{"proportional", RS_PROPORTIONAL, k_num_den},
	{"sum", RS_SUM, k_none},
	{"not_arising", RS_NOT_ARISING, k_none},
	{"deduction", RS_DEDUCTION, k_deduction},
	{"yes_no", RS_YES_NO, k_yes_no},
	{"achievement", RS_ACHIEVEMENT, k_achievement},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

const char *rs_kind_name(enum rs_kind k)
{
	for (size_t i = 0; i < N_KINDS; i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "?";
}

static int a_kind(struct parser *p, char *args)
{
	if (mark_seen(p, A_KIND, "kind") < 0)
		return -1;
	char *k = next_tok(&args);
	size_t i = 0;
	while (k != NULL && i < N_KINDS && strcmp(kinds[i].name, k) != 0)
		i++;
	if (k == NULL || i == N_KINDS)
		return perr(p, "unknown kind '%s'; see docs/RULES.md for the kinds",
			    k ? k : "");
	bool ach = kinds[i].kind == RS_ACHIEVEMENT;
	if (ach != (p->rs->mode == RS_MODE_ACHIEVEMENT))
		return perr(p, ach ? "kind achievement needs 'mode achievement' in the header"
				   : "in achievement mode every kind is 'achievement ...'");
	struct rs_item *it = cur_item(p);
	it->kind = kinds[i].kind;
	if (kinds[i].parse(p, it, &args) < 0)
		return -1;
	return no_more(p, args, "kind");
}

static int parse_input_type(const char *s, enum rs_input_type *t)
{
	static const char *const names[] = {"count", "number", "percent", "bool"};
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*t = (enum rs_input_type)i;
			return 0;
		}
	return -1;
}

static int a_input(struct parser *p, char *args)
{
	if (p->cur == B_SUB)
		return perr(p, "inputs are declared on the indicator; a sub-item reads its "
			    "indicator's inputs");
	struct bitem *b = &p->items[p->cur_idx];
	char *name = next_tok(&args), *type = next_tok(&args);
	if (name == NULL || !is_name(name))
		return perr(p, "'input' reads 'input NAME TYPE LABEL' with NAME "
			    "[a-z][a-z0-9_]*");
	struct rs_input *in = &b->in[b->it.n_inputs];
	if (parse_input_type(type, &in->type) < 0)
		return perr(p, "input %s: TYPE must be count, number, percent or bool", name);
	if (*args == '\0')
		return perr(p, "input %s needs a label (the Vietnamese text for forms)", name);
	for (size_t i = 0; i < b->it.n_inputs; i++)
		if (strcmp(b->in[i].name, name) == 0)
			return perr(p, "duplicate input '%s' in indicator %s", name, b->it.code);
	if (b->it.n_inputs == RS_MAX_INPUTS)
		return perr(p, "too many inputs (at most %d per indicator)", RS_MAX_INPUTS);
	if ((in->name = dup_text(p, name)) == NULL || (in->label = dup_text(p, args)) == NULL)
		return -1;
	b->it.n_inputs++;
	return 0;
}

static int a_not_arising(struct parser *p, char *args)
{
	if (mark_seen(p, A_NA, "not_arising") < 0)
		return -1;
	struct rs_item *it = cur_item(p);
	char *v = next_tok(&args);
	it->not_arising = true;
	if (p->rs->mode == RS_MODE_ACHIEVEMENT) {
		if (v == NULL || strcmp(v, "met") != 0)
			return perr(p, "in achievement mode write 'not_arising met'");
	} else if (parse_nonneg_pts(p, v, "the not_arising points",
				    &it->not_arising_points) < 0) {
		return -1;
	}
	return no_more(p, args, "not_arising");
}

static int a_not_arising_when(struct parser *p, char *args)
{
	if (mark_seen(p, A_NAW, "not_arising_when") < 0)
		return -1;
	if (parse_cond(p, &args, &cur_item(p)->not_arising_when) < 0)
		return -1;
	return no_more(p, args, "not_arising_when COND");
}

static int a_min(struct parser *p, char *args)
{
	if (mark_seen(p, A_MIN, "min") < 0)
		return -1;
	if (p->rs->mode == RS_MODE_ACHIEVEMENT)
		return perr(p, "'min' is for points regimes");
	if (parse_nonneg_pts(p, next_tok(&args), "min", &cur_item(p)->min) < 0)
		return -1;
	return no_more(p, args, "min POINTS");
}

static int a_below_zero(struct parser *p, char *args)
{
	if (mark_seen(p, A_BELOW, "below_zero") < 0)
		return -1;
	char *v = next_tok(&args);
	if (v == NULL || (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0))
		return perr(p, "'below_zero' must be yes or no");
	cur_item(p)->below_zero = strcmp(v, "yes") == 0;
	return no_more(p, args, "below_zero");
}

static int a_band(struct parser *p, char *args)
{
	struct bitem *b = &p->items[p->cur_idx];
	struct rs_band band;
	char *lo = next_tok(&args), *hi = next_tok(&args);
	if (parse_nonneg_pts(p, lo, "band LO", &band.lo) < 0)
		return -1;
	if (hi != NULL && strcmp(hi, "*") == 0)
		band.hi = TC_PTS_NONE;
	else if (parse_nonneg_pts(p, hi, "band HI", &band.hi) < 0)
		return -1;
	if (parse_nonneg_pts(p, next_tok(&args), "band POINTS", &band.points) < 0 ||
	    no_more(p, args, "band LO HI POINTS") < 0)
		return -1;
	if (band.lo > 100 * TC_PTS_SCALE)
		return perr(p, "band %s: LO is a percentage, 0 to 100", lo);
	if (band.hi != TC_PTS_NONE && band.hi <= band.lo)
		return perr(p, "band %s %s: LO must be below HI", lo, hi);
	if (b->it.n_bands > 0) {
		const struct rs_band *prev = &b->band[b->it.n_bands - 1];
		if (prev->hi == TC_PTS_NONE || band.lo < prev->hi)
			return perr(p, "band %s %s overlaps or precedes the band before it; "
				    "list bands from the lowest ratio up without overlap", lo, hi);
	}
	if (b->it.n_bands == RS_MAX_BANDS)
		return perr(p, "too many bands (at most %d)", RS_MAX_BANDS);
	b->band[b->it.n_bands++] = band;
	return 0;
}

/* ---- Closing blocks: required attributes and cross-checks ------------------ */

static int need(struct parser *p, unsigned bit, const char *kw)
{
	if (p->seen & bit)
		return 0;
	char l[96];
	cur_label(p, l, sizeof l);
	return perr_at(p, p->cur_line, "%s has no '%s' line; add one", l, kw);
}

static int need_source(struct parser *p)
{
	return need(p, A_CITE, "cite") < 0 || need(p, A_CONF, "confidence") < 0 ? -1 : 0;
}

static const struct rs_input *find_in(const struct bitem *b, const char *name)
{
	for (size_t i = 0; i < b->it.n_inputs; i++)
		if (strcmp(b->in[i].name, name) == 0)
			return &b->in[i];
	return NULL;
}

/* The indicator whose inputs `b` reads (itself, or its parent). */
static const struct bitem *input_owner(const struct parser *p, const struct bitem *b)
{
	return b->depth == 2 ? &p->items[b->parent] : b;
}

static int check_ref(struct parser *p, const struct bitem *b, const char *name,
		     const char *where)
{
	if (name == NULL)
		return 0;
	const struct bitem *o = input_owner(p, b);
	if (find_in(o, name) != NULL)
		return 0;
	return perr_at(p, b->it.line, "%s %s: %s uses input '%s', which indicator %s "
		       "does not declare; add 'input %s TYPE LABEL' to indicator %s",
		       b->depth == 2 ? "sub" : "indicator", b->it.code, where, name,
		       o->it.code, name, o->it.code);
}

static int check_refs(struct parser *p, const struct bitem *b)
{
	const struct rs_item *it = &b->it;
	if (check_ref(p, b, it->num, "the kind") < 0 || check_ref(p, b, it->den, "the kind") < 0 ||
	    check_ref(p, b, it->cond.lhs, "the kind") < 0 ||
	    check_ref(p, b, it->cond.rhs, "the kind") < 0 ||
	    check_ref(p, b, it->not_arising_when.lhs, "not_arising_when") < 0 ||
	    check_ref(p, b, it->not_arising_when.rhs, "not_arising_when") < 0)
		return -1;
	if (it->kind == RS_YES_NO && find_in(input_owner(p, b), it->num)->type != RS_IN_BOOL)
		return perr_at(p, it->line, "%s: kind yes_no needs a bool input; '%s' is not",
			       it->code, it->num);
	return 0;
}

/* Limits that depend on max (given in any order within the block). */
static int check_item_points(struct parser *p, const struct bitem *b)
{
	const struct rs_item *it = &b->it;
	char m[24];
	if (it->max == TC_PTS_NONE)
		return 0;
	pts_format(it->max, m, sizeof m);
	if (it->not_arising_points != TC_PTS_NONE && it->not_arising_points > it->max)
		return perr_at(p, it->line, "%s: not_arising points exceed max %s", it->code, m);
	if (it->min != TC_PTS_NONE && it->min > it->max)
		return perr_at(p, it->line, "%s: min exceeds max %s", it->code, m);
	for (size_t i = 0; i < it->n_bands; i++)
		if (b->band[i].points > it->max)
			return perr_at(p, it->line, "%s: a band gives more points than max %s",
				       it->code, m);
	return 0;
}

static int close_item(struct parser *p)
{
	struct bitem *b = &p->items[p->cur_idx];
	struct rs_item *it = &b->it;
	bool points = p->rs->mode == RS_MODE_POINTS;
	if (need(p, A_TITLE, "title") < 0 || need(p, A_KIND, "kind") < 0 || need_source(p) < 0)
		return -1;
	if (it->kind == RS_DEDUCTION && (p->seen & A_MAX))
		return perr_at(p, it->line, "sub %s: a deduction has no max (its amount is "
			       "subtracted); remove the max line", it->code);
	if (points && it->kind != RS_DEDUCTION && need(p, A_MAX, "max") < 0)
		return -1;
	if (it->kind == RS_RATIO_BANDS && it->n_bands == 0)
		return perr_at(p, it->line, "%s: kind ratio_bands needs 'band LO HI POINTS' "
			       "lines", it->code);
	if (it->kind != RS_RATIO_BANDS && it->n_bands > 0)
		return perr_at(p, it->line, "%s: 'band' lines are only for kind ratio_bands",
			       it->code);
	if (it->kind == RS_NOT_ARISING && !it->not_arising)
		return perr_at(p, it->line, "%s: kind not_arising needs a 'not_arising POINTS' "
			       "line", it->code);
	if ((p->seen & A_NAW) && !it->not_arising)
		return perr_at(p, it->line, "%s: not_arising_when needs a 'not_arising' line "
			       "saying what not arising gives", it->code);
	if ((p->seen & A_BELOW) && it->kind != RS_DEDUCTION)
		return perr_at(p, it->line, "%s: below_zero is only for kind deduction", it->code);
	if (b->depth == 2 && it->kind == RS_DEDUCTION && p->items[b->parent].it.kind != RS_SUM)
		return perr_at(p, it->line, "sub %s: a deduction needs its indicator to be "
			       "kind sum", it->code);
	if (check_item_points(p, b) < 0)
		return -1;
	return check_refs(p, b);
}

static int close_block(struct parser *p)
{
	switch (p->cur) {
	case B_HEAD:
		return 0;
	case B_CRIT:
		if (need(p, A_TITLE, "title") < 0 || need_source(p) < 0)
			return -1;
		return p->rs->mode == RS_MODE_POINTS ? need(p, A_MAX, "max") : 0;
	case B_IND:
	case B_SUB:
		return close_item(p);
	case B_GATE:
		return need(p, A_TITLE, "title") < 0 ? -1 : need_source(p);
	case B_PASS:
		return need_source(p);
	}
	return 0;
}

/* Called when no more sub-items can follow the open indicator. */
static int close_indicator(struct parser *p)
{
	if (p->open_ind == SIZE_MAX)
		return 0;
	const struct bitem *b = &p->items[p->open_ind];
	p->open_ind = SIZE_MAX;
	size_t n = 0;
	tc_pts sum = 0;
	for (size_t i = 0; i < p->n_items; i++) {
		const struct bitem *s = &p->items[i];
		if (s->depth != 2 || s->parent != (size_t)(b - p->items))
			continue;
		n++;
		if (s->it.kind != RS_DEDUCTION && s->it.max != TC_PTS_NONE)
			sum += s->it.max;
	}
	bool wants = b->it.kind == RS_SUM || b->it.all_subs;
	if (n > 0 && !wants)
		return perr_at(p, b->it.line, "indicator %s has sub-items but kind %s; "
			       "sub-items need kind sum (points) or achievement all", b->it.code,
			       rs_kind_name(b->it.kind));
	if (n == 0 && wants)
		return perr_at(p, b->it.line, "indicator %s: kind %s needs sub-items ('sub "
			       "%s.1' ...)", b->it.code, b->it.all_subs ? "achievement all" : "sum",
			       b->it.code);
	if (b->it.kind == RS_SUM && sum != b->it.max) {
		char s1[24], s2[24];
		return perr_at(p, b->it.line, "indicator %s: its sub-items' maxima sum to %s "
			       "but its max is %s (kind sum; deductions excluded)", b->it.code,
			       pts_format(sum, s1, sizeof s1), pts_format(b->it.max, s2, sizeof s2));
	}
	return 0;
}

/* Called when no more indicators can follow the open criterion. */
static int close_criterion(struct parser *p)
{
	if (p->open_crit == SIZE_MAX)
		return 0;
	const struct rs_criterion *c = &p->crits[p->open_crit];
	p->open_crit = SIZE_MAX;
	if (c->max == TC_PTS_NONE)
		return 0;
	tc_pts sum = 0;
	for (size_t i = 0; i < p->n_items; i++)
		if (p->items[i].depth == 1 && p->items[i].crit == (size_t)(c - p->crits))
			sum += p->items[i].it.max;
	if (sum > c->max) {
		char s1[24], s2[24];
		return perr_at(p, c->line, "criterion %s: its indicators' maxima sum to %s, "
			       "more than the criterion max %s", c->code,
			       pts_format(sum, s1, sizeof s1), pts_format(c->max, s2, sizeof s2));
	}
	return 0;
}

static void open_block(struct parser *p, enum blk b, size_t idx)
{
	p->cur = b;
	p->cur_idx = idx;
	p->cur_line = p->line;
	p->seen = 0;
	p->any_block = true;
}

/* Ends the current block; `level` says which containers end with it:
 * 0 none (a sub-item follows), 1 the indicator, 2 indicator and criterion. */
static int end_blocks(struct parser *p, int level)
{
	if (close_block(p) < 0)
		return -1;
	if (level >= 1 && close_indicator(p) < 0)
		return -1;
	return level >= 2 ? close_criterion(p) : 0;
}

/* ---- Block lines -------------------------------------------------------- */

static long find_crit(const struct parser *p, const char *code)
{
	for (size_t i = 0; i < p->n_crits; i++)
		if (strcmp(p->crits[i].code, code) == 0)
			return (long)i;
	return -1;
}

static long find_bitem(const struct parser *p, const char *code)
{
	for (size_t i = 0; i < p->n_items; i++)
		if (strcmp(p->items[i].it.code, code) == 0)
			return (long)i;
	return -1;
}

static int b_criterion(struct parser *p, char *args)
{
	if (end_blocks(p, 2) < 0)
		return -1;
	char *code = next_tok(&args);
	if (code == NULL || code_depth(code) != 1)
		return perr(p, "'criterion' needs its official number (e.g. criterion 1)");
	if (no_more(p, args, "criterion CODE") < 0)
		return -1;
	long dup = find_crit(p, code);
	if (dup >= 0)
		return perr(p, "duplicate criterion %s (first at line %d)", code,
			    p->crits[dup].line);
	if (grow(p, (void **)&p->crits, &p->cap_crits, p->n_crits, sizeof *p->crits) < 0)
		return -1;
	struct rs_criterion *c = &p->crits[p->n_crits];
	memset(c, 0, sizeof *c);
	c->max = TC_PTS_NONE;
	c->line = p->line;
	if ((c->code = dup_text(p, code)) == NULL)
		return -1;
	p->open_crit = p->n_crits;
	open_block(p, B_CRIT, p->n_crits++);
	return 0;
}

static struct bitem *new_bitem(struct parser *p, const char *code, int depth)
{
	if (grow(p, (void **)&p->items, &p->cap_items, p->n_items, sizeof *p->items) < 0)
		return NULL;
	struct bitem *b = &p->items[p->n_items];
	memset(b, 0, sizeof *b);
	b->depth = depth;
	b->it.max = TC_PTS_NONE;
	b->it.min = TC_PTS_NONE;
	b->it.not_arising_points = TC_PTS_NONE;
	b->it.threshold = TC_PTS_NONE;
	b->it.line = p->line;
	if ((b->it.code = dup_text(p, code)) == NULL)
		return NULL;
	return b;
}

/* Common start of indicator and sub lines: code syntax and duplicates. */
static char *item_code(struct parser *p, char *args, int depth, const char *kw)
{
	char *code = next_tok(&args);
	if (code == NULL || code_depth(code) != depth) {
		perr(p, depth == 2 ? "'indicator' needs a code CRITERION.N (e.g. indicator 1.2)"
				   : "'sub' needs a code CRITERION.N.M (e.g. sub 1.1.2)");
		return NULL;
	}
	if (no_more(p, args, kw) < 0)
		return NULL;
	long dup = find_bitem(p, code);
	if (dup >= 0) {
		perr(p, "duplicate code %s (first at line %d)", code, p->items[dup].it.line);
		return NULL;
	}
	return code;
}

static int b_indicator(struct parser *p, char *args)
{
	if (end_blocks(p, 1) < 0)
		return -1;
	char *code = item_code(p, args, 2, "indicator CODE");
	if (code == NULL)
		return -1;
	size_t cl = strcspn(code, ".");
	char crit[8];
	snprintf(crit, sizeof crit, "%.*s", (int)cl, code);
	long ci = find_crit(p, crit);
	if (ci < 0)
		return perr(p, "indicator %s: criterion %s does not exist; add 'criterion %s' "
			    "before it", code, crit, crit);
	if (p->open_crit != (size_t)ci)
		return perr(p, "indicator %s must follow criterion %s and its other indicators "
			    "(criterion %s is at line %d)", code, crit, crit, p->crits[ci].line);
	struct bitem *b = new_bitem(p, code, 1);
	if (b == NULL)
		return -1;
	b->crit = (size_t)ci;
	p->open_ind = p->n_items;
	open_block(p, B_IND, p->n_items++);
	return 0;
}

static int b_sub(struct parser *p, char *args)
{
	if (end_blocks(p, 0) < 0)
		return -1;
	char *code = item_code(p, args, 3, "sub CODE");
	if (code == NULL)
		return -1;
	size_t pl = strrchr(code, '.') - code;
	if (p->open_ind == SIZE_MAX ||
	    strncmp(p->items[p->open_ind].it.code, code, pl) != 0 ||
	    p->items[p->open_ind].it.code[pl] != '\0')
		return perr(p, "sub %s must follow indicator %.*s (sub-items belong to the "
			    "indicator right before them)", code, (int)pl, code);
	struct bitem *b = new_bitem(p, code, 2);
	if (b == NULL)
		return -1;
	b->parent = p->open_ind;
	b->crit = p->items[p->open_ind].crit;
	open_block(p, B_SUB, p->n_items++);
	return 0;
}

static int b_gate(struct parser *p, char *args)
{
	if (end_blocks(p, 2) < 0)
		return -1;
	char *code = next_tok(&args);
	if (code == NULL || !is_name(code) || strcmp(code, "commune_class") == 0)
		return perr(p, "'gate' needs a code [a-z][a-z0-9_]* (e.g. head_discipline)");
	if (no_more(p, args, "gate CODE") < 0)
		return -1;
	for (size_t i = 0; i < p->n_gates; i++)
		if (strcmp(p->gates[i].code, code) == 0)
			return perr(p, "duplicate gate %s (first at line %d)", code,
				    p->gates[i].line);
	if (grow(p, (void **)&p->gates, &p->cap_gates, p->n_gates, sizeof *p->gates) < 0)
		return -1;
	struct rs_gate *g = &p->gates[p->n_gates];
	memset(g, 0, sizeof *g);
	g->line = p->line;
	if ((g->code = dup_text(p, code)) == NULL)
		return -1;
	open_block(p, B_GATE, p->n_gates++);
	return 0;
}

/* total_min_by_class I=90 II=80 III=70 (all three, any order). */
static int pass_classes(struct parser *p, char *args)
{
	static const char *const cls[3] = {"I", "II", "III"};
	tc_pts *t = p->rs->pass.total_min_by_class;
	char *tok;
	while ((tok = next_tok(&args)) != NULL) {
		char *eq = strchr(tok, '=');
		int k = -1;
		for (int i = 0; eq && i < 3; i++)
			if ((size_t)(eq - tok) == strlen(cls[i]) && !strncmp(tok, cls[i], eq - tok))
				k = i;
		if (k < 0)
			return perr(p, "'%s': write the thresholds as I=90 II=80 III=70", tok);
		if (t[k] != TC_PTS_NONE)
			return perr(p, "class %s is given twice", cls[k]);
		if (parse_nonneg_pts(p, eq + 1, "the class threshold", &t[k]) < 0)
			return -1;
	}
	for (int i = 0; i < 3; i++)
		if (t[i] == TC_PTS_NONE)
			return perr(p, "total_min_by_class needs a threshold for class %s "
				    "(I=.. II=.. III=..)", cls[i]);
	return 0;
}

static int pass_args(struct parser *p, enum pass_kind k, char *args)
{
	struct rs_pass *ps = &p->rs->pass;
	tc_pts v;
	switch (k) {
	case P_TOTAL:
		if (parse_nonneg_pts(p, next_tok(&args), "total_min", &ps->total_min) < 0)
			return -1;
		break;
	case P_CLASS:
		return pass_classes(p, args);
	case P_FRAC:
		if (parse_nonneg_pts(p, next_tok(&args), "the fraction", &v) < 0)
			return -1;
		if (v == 0 || v > 100)
			return perr(p, "criterion_min_fraction is a fraction above 0 and at most "
				    "1 (e.g. 0.5)");
		ps->frac_num = v;
		ps->frac_den = 100;
		break;
	case P_ALL_MET:
		ps->all_met = true;
		break;
	case P_COMPLETE:
		ps->complete = true;
		break;
	default:
		break;
	}
	return no_more(p, args, pass_names[k]);
}

static int b_pass(struct parser *p, char *args)
{
	if (end_blocks(p, 2) < 0)
		return -1;
	char *c = next_tok(&args);
	int k = 0;
	while (c != NULL && k < P_COUNT && strcmp(pass_names[k], c) != 0)
		k++;
	if (c == NULL || k == P_COUNT)
		return perr(p, "unknown pass condition '%s'; expected total_min, "
			    "total_min_by_class, criterion_min_fraction, all_met or complete",
			    c ? c : "");
	bool ach = p->rs->mode == RS_MODE_ACHIEVEMENT;
	if (ach && (k == P_TOTAL || k == P_CLASS || k == P_FRAC))
		return perr(p, "pass %s is for points regimes, not mode achievement", c);
	if (!ach && k == P_ALL_MET)
		return perr(p, "pass all_met needs 'mode achievement' in the header");
	if (p->pass_seen[k])
		return perr(p, "duplicate pass %s", c);
	p->pass_seen[k] = true;
	if (pass_args(p, (enum pass_kind)k, args) < 0)
		return -1;
	p->cur_pass = (enum pass_kind)k;
	open_block(p, B_PASS, 0);
	return 0;
}

/* ---- Keyword table ------------------------------------------------------- */

struct keyword {
	const char *name;
	unsigned scopes;
	int (*fn)(struct parser *, char *);
};

static const struct keyword keywords[] = {
	{"ruleset", S_HEAD, h_ruleset},
	{"title", S_HEAD | S_CRIT | S_ITEM | S_GATE, a_title},
	{"version", S_HEAD, h_version},
	{"basis", S_HEAD, h_basis},
	{"years", S_HEAD, h_years},
	{"mode", S_HEAD, h_mode},
	{"rounding", S_HEAD, h_rounding},
	{"criterion", S_ANY, b_criterion},
	{"indicator", S_ANY, b_indicator},
	{"sub", S_ANY, b_sub},
	{"gate", S_ANY, b_gate},
	{"pass", S_ANY, b_pass},
	{"max", S_CRIT | S_ITEM, a_max},
	{"kind", S_ITEM, a_kind},
	{"input", S_ITEM, a_input},
	{"not_arising", S_ITEM, a_not_arising},
	{"not_arising_when", S_ITEM, a_not_arising_when},
	{"min", S_ITEM, a_min},
	{"band", S_ITEM, a_band},
	{"below_zero", S_SUB, a_below_zero},
	{"cite", S_ELEM, a_cite},
	{"confidence", S_ELEM, a_confidence},
	{"provisional", S_ELEM, a_provisional},
	{"note", S_ELEM, a_note},
};
#define N_KEYWORDS (sizeof keywords / sizeof keywords[0])

static int scope_error(struct parser *p, const struct keyword *k)
{
	if (p->cur == B_HEAD && !(k->scopes & S_HEAD))
		return perr(p, "'%s' outside a block: attribute lines follow a criterion, "
			    "indicator, sub, gate or pass line", k->name);
	if (k->scopes == S_HEAD)
		return perr(p, "'%s' is a header line; put it before the first block", k->name);
	char l[96];
	cur_label(p, l, sizeof l);
	return perr(p, "'%s' is not allowed in %s (line %d)", k->name, l, p->cur_line);
}

static int do_line(struct parser *p, char *s)
{
	char *kw = next_tok(&s);
	while (is_space(*s))
		s++;
	if (!(p->head_seen & H_RULESET) && strcmp(kw, "ruleset") != 0)
		return perr(p, "the first line must be 'ruleset ID' (got '%s')", kw);
	for (size_t i = 0; i < N_KEYWORDS; i++) {
		const struct keyword *k = &keywords[i];
		if (strcmp(k->name, kw) != 0)
			continue;
		if (!(k->scopes & (1u << p->cur)))
			return scope_error(p, k);
		return k->fn(p, s);
	}
	return perr(p, "unknown keyword '%s' (keywords are lower-case; see docs/RULES.md)",
		    kw);
}

/* ---- Whole-text checks --------------------------------------------------- */

static int line_of(const char *text, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

static int check_encoding(struct parser *p, const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);
	if (nul != NULL)
		return perr_at(p, line_of(text, (size_t)(nul - text)),
			       "contains a NUL byte; rule files are UTF-8 text");
	size_t bad;
	if (!utf8_valid(text, len, &bad))
		return perr_at(p, line_of(text, bad), "invalid UTF-8 (byte 0x%02X); save the "
			       "file as UTF-8", (unsigned)(unsigned char)text[bad]);
	return 0;
}

static int check_header(struct parser *p)
{
	static const struct { unsigned bit; const char *kw; } req[] = {
		{H_RULESET, "ruleset ID"}, {H_TITLE, "title TEXT"},
		{H_VERSION, "version TEXT"}, {H_YEARS, "years FROM TO"},
	};
	int line = p->head_line ? p->head_line : 1;
	for (size_t i = 0; i < sizeof req / sizeof req[0]; i++)
		if (!(p->head_seen & req[i].bit))
			return perr_at(p, line, "the header has no '%s' line; add it before the "
				       "first block", req[i].kw);
	if (p->n_basis == 0)
		return perr_at(p, line, "the header has no 'basis' line; give at least one "
			       "legal basis");
	return 0;
}

static int check_whole(struct parser *p)
{
	if (check_header(p) < 0)
		return -1;
	if (p->n_crits == 0)
		return perr(p, "no criterion; a rule set needs at least one 'criterion' block");
	bool any = false;
	for (int k = 0; k < P_COUNT; k++)
		any |= p->pass_seen[k];
	if (!any)
		return perr(p, "no 'pass' condition; say when a commune is recognised");
	const struct rs_pass *ps = &p->rs->pass;
	if (p->rs->mode != RS_MODE_POINTS)
		return 0;
	tc_pts total = 0;
	for (size_t i = 0; i < p->n_crits; i++)
		total += p->crits[i].max;
	tc_pts need_max = ps->total_min;
	for (int i = 0; i < 3; i++)
		if (ps->total_min_by_class[i] != TC_PTS_NONE && ps->total_min_by_class[i] > need_max)
			need_max = ps->total_min_by_class[i];
	if (need_max != TC_PTS_NONE && need_max > total) {
		char s1[24], s2[24];
		return perr(p, "a pass threshold (%s) is above the sum of the criteria "
			    "maxima (%s); no commune could pass",
			    pts_format(need_max, s1, sizeof s1), pts_format(total, s2, sizeof s2));
	}
	return 0;
}

/* ---- Final layout in the arena ------------------------------------------- */

static int copy_item(struct parser *p, struct rs_item *dst, const struct bitem *b)
{
	*dst = b->it;
	dst->subs = NULL;
	dst->n_subs = 0;
	dst->inputs = NULL;
	dst->bands = NULL;
	if (b->it.n_inputs) {
		struct rs_input *in = ar_alloc(p->h, b->it.n_inputs * sizeof *in);
		if (in == NULL)
			return oom(p);
		memcpy(in, b->in, b->it.n_inputs * sizeof *in);
		dst->inputs = in;
	}
	if (b->it.n_bands) {
		struct rs_band *bd = ar_alloc(p->h, b->it.n_bands * sizeof *bd);
		if (bd == NULL)
			return oom(p);
		memcpy(bd, b->band, b->it.n_bands * sizeof *bd);
		dst->bands = bd;
	}
	return 0;
}

/* Lays out indicator items[ii] and its sub-items (which follow it). */
static int layout_indicator(struct parser *p, struct rs_item *dst, size_t ii)
{
	if (copy_item(p, dst, &p->items[ii]) < 0)
		return -1;
	size_t n = 0;
	while (ii + 1 + n < p->n_items && p->items[ii + 1 + n].depth == 2)
		n++;
	if (n == 0)
		return 0;
	struct rs_item *subs = ar_alloc(p->h, n * sizeof *subs);
	if (subs == NULL)
		return oom(p);
	for (size_t k = 0; k < n; k++) {
		if (copy_item(p, &subs[k], &p->items[ii + 1 + k]) < 0)
			return -1;
		subs[k].parent = dst;
		subs[k].inputs = dst->inputs;
		subs[k].n_inputs = dst->n_inputs;
	}
	dst->subs = subs;
	dst->n_subs = n;
	return 0;
}

static int layout_criterion(struct parser *p, struct rs_criterion *dst, size_t ci)
{
	*dst = p->crits[ci];
	size_t n = 0;
	for (size_t i = 0; i < p->n_items; i++)
		n += p->items[i].depth == 1 && p->items[i].crit == ci;
	dst->items = NULL;
	dst->n_items = n;
	if (n == 0)
		return 0;
	struct rs_item *items = ar_alloc(p->h, n * sizeof *items);
	if (items == NULL)
		return oom(p);
	size_t k = 0;
	for (size_t i = 0; i < p->n_items; i++)
		if (p->items[i].depth == 1 && p->items[i].crit == ci &&
		    layout_indicator(p, &items[k++], i) < 0)
			return -1;
	dst->items = items;
	return 0;
}

static int layout(struct parser *p)
{
	struct rs_ruleset *rs = p->rs;
	const char **basis = ar_alloc(p->h, p->n_basis * sizeof *basis);
	struct rs_criterion *crits = ar_alloc(p->h, p->n_crits * sizeof *crits);
	struct rs_gate *gates = ar_alloc(p->h, (p->n_gates + 1) * sizeof *gates);
	if (basis == NULL || crits == NULL || gates == NULL)
		return oom(p);
	memcpy(basis, p->basis, p->n_basis * sizeof *basis);
	rs->basis = basis;
	rs->n_basis = p->n_basis;
	if (p->n_gates)
		memcpy(gates, p->gates, p->n_gates * sizeof *gates);
	rs->gates = gates;
	rs->n_gates = p->n_gates;
	for (size_t i = 0; i < p->n_crits; i++)
		if (layout_criterion(p, &crits[i], i) < 0)
			return -1;
	rs->criteria = crits;
	rs->n_criteria = p->n_crits;
	return 0;
}

/* ---- Entry point ---------------------------------------------------------- */

static void parser_init(struct parser *p, struct rs_holder *h, const char *name,
			struct tc_err *err)
{
	memset(p, 0, sizeof *p);
	p->name = name;
	p->err = err;
	p->h = h;
	p->rs = &h->rs;
	p->open_crit = p->open_ind = SIZE_MAX;
	struct rs_pass *ps = &p->rs->pass;
	ps->total_min = TC_PTS_NONE;
	for (int i = 0; i < 3; i++)
		ps->total_min_by_class[i] = TC_PTS_NONE;
}

static void parser_free(struct parser *p)
{
	tc_free(p->basis);
	tc_free(p->crits);
	tc_free(p->items);
	tc_free(p->gates);
}

/* Text values must be NFC (precomposed Vietnamese diacritics), so that a
 * title typed on one system compares equal to the same title typed on
 * another. ASCII lines are NFC by definition and skipped cheaply. */
static int check_nfc(struct parser *p, const char *line)
{
	const char *c = line;
	while (*c != '\0' && (unsigned char)*c < 0x80)
		c++;
	if (*c == '\0')
		return 0;
	/* utf8proc allocates with malloc: released with free(), not tc_free(). */
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)line);
	if (nfc == NULL)
		return oom(p);
	int same = strcmp((const char *)nfc, line) == 0;
	free(nfc);
	if (!same)
		return perr(p, "the text is not in Unicode NFC form (decomposed diacritics); "
			    "re-save the file with precomposed (NFC) characters");
	return 0;
}

/* Reads every line of the NUL-terminated, mutable copy `s`. */
static int parse_lines(struct parser *p, char *s)
{
	if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
	    (unsigned char)s[2] == 0xBF)
		s += 3;
	while (*s != '\0' || p->line == 0) {
		char *nl = strchr(s, '\n');
		if (nl != NULL)
			*nl = '\0';
		p->line++;
		trim_right(s);
		while (is_space(*s))
			s++;
		if (*s != '\0' && *s != '#' && (check_nfc(p, s) < 0 || do_line(p, s) < 0))
			return -1;
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	if (end_blocks(p, 2) < 0)
		return -1;
	return check_whole(p);
}

struct rs_ruleset *rs_load_text(const char *name, const char *text, size_t len,
				struct tc_err *err)
{
	struct rs_holder *h = tc_calloc(1, sizeof *h);
	if (h == NULL) {
		tc_err_set(err, TC_ENOMEM, "%s: out of memory while loading the rule set", name);
		return NULL;
	}
	struct parser p;
	parser_init(&p, h, name, err);
	char *copy = NULL;
	int rc = len > RS_MAX_TEXT
		? tc_err_set(err, TC_EINPUT, "%s: the rule text is larger than %d MiB; a rule "
			     "set is a few dozen kilobytes", name, (int)(RS_MAX_TEXT >> 20))
		: check_encoding(&p, text, len);
	if (rc == 0 && (copy = tc_malloc(len + 1)) == NULL)
		rc = oom(&p);
	if (rc == 0) {
		memcpy(copy, text, len);
		copy[len] = '\0';
		rc = parse_lines(&p, copy);
	}
	if (rc == 0)
		rc = layout(&p);
	if (rc == 0 && (h->rs.path = dup_text(&p, name)) == NULL)
		rc = -1;
	tc_free(copy);
	parser_free(&p);
	if (rc < 0) {
		holder_free(h);
		return NULL;
	}
	return &h->rs;
}

/* ---- Look-ups ------------------------------------------------------------ */

static const struct rs_item *find_in_items(const struct rs_item *items, size_t n,
					   const char *code)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(items[i].code, code) == 0)
			return &items[i];
		const struct rs_item *s = find_in_items(items[i].subs, items[i].n_subs, code);
		if (s != NULL)
			return s;
	}
	return NULL;
}

const struct rs_item *rs_find_item(const struct rs_ruleset *rs, const char *code)
{
	for (size_t i = 0; i < rs->n_criteria; i++) {
		const struct rs_criterion *c = &rs->criteria[i];
		const struct rs_item *it = find_in_items(c->items, c->n_items, code);
		if (it != NULL)
			return it;
	}
	return NULL;
}

const struct rs_criterion *rs_find_criterion(const struct rs_ruleset *rs, const char *code)
{
	for (size_t i = 0; i < rs->n_criteria; i++)
		if (strcmp(rs->criteria[i].code, code) == 0)
			return &rs->criteria[i];
	return NULL;
}

const struct rs_gate *rs_find_gate(const struct rs_ruleset *rs, const char *code)
{
	for (size_t i = 0; i < rs->n_gates; i++)
		if (strcmp(rs->gates[i].code, code) == 0)
			return &rs->gates[i];
	return NULL;
}

const struct rs_input *rs_find_input(const struct rs_item *item, const char *name)
{
	for (size_t i = 0; i < item->n_inputs; i++)
		if (strcmp(item->inputs[i].name, name) == 0)
			return &item->inputs[i];
	return NULL;
}
