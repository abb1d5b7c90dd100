/* forms.c — see forms.h. Each assessment is re-scored from its stored inputs
 * with its pinned rule set; the documents are filled from the engine's result
 * tree plus the store's names, self/reviewed points and officials. */
#include "report/forms.h"

#include "core/score.h"
#include "report/csvw.h"
#include "report/pdf.h"
#include "report/xlsx.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *title;
	int commune;
} KINDS[FORMS_N] = {
	{"score-sheet", "Bảng tổng hợp điểm số của các tiêu chí, chỉ tiêu", 1},
	{"evaluation-report", "Báo cáo đánh giá kết quả và đề nghị công nhận", 1},
	{"eligibility-lists", "Danh sách đủ / không đủ điều kiện công nhận", 0},
	{"decision-draft", "Dự thảo quyết định công nhận (kèm phụ lục)", 0},
	{"province-summary", "Tổng hợp kết quả theo đơn vị hành chính", 0},
	{"new-rural", "Tình trạng tiêu chí tiếp cận pháp luật (nông thôn mới)", 0},
};

int forms_kind_parse(const char *name)
{
	for (int k = 0; k < FORMS_N; k++)
		if (name && strcmp(name, KINDS[k].name) == 0)
			return k;
	return -1;
}

const char *forms_kind_name(enum forms_kind k) { return KINDS[k].name; }
const char *forms_kind_title_vi(enum forms_kind k) { return KINDS[k].title; }
int forms_kind_is_commune(enum forms_kind k) { return KINDS[k].commune; }

int forms_scope_of(const char *code, struct store_scope *out, struct tc_err *err)
{
	size_t n = code ? strlen(code) : 0;
	if (code == NULL || strspn(code, "0123456789") != n || (n != 2 && n != 3 && n != 5))
		return tc_err_set(err, TC_EINPUT, "'%s' is not a unit code: give a province (2 digits), "
				  "district (3) or commune (5) GSO code", code ? code : "");
	out->kind = n == 2 ? STORE_SCOPE_PROVINCE : n == 3 ? STORE_SCOPE_DISTRICT : STORE_SCOPE_UNIT;
	memcpy(out->code, code, n + 1);
	return 0;
}

/* ---- re-scoring one assessment ---- */

struct evald {
	struct store_assessment a;
	const struct rs_ruleset *rs;
	struct sc_result *res;
};

struct set_ctx {
	struct sc_sheet *sh;
	struct tc_err *err;
	int failed;
};

static int set_input(const struct store_input *in, void *ctx)
{
	struct set_ctx *c = ctx;
	if (sc_sheet_set(c->sh, in->item, in->field, in->value, 0, c->err) < 0) {
		c->failed = 1;
		return 1;
	}
	return 0;
}

static int eval_one(struct store *st, const struct reg *reg, struct evald *e, struct tc_err *err)
{
	e->rs = reg_find(reg, e->a.ruleset_id);
	if (e->rs == NULL)
		e->rs = reg_for_year(reg, e->a.year);
	if (e->rs == NULL)
		return tc_err_set(err, TC_EINTERNAL, "assessment of %s in %d uses rule set %s, "
				  "which this build does not have", e->a.unit_code, e->a.year,
				  e->a.ruleset_id);
	struct sc_sheet *sh = sc_sheet_new(e->rs, err);
	if (sh == NULL)
		return -1;
	struct set_ctx c = {sh, err, 0};
	int rc = store_input_list(st, e->a.id, set_input, &c, err);
	if (rc == 0 && !c.failed)
		e->res = sc_evaluate(sh, NULL, err);
	sc_sheet_free(sh);
	if (rc < 0 || c.failed || e->res == NULL) {
		tc_err_prefix(err, "assessment of %s in %d: ", e->a.unit_code, e->a.year);
		return -1;
	}
	return 0;
}

struct alist {
	struct evald *v;
	size_t n, cap;
	struct tc_err *err;
	int failed;
};

static int push_assessment(const struct store_assessment *a, void *ctx)
{
	struct alist *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct evald *v = tc_reallocarray(l->v, cap, sizeof *v);
		if (v == NULL) {
			l->failed = 1;
			tc_err_set(l->err, TC_ENOMEM, "out of memory listing assessments");
			return 1;
		}
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	l->v[l->n++].a = *a;
	return 0;
}

static void alist_free(struct alist *l)
{
	for (size_t i = 0; i < l->n; i++)
		sc_result_free(l->v[i].res);
	tc_free(l->v);
}

/* Whether an assessment lies within the caller's scope (NULL = everything).
 * GSO codes are national sequences (a commune's code does not start with its
 * province's), so containment is checked on the assessment's own columns. */
static int in_scope(const struct store_assessment *a, const struct store_scope *sc)
{
	if (sc == NULL || sc->kind == STORE_SCOPE_ALL)
		return 1;
	const char *have = sc->kind == STORE_SCOPE_PROVINCE ? a->province
			 : sc->kind == STORE_SCOPE_DISTRICT ? a->district : a->unit_code;
	return strcmp(have, sc->code) == 0;
}

/* Published: the chairman has decided (what the public results show). */
static int published(const struct store_assessment *a)
{
	return strcmp(a->status, "recognised") == 0 || strcmp(a->status, "not_recognised") == 0;
}

/* Drops the assessments outside the caller's scope (the store applies the
 * report's own scope, the unit asked for) and, for the public, those not
 * yet published. */
static void keep_in_scope(struct alist *l, const struct store_scope *caller, int pub_only)
{
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (in_scope(&l->v[i].a, caller) && (!pub_only || published(&l->v[i].a)))
			l->v[w++] = l->v[i];
		else
			sc_result_free(l->v[i].res);
	}
	l->n = w;
}

/* Every assessment of year in scope, re-scored, by unit code. */
static int load_all(struct store *st, const struct reg *reg, int year,
		    const struct store_scope *scope, const struct store_scope *caller,
		    int pub_only, struct alist *l, struct tc_err *err)
{
	memset(l, 0, sizeof *l);
	l->err = err;
	if (store_assessment_list(st, year, scope, push_assessment, l, err) < 0 || l->failed)
		return -1;
	keep_in_scope(l, caller, pub_only);
	for (size_t i = 0; i < l->n; i++)
		if (eval_one(st, reg, &l->v[i], err) < 0)
			return -1;
	return 0;
}

/* ---- names ---- */

static void unit_full_name(struct store *st, const char *vintage, const char *code,
			   char *out, size_t n)
{
	struct store_unit u;
	struct tc_err e;
	if (code[0] && store_unit_get(st, vintage, code, &u, &e) == 0)
		snprintf(out, n, "%s %s", u.type, u.name);
	else
		snprintf(out, n, "%s", code);
}

static void upper_issuer(const char *full, char *out, size_t n)
{
	/* "Xã Sóc Hà" -> issuer line as written on forms: type and name kept as
	 * stored (upper-casing Vietnamese needs the text module; not needed). */
	snprintf(out, n, "ỦY BAN NHÂN DÂN\n%s", full);
}

char *forms_reason_vi(const struct rs_ruleset *rs, const char *reason, char *out, size_t n)
{
	const char *arg = strchr(reason, ':');
	arg = arg ? arg + 1 : "";
	if (strcmp(reason, "total_below_min") == 0) {
		snprintf(out, n, "Tổng điểm thấp hơn mức tối thiểu để được công nhận");
	} else if (strncmp(reason, "criterion_below_min:", 20) == 0) {
		if (rs && rs->mode == RS_MODE_ACHIEVEMENT)
			snprintf(out, n, "Tiêu chí %s chưa đạt đầy đủ", arg);
		else
			snprintf(out, n, "Tiêu chí %s dưới mức tối thiểu của điểm tối đa", arg);
	} else if (strncmp(reason, "indicator_below_min:", 20) == 0) {
		snprintf(out, n, "Chỉ tiêu %s không đạt", arg);
	} else if (strncmp(reason, "gate:", 5) == 0) {
		const char *title = arg;
		for (size_t g = 0; rs && g < rs->n_gates; g++)
			if (strcmp(rs->gates[g].code, arg) == 0)
				title = rs->gates[g].title;
		snprintf(out, n, "Vi phạm điều kiện bắt buộc: %s", title);
	} else if (strncmp(reason, "incomplete:", 11) == 0) {
		snprintf(out, n, "Thiếu số liệu của %s %s",
			 strcmp(arg, "commune_class") == 0 ? "mục" : "chỉ tiêu",
			 strcmp(arg, "commune_class") == 0 ? "phân loại xã" : arg);
	} else {
		snprintf(out, n, "%s", reason);
	}
	return out;
}

/* All reasons of a result joined with "; ". */
static void reasons_vi(const struct evald *e, char *out, size_t n)
{
	size_t w = 0;
	out[0] = '\0';
	for (size_t r = 0; r < e->res->n_reasons && w + 1 < n; r++) {
		char one[512];
		forms_reason_vi(e->rs, e->res->reasons[r], one, sizeof one);
		int k = snprintf(out + w, n - w, "%s%s", r ? "; " : "", one);
		if (k < 0)
			break;
		w += (size_t)k;
	}
}

/* ---- shared document parts ---- */

struct col {
	const char *h;
	int w;
	enum doc_type t;
};

static int add_cols(struct doc *d, const char *name, const struct col *c, size_t n,
		    struct tc_err *err)
{
	if (doc_add_table(d, name, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (doc_add_column(d, c[i].h, c[i].w, c[i].t, err) < 0)
			return -1;
	return 0;
}

static int set_date_now(struct store *st, struct doc *d, struct tc_err *err)
{
	char now[21];
	store_now(st, now);
	int y = (int)strtol(now, NULL, 10), m = (int)strtol(now + 5, NULL, 10),
	    day = (int)strtol(now + 8, NULL, 10);
	return doc_set_date(d, y, m, day, err);
}

static int masthead(struct store *st, struct doc *d, const char *issuer, const char *place,
		    const char *form_no, const char *title, const char *subtitle,
		    struct tc_err *err)
{
	if (doc_set_meta(d, DOC_TITLE, title, err) < 0 ||
	    doc_set_meta(d, DOC_SUBTITLE, subtitle, err) < 0 ||
	    doc_set_meta(d, DOC_ISSUER, issuer, err) < 0 ||
	    doc_set_meta(d, DOC_FORM_NO, form_no, err) < 0 ||
	    doc_set_meta(d, DOC_PLACE, place, err) < 0)
		return -1;
	return set_date_now(st, d, err);
}

/* Footnotes for the provisional elements that a result used. */
static int provisional_notes(struct doc *d, const struct evald *e, struct tc_err *err)
{
	if (!e->res->provisional)
		return 0;
	for (size_t c = 0; c < e->res->n_crits; c++) {
		const struct sc_crit_result *cr = &e->res->crits[c];
		for (size_t i = 0; i < cr->n_items; i++) {
			const struct rs_item *it = cr->items[i].item;
			if (!cr->items[i].provisional || !it->src.provisional)
				continue;
			char note[1200];
			snprintf(note, sizeof note, "(*) Chỉ tiêu %s: giá trị tạm tính (provisional) — %s",
				 it->code, it->src.provisional_reason ? it->src.provisional_reason : "");
			if (doc_add_footnote(d, note, err) < 0)
				return -1;
		}
	}
	char note[600];
	snprintf(note, sizeof note, "Kết quả phụ thuộc giá trị tạm tính của bộ quy tắc %s; "
		 "chưa phải số liệu chính thức.", e->rs->id);
	return doc_add_footnote(d, note, err);
}

static int synthetic_note(struct doc *d, const struct store_assessment *a, struct tc_err *err)
{
	if (strcmp(a->source, "synthetic-demo") != 0)
		return 0;
	return doc_add_footnote(d, "DỮ LIỆU MINH HỌA: số liệu tổng hợp (synthetic), không phải "
				   "số liệu thật.", err);
}

static const char *form_no_for(const struct rs_ruleset *rs, enum forms_kind k)
{
	int tt09 = strcmp(rs->id, "qd25-2021") == 0, qd619 = strcmp(rs->id, "qd619-2017") == 0;
	switch (k) {
	case FORMS_SCORE_SHEET: return tt09 ? "Mẫu 02 (TT 09/2021/TT-BTP)" : "";
	case FORMS_EVAL_REPORT: return tt09 ? "Mẫu 01 (TT 09/2021/TT-BTP)" : "";
	case FORMS_ELIGIBILITY:
		return qd619 ? "Mẫu 07-TCPL-II / 08-TCPL-II" : tt09 ? "Mẫu 08 (TT 09/2021/TT-BTP)" : "";
	case FORMS_DECISION: return tt09 ? "Kèm Mẫu 08 (TT 09/2021/TT-BTP)" : "";
	default: return "";
	}
}

/* ---- score sheet ---- */

struct sheet_ctx {
	struct store *st;
	struct doc *d;
	const struct store_assessment *a;
	struct tc_err *err;
};

/* "label: value; ..." of the stored inputs of an item, and its ratio. */
struct raw_ctx {
	const char *item;
	const struct rs_item *it;
	char text[512];
	size_t w;
	tc_pts num, den;
};

static int raw_cb(const struct store_input *in, void *ctx)
{
	struct raw_ctx *r = ctx;
	size_t n = strlen(r->item);
	if (strncmp(in->item, r->item, n) != 0 || (in->item[n] && in->item[n] != '.'))
		return 0;
	const char *label = strcmp(in->field, "points") == 0 ? "Điểm nhập trực tiếp"
			  : strcmp(in->field, "met") == 0 ? "Đạt (nhập trực tiếp, 1 = đạt)"
			  : strcmp(in->field, "not_arising") == 0 ? "Không phát sinh (1 = có)"
			  : in->field;
	for (size_t i = 0; i < r->it->n_inputs; i++)
		if (strcmp(r->it->inputs[i].name, in->field) == 0 && r->it->inputs[i].label)
			label = r->it->inputs[i].label;
	if (r->it->num && strcmp(in->field, r->it->num) == 0)
		pts_parse(in->value, &r->num);
	if (r->it->den && strcmp(in->field, r->it->den) == 0)
		pts_parse(in->value, &r->den);
	char value[64];
	snprintf(value, sizeof value, "%s", in->value);
	char *dot = strchr(value, '.');
	if (dot)
		*dot = ','; /* Vietnamese decimal comma, as the rest of the form */
	int k = snprintf(r->text + r->w, sizeof r->text - r->w, "%s%s: %s", r->w ? "; " : "",
			 label, value);
	if (k > 0 && (size_t)k < sizeof r->text - r->w)
		r->w += (size_t)k;
	return 0;
}

static int cell_pts_or_dash(struct doc *d, tc_pts p, struct tc_err *err)
{
	return p == STORE_NO_PTS ? doc_cell_text(d, "—", err) : doc_cell_pts(d, p, err);
}

static int cell_points(struct doc *d, const struct sc_item_result *r, struct tc_err *err)
{
	if (r->met >= 0)
		return doc_cell_text(d, r->met ? "Đạt" : "Không đạt", err);
	if (r->source == SC_MISSING)
		return doc_cell_text(d, "Chưa có số liệu", err);
	return doc_cell_pts(d, r->points, err);
}

/* The official assigned to `item` for the assessment's commune and year on
 * the duty assignment page (/phan-cong, pilot work); 0 = none. */
struct duty_find {
	const char *item;
	int64_t id;
};

static int duty_find_cb(const struct store_duty *d, void *ctx)
{
	struct duty_find *f = ctx;
	if (strcmp(d->item, f->item) != 0)
		return 0;
	f->id = d->official_id;
	return 1;
}

/* The official named on the indicator, else the one assigned to it. */
static int official_cell(struct sheet_ctx *c, int64_t id, const char *item)
{
	struct store_official o;
	struct tc_err e;
	struct duty_find df = {item, 0};
	if (id == 0 && store_duty_list(c->st, c->a->unit_code, c->a->year, duty_find_cb, &df, &e) == 0)
		id = df.id;
	if (id == 0 || store_official_get(c->st, id, NULL, &o, &e) < 0)
		return doc_cell_text(c->d, "—", c->err);
	char s[300];
	snprintf(s, sizeof s, "%s%s%s", o.full_name, o.position[0] ? ", " : "", o.position);
	return doc_cell_text(c->d, s, c->err);
}

static int sheet_row(struct sheet_ctx *c, long stt, const struct sc_item_result *r)
{
	struct doc *d = c->d;
	struct tc_err *err = c->err;
	struct store_indicator v = {.self = STORE_NO_PTS, .reviewed = STORE_NO_PTS};
	struct tc_err e;
	if (store_indicator_get(c->st, c->a->id, r->item->code, &v, &e) < 0) {
		v.self = v.reviewed = STORE_NO_PTS;
		v.official_id = 0;
	}
	struct raw_ctx raw = {.item = r->item->code, .it = r->item, .num = -1, .den = -1};
	if (store_input_list(c->st, c->a->id, raw_cb, &raw, err) < 0)
		return -1;
	char content[1200];
	snprintf(content, sizeof content, "%s%s", r->item->title ? r->item->title : "",
		 r->provisional ? " (*)" : "");
	if (doc_begin_row(d, DOC_ROW_DATA, err) < 0 || doc_cell_int(d, stt, err) < 0 ||
	    doc_cell_text(d, r->item->code, err) < 0 || doc_cell_text(d, content, err) < 0 ||
	    (r->max == TC_PTS_NONE ? doc_cell_text(d, "Đạt/Không đạt", err)
				   : doc_cell_pts(d, r->max, err)) < 0 ||
	    doc_cell_text(d, raw.w ? raw.text : "—", err) < 0)
		return -1;
	int rc = raw.num >= 0 && raw.den > 0
			 ? doc_cell_percent(d, raw.num * 10000 / raw.den, err)
			 : doc_cell_text(d, "—", err);
	if (rc < 0 || cell_points(d, r, err) < 0 || cell_pts_or_dash(d, v.self, err) < 0 ||
	    cell_pts_or_dash(d, v.reviewed, err) < 0)
		return -1;
	return official_cell(c, v.official_id, r->item->code);
}

static const struct col SHEET_COLS[] = {
	{"STT", 5, DOC_INT}, {"Chỉ tiêu", 7, DOC_TEXT}, {"Nội dung", 34, DOC_TEXT},
	{"Điểm tối đa", 8, DOC_PTS}, {"Số liệu", 22, DOC_TEXT}, {"Tỷ lệ", 9, DOC_PERCENT},
	{"Điểm tính theo số liệu", 9, DOC_PTS}, {"Điểm tự chấm", 8, DOC_PTS},
	{"Điểm thẩm định", 9, DOC_PTS}, {"Người phụ trách", 18, DOC_TEXT},
};

static int crit_total_row(struct doc *d, const struct sc_crit_result *cr, struct tc_err *err)
{
	char label[400];
	snprintf(label, sizeof label, "Cộng tiêu chí %s", cr->crit->code);
	if (doc_begin_row(d, DOC_ROW_TOTAL, err) < 0 || doc_cell_empty(d, err) < 0 ||
	    doc_cell_empty(d, err) < 0 || doc_cell_text(d, label, err) < 0 ||
	    cell_pts_or_dash(d, cr->max, err) < 0 || doc_cell_empty(d, err) < 0 ||
	    doc_cell_empty(d, err) < 0)
		return -1;
	return cr->max == TC_PTS_NONE ? doc_cell_text(d, cr->met ? "Đạt" : "Chưa đạt", err)
				      : doc_cell_pts(d, cr->points, err);
}

/* A criterion scored as a whole: its responsible official on its total row. */
static int crit_official(struct sheet_ctx *c, const struct sc_crit_result *cr)
{
	struct store_indicator v = {.official_id = 0};
	struct tc_err e;
	if (store_indicator_get(c->st, c->a->id, cr->crit->code, &v, &e) < 0)
		v.official_id = 0;
	if (doc_cell_empty(c->d, c->err) < 0 || doc_cell_empty(c->d, c->err) < 0)
		return -1;
	return official_cell(c, v.official_id, cr->crit->code);
}

static int build_sheet(struct store *st, struct doc *d, const struct evald *e,
		       struct tc_err *err)
{
	struct sheet_ctx c = {st, d, &e->a, err};
	long stt = 0;
	if (add_cols(d, "Bảng điểm", SHEET_COLS, sizeof SHEET_COLS / sizeof *SHEET_COLS, err) < 0)
		return -1;
	for (size_t k = 0; k < e->res->n_crits; k++) {
		const struct sc_crit_result *cr = &e->res->crits[k];
		char g[600];
		snprintf(g, sizeof g, "Tiêu chí %s. %s", cr->crit->code, cr->crit->title);
		if (doc_group_row(d, g, err) < 0)
			return -1;
		for (size_t i = 0; i < cr->n_items; i++)
			if (sheet_row(&c, ++stt, &cr->items[i]) < 0)
				return -1;
		if (crit_total_row(d, cr, err) < 0 || (cr->n_items == 0 && crit_official(&c, cr) < 0))
			return -1;
	}
	if (doc_begin_row(d, DOC_ROW_TOTAL, err) < 0 || doc_cell_empty(d, err) < 0 ||
	    doc_cell_empty(d, err) < 0 || doc_cell_text(d, "TỔNG ĐIỂM", err) < 0 ||
	    doc_cell_empty(d, err) < 0 || doc_cell_empty(d, err) < 0 || doc_cell_empty(d, err) < 0)
		return -1;
	return e->rs->mode == RS_MODE_ACHIEVEMENT
		       ? doc_cell_text(d, e->res->recognised ? "Đạt" : "Chưa đạt", err)
		       : doc_cell_pts(d, e->res->total, err);
}

/* ---- evaluation report ---- */

static const struct col EVAL_COLS[] = {
	{"Tiêu chí", 7, DOC_TEXT}, {"Nội dung", 40, DOC_TEXT}, {"Điểm tối đa", 9, DOC_PTS},
	{"Điểm đạt được", 9, DOC_PTS}, {"Kết quả", 12, DOC_TEXT},
};

static int build_eval(struct doc *d, const struct evald *e, struct tc_err *err)
{
	if (add_cols(d, "Kết quả đánh giá", EVAL_COLS, 5, err) < 0)
		return -1;
	for (size_t k = 0; k < e->res->n_crits; k++) {
		const struct sc_crit_result *cr = &e->res->crits[k];
		int ach = cr->max == TC_PTS_NONE;
		if (doc_begin_row(d, DOC_ROW_DATA, err) < 0 ||
		    doc_cell_text(d, cr->crit->code, err) < 0 ||
		    doc_cell_text(d, cr->crit->title, err) < 0 ||
		    cell_pts_or_dash(d, cr->max, err) < 0 ||
		    (ach ? doc_cell_text(d, "—", err) : doc_cell_pts(d, cr->points, err)) < 0 ||
		    doc_cell_text(d, cr->met ? "Đạt" : "Chưa đạt", err) < 0)
			return -1;
	}
	if (doc_begin_row(d, DOC_ROW_TOTAL, err) < 0 || doc_cell_empty(d, err) < 0 ||
	    doc_cell_text(d, "Tổng điểm", err) < 0 || doc_cell_empty(d, err) < 0 ||
	    (e->rs->mode == RS_MODE_ACHIEVEMENT ? doc_cell_text(d, "—", err)
						: doc_cell_pts(d, e->res->total, err)) < 0 ||
	    doc_cell_text(d, e->res->recognised ? "Đạt chuẩn" : "Chưa đạt chuẩn", err) < 0)
		return -1;
	char verdict[2400], why[2000];
	reasons_vi(e, why, sizeof why);
	if (e->res->recognised)
		snprintf(verdict, sizeof verdict, "Kết luận: đủ điều kiện đề nghị công nhận đạt chuẩn "
			 "tiếp cận pháp luật năm %d.", e->a.year);
	else
		snprintf(verdict, sizeof verdict, "Kết luận: chưa đủ điều kiện công nhận đạt chuẩn "
			 "tiếp cận pháp luật năm %d. Lý do: %s.", e->a.year, why);
	return doc_add_footnote(d, verdict, err);
}

/* ---- lists over a province or district ---- */

static int area_masthead(struct store *st, struct doc *d, int year, const char *unit,
			 const struct alist *l, const char *title, enum forms_kind k,
			 struct tc_err *err)
{
	char vintage[8] = "", area[200], prov[200], issuer[300], sub[600];
	struct store_vintage v;
	struct tc_err e;
	if (store_vintage_for_year(st, year, &v, &e) == 0)
		memcpy(vintage, v.id, sizeof vintage);
	unit_full_name(st, vintage, unit, area, sizeof area);
	char pcode[3] = {unit[0], unit[1], 0};
	unit_full_name(st, vintage, pcode, prov, sizeof prov);
	upper_issuer(area, issuer, sizeof issuer);
	snprintf(sub, sizeof sub, "%s — năm %d — %zu xã, phường, thị trấn có kết quả", area, year,
		 l->n);
	const char *fno = l->n ? form_no_for(l->v[0].rs, k) : "";
	const char *place = strchr(prov, ' ') ? strchr(prov, ' ') + 1 : prov;
	if (masthead(st, d, issuer, place, fno, title, sub, err) < 0)
		return -1;
	return l->n ? synthetic_note(d, &l->v[0].a, err) : 0;
}

static int name_cell(struct store *st, struct doc *d, const struct evald *e, struct tc_err *err)
{
	char name[200];
	unit_full_name(st, e->a.vintage, e->a.unit_code, name, sizeof name);
	return doc_cell_text(d, name, err);
}

static int total_cell(struct doc *d, const struct evald *e, struct tc_err *err)
{
	return e->rs->mode == RS_MODE_ACHIEVEMENT ? doc_cell_text(d, "—", err)
						  : doc_cell_pts(d, e->res->total, err);
}

static const struct col LIST_COLS[] = {
	{"STT", 5, DOC_INT}, {"Mã", 7, DOC_TEXT}, {"Xã, phường, thị trấn", 24, DOC_TEXT},
	{"Tổng điểm", 9, DOC_PTS}, {"Lý do", 40, DOC_TEXT},
};

static int build_list(struct store *st, struct doc *d, const struct alist *l, int want,
		      struct tc_err *err)
{
	const char *name = want ? "Đủ điều kiện" : "Không đủ điều kiện";
	if (add_cols(d, name, LIST_COLS, 5, err) < 0)
		return -1;
	long stt = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct evald *e = &l->v[i];
		if ((int)e->res->recognised != want)
			continue;
		char why[2000];
		reasons_vi(e, why, sizeof why);
		if (doc_begin_row(d, DOC_ROW_DATA, err) < 0 || doc_cell_int(d, ++stt, err) < 0 ||
		    doc_cell_text(d, e->a.unit_code, err) < 0 || name_cell(st, d, e, err) < 0 ||
		    total_cell(d, e, err) < 0 || doc_cell_text(d, want ? "" : why, err) < 0)
			return -1;
	}
	return 0;
}

/* Columns of per-criterion points: the union of the criteria of the rule
 * sets used, in order of first appearance (like `tiepcan score --format csv`). */
struct ccols {
	const char *code[16];
	size_t n;
};

static void ccols_of(const struct alist *l, struct ccols *c)
{
	c->n = 0;
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < l->v[i].rs->n_criteria; k++) {
			const char *code = l->v[i].rs->criteria[k].code;
			size_t j = 0;
			while (j < c->n && strcmp(c->code[j], code) != 0)
				j++;
			if (j == c->n && c->n < 16)
				c->code[c->n++] = code;
		}
}

static int crit_cells(struct doc *d, const struct ccols *c, const struct evald *e,
		      struct tc_err *err)
{
	for (size_t j = 0; j < c->n; j++) {
		const struct sc_crit_result *cr = NULL;
		for (size_t k = 0; k < e->res->n_crits; k++)
			if (strcmp(e->res->crits[k].crit->code, c->code[j]) == 0)
				cr = &e->res->crits[k];
		int rc = cr == NULL ? doc_cell_empty(d, err)
		       : cr->max == TC_PTS_NONE ? doc_cell_text(d, cr->met ? "Đạt" : "Chưa đạt", err)
						: doc_cell_pts(d, cr->points, err);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int points_table(struct store *st, struct doc *d, const struct alist *l,
			const char *name, int with_districts, int only_recognised,
			struct tc_err *err)
{
	struct ccols c;
	ccols_of(l, &c);
	if (doc_add_table(d, name, err) < 0 || doc_add_column(d, "STT", 5, DOC_INT, err) < 0 ||
	    doc_add_column(d, "Mã", 7, DOC_TEXT, err) < 0 ||
	    doc_add_column(d, "Xã, phường, thị trấn", 22, DOC_TEXT, err) < 0)
		return -1;
	for (size_t j = 0; j < c.n; j++) {
		char h[64];
		snprintf(h, sizeof h, "Tiêu chí %s", c.code[j]);
		if (doc_add_column(d, h, 8, DOC_PTS, err) < 0)
			return -1;
	}
	if (doc_add_column(d, "Tổng điểm", 8, DOC_PTS, err) < 0 ||
	    doc_add_column(d, "Kết quả", 11, DOC_TEXT, err) < 0 ||
	    (with_districts && doc_add_column(d, "Lý do", 34, DOC_TEXT, err) < 0))
		return -1;
	char district[4] = "-";
	long stt = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct evald *e = &l->v[i];
		if (only_recognised && !e->res->recognised)
			continue;
		if (with_districts && e->a.district[0] && strcmp(district, e->a.district) != 0) {
			char dn[200];
			memcpy(district, e->a.district, sizeof district);
			unit_full_name(st, e->a.vintage, district, dn, sizeof dn);
			if (doc_group_row(d, dn, err) < 0)
				return -1;
		}
		char why[2000];
		reasons_vi(e, why, sizeof why);
		if (doc_begin_row(d, DOC_ROW_DATA, err) < 0 || doc_cell_int(d, ++stt, err) < 0 ||
		    doc_cell_text(d, e->a.unit_code, err) < 0 || name_cell(st, d, e, err) < 0 ||
		    crit_cells(d, &c, e, err) < 0 || total_cell(d, e, err) < 0 ||
		    doc_cell_text(d, e->res->recognised ? "Đạt chuẩn" : "Chưa đạt", err) < 0 ||
		    (with_districts && doc_cell_text(d, why, err) < 0))
			return -1;
	}
	return 0;
}

/* Assessments by district then unit code (the store lists by unit code;
 * in three-tier years codes of one district are not always contiguous). */
static int cmp_district(const void *a, const void *b)
{
	const struct evald *x = a, *y = b;
	int c = strcmp(x->a.district, y->a.district);
	return c ? c : strcmp(x->a.unit_code, y->a.unit_code);
}

static int count_recognised(const struct alist *l)
{
	int n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += l->v[i].res->recognised;
	return n;
}

static int build_decision(struct store *st, struct doc *d, const struct alist *l, int year,
			  struct tc_err *err)
{
	char art[1200];
	snprintf(art, sizeof art, "Điều 1. Công nhận %d xã, phường, thị trấn đạt chuẩn tiếp cận "
		 "pháp luật năm %d (danh sách tại Phụ lục kèm theo). Điều 2. Quyết định có hiệu "
		 "lực kể từ ngày ký. DỰ THẢO — chưa có giá trị pháp lý.", count_recognised(l), year);
	if (doc_add_footnote(d, art, err) < 0 || build_list(st, d, l, 1, err) < 0)
		return -1;
	return points_table(st, d, l, "Phụ lục", 0, 1, err);
}

/* ---- New Rural ---- */

static const char *new_rural_criterion(int year)
{
	/* REGULATION.md section 5: 18.x in 2016-2020 (18.5 commonly cited,
	 * unconfirmed), 18.4 in 2021-2025; 2026-2030 number not retrieved. */
	if (year >= 2021 && year <= 2025)
		return "Chỉ tiêu 18.4 (Bộ tiêu chí quốc gia về xã nông thôn mới 2021–2025)";
	if (year >= 2016 && year <= 2020)
		return "Chỉ tiêu 18.x (thường được dẫn là 18.5 — CHƯA XÁC NHẬN)";
	return "Số hiệu chỉ tiêu theo QĐ 51/2025/QĐ-TTg: CHƯA XÁC ĐỊNH";
}

static const struct col NR_COLS[] = {
	{"STT", 5, DOC_INT}, {"Mã", 7, DOC_TEXT}, {"Xã, phường, thị trấn", 24, DOC_TEXT},
	{"Chỉ tiêu nông thôn mới", 30, DOC_TEXT}, {"Tình trạng", 12, DOC_TEXT},
	{"Tổng điểm", 9, DOC_PTS}, {"Trạng thái hồ sơ", 14, DOC_TEXT},
};

static int build_new_rural(struct store *st, struct doc *d, const struct alist *l, int year,
			   struct tc_err *err)
{
	if (add_cols(d, "Nông thôn mới", NR_COLS, 7, err) < 0)
		return -1;
	const char *crit = new_rural_criterion(year);
	for (size_t i = 0; i < l->n; i++) {
		const struct evald *e = &l->v[i];
		if (doc_begin_row(d, DOC_ROW_DATA, err) < 0 || doc_cell_int(d, (int64_t)i + 1, err) < 0 ||
		    doc_cell_text(d, e->a.unit_code, err) < 0 || name_cell(st, d, e, err) < 0 ||
		    doc_cell_text(d, crit, err) < 0 ||
		    doc_cell_text(d, e->res->recognised ? "Đạt" : "Chưa đạt", err) < 0 ||
		    total_cell(d, e, err) < 0 || doc_cell_text(d, e->a.status, err) < 0)
			return -1;
	}
	return doc_add_footnote(d, "Căn cứ: tiếp cận pháp luật là chỉ tiêu 18.4 của Bộ tiêu chí quốc "
				   "gia về xã nông thôn mới giai đoạn 2021–2025; giai đoạn 2016–2020 là "
				   "chỉ tiêu 18.x (số 18.5 thường được dẫn nhưng chưa xác nhận); giai "
				   "đoạn 2026–2030 (QĐ 51/2025/QĐ-TTg) chưa xác định số hiệu "
				   "(REGULATION.md mục 5). \"Đạt\" = được công nhận đạt chuẩn theo kết quả "
				   "chấm điểm lại từ số liệu lưu trữ.", err);
}

/* ---- dispatch ---- */

static int build_commune(struct store *st, const struct reg *reg, struct doc *d,
			 enum forms_kind k, int year, const char *unit,
			 const struct store_scope *scope, struct tc_err *err)
{
	struct evald e = {0};
	if (store_assessment_find(st, unit, year, scope, &e.a, err) < 0)
		return -1;
	if (eval_one(st, reg, &e, err) < 0)
		return -1;
	char name[200], issuer[300], sub[600], prov[200];
	unit_full_name(st, e.a.vintage, unit, name, sizeof name);
	unit_full_name(st, e.a.vintage, e.a.province, prov, sizeof prov);
	upper_issuer(name, issuer, sizeof issuer);
	snprintf(sub, sizeof sub, "%s, %s — năm %d — bộ tiêu chí %s", name, prov, year, e.rs->id);
	const char *place = strchr(prov, ' ') ? strchr(prov, ' ') + 1 : prov;
	int rc = masthead(st, d, issuer, place, form_no_for(e.rs, k),
			  k == FORMS_SCORE_SHEET ? "BẢNG TỔNG HỢP ĐIỂM SỐ CỦA CÁC TIÊU CHÍ, CHỈ TIÊU"
						 : "BÁO CÁO ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN TIÊU CHÍ XÃ "
						   "ĐẠT CHUẨN TIẾP CẬN PHÁP LUẬT",
			  sub, err);
	if (rc == 0)
		rc = k == FORMS_SCORE_SHEET ? build_sheet(st, d, &e, err) : build_eval(d, &e, err);
	if (rc == 0)
		rc = provisional_notes(d, &e, err);
	if (rc == 0)
		rc = synthetic_note(d, &e.a, err);
	if (rc == 0)
		rc = doc_add_signature(d, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "", err);
	sc_result_free(e.res);
	return rc;
}

static const char *AREA_TITLES[FORMS_N] = {
	NULL, NULL,
	"DANH SÁCH XÃ, PHƯỜNG, THỊ TRẤN ĐỦ VÀ KHÔNG ĐỦ ĐIỀU KIỆN CÔNG NHẬN ĐẠT CHUẨN TIẾP CẬN PHÁP LUẬT",
	"QUYẾT ĐỊNH VỀ VIỆC CÔNG NHẬN XÃ, PHƯỜNG, THỊ TRẤN ĐẠT CHUẨN TIẾP CẬN PHÁP LUẬT (DỰ THẢO)",
	"TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, CÔNG NHẬN XÃ, PHƯỜNG, THỊ TRẤN ĐẠT CHUẨN TIẾP CẬN PHÁP LUẬT",
	"TÌNH TRẠNG TIÊU CHÍ TIẾP CẬN PHÁP LUẬT TRONG XÂY DỰNG NÔNG THÔN MỚI",
};

static int build_area(struct store *st, const struct reg *reg, struct doc *d,
		      enum forms_kind k, int year, const char *unit,
		      const struct store_scope *scope, const struct store_scope *caller,
		      int pub_only, struct tc_err *err)
{
	struct alist l;
	int rc = load_all(st, reg, year, scope, caller, pub_only, &l, err);
	if (rc == 0 && l.n == 0)
		rc = tc_err_set(err, TC_ENOTFOUND, "no assessment of %d in unit %s: nothing to report",
				year, unit);
	if (rc == 0 && k == FORMS_PROVINCE_SUMMARY)
		qsort(l.v, l.n, sizeof *l.v, cmp_district);
	if (rc == 0)
		rc = area_masthead(st, d, year, unit, &l, AREA_TITLES[k], k, err);
	if (rc == 0 && k == FORMS_ELIGIBILITY)
		rc = build_list(st, d, &l, 1, err) < 0 ? -1 : build_list(st, d, &l, 0, err);
	else if (rc == 0 && k == FORMS_DECISION)
		rc = build_decision(st, d, &l, year, err);
	else if (rc == 0 && k == FORMS_PROVINCE_SUMMARY)
		rc = points_table(st, d, &l, "Tổng hợp", 1, 0, err);
	else if (rc == 0)
		rc = build_new_rural(st, d, &l, year, err);
	if (rc == 0)
		rc = doc_add_signature(d, k == FORMS_DECISION ? "CHỦ TỊCH" : "TM. ỦY BAN NHÂN DÂN",
				       "", err);
	alist_free(&l);
	return rc;
}

static struct doc *build(struct store *st, const struct reg *reg, enum forms_kind k,
			 int year, const char *unit, const struct store_scope *scope,
			 int pub_only, struct tc_err *err)
{
	if ((int)k < 0 || k >= FORMS_N) {
		tc_err_set(err, TC_EINPUT, "unknown report kind");
		return NULL;
	}
	struct store_scope sc;
	if (forms_scope_of(unit, &sc, err) < 0)
		return NULL;
	if (KINDS[k].commune != (sc.kind == STORE_SCOPE_UNIT)) {
		tc_err_set(err, TC_EINPUT, "report %s needs %s code, not '%s'", KINDS[k].name,
			   KINDS[k].commune ? "a commune (5-digit)" : "a province (2-digit) or "
			   "district (3-digit)", unit);
		return NULL;
	}
	struct doc *d = doc_new(err);
	if (d == NULL)
		return NULL;
	doc_set_orientation(d, k == FORMS_SCORE_SHEET || k == FORMS_PROVINCE_SUMMARY ||
				       k == FORMS_DECISION ? DOC_LANDSCAPE : DOC_PORTRAIT);
	int rc = KINDS[k].commune ? build_commune(st, reg, d, k, year, unit, scope, err)
				  : build_area(st, reg, d, k, year, unit, &sc, scope, pub_only, err);
	if (rc < 0) {
		doc_free(d);
		return NULL;
	}
	return d;
}

struct doc *forms_build(struct store *st, const struct reg *reg, enum forms_kind k,
			int year, const char *unit, const struct store_scope *scope,
			struct tc_err *err)
{
	return build(st, reg, k, year, unit, scope, 0, err);
}

/* ---- the summary as `export scores` CSV ---- */

static void put_num(struct buf *b, tc_pts p)
{
	char s[32];
	pts_format(p, s, sizeof s);
	size_t n = strlen(s);
	while (s[n - 1] == '0')
		n--;
	if (s[n - 1] == '.')
		n--;
	buf_append(b, s, n);
}

static int summary_csv(struct store *st, const struct reg *reg, int year, const char *unit,
		       const struct store_scope *scope, int pub_only, struct buf *out,
		       struct tc_err *err)
{
	struct store_scope sc;
	struct alist l;
	memset(&l, 0, sizeof l);
	if (forms_scope_of(unit, &sc, err) < 0 ||
	    load_all(st, reg, year, &sc, scope, pub_only, &l, err) < 0) {
		alist_free(&l);
		return -1;
	}
	struct ccols c;
	ccols_of(&l, &c);
	buf_puts(out, "unit,year,ruleset,total");
	for (size_t k = 0; k < c.n; k++)
		buf_printf(out, ",c%s", c.code[k]);
	buf_puts(out, ",recognised,reasons\n");
	for (size_t i = 0; i < l.n; i++) {
		const struct sc_result *res = l.v[i].res;
		csvw_field(out, l.v[i].a.unit_code);
		buf_printf(out, ",%d,%s,", l.v[i].a.year, res->rs->id);
		put_num(out, res->total);
		for (size_t k = 0; k < c.n; k++) {
			buf_putc(out, ',');
			for (size_t j = 0; j < res->n_crits; j++)
				if (strcmp(res->crits[j].crit->code, c.code[k]) == 0)
					put_num(out, res->crits[j].points);
		}
		buf_printf(out, ",%d,", res->recognised ? 1 : 0);
		for (size_t r = 0; r < res->n_reasons; r++)
			buf_printf(out, "%s%s", r ? ";" : "", res->reasons[r]);
		buf_putc(out, '\n');
	}
	alist_free(&l);
	return buf_failed(out) ? tc_err_set(err, TC_ENOMEM, "out of memory writing the CSV") : 0;
}

int forms_summary_csv(struct store *st, const struct reg *reg, int year, const char *unit,
		      const struct store_scope *scope, struct buf *out, struct tc_err *err)
{
	return summary_csv(st, reg, year, unit, scope, 0, out, err);
}

static int render(struct store *st, const struct reg *reg, enum forms_kind k, int year,
		  const char *unit, const struct store_scope *scope, int pub_only,
		  const char *format, struct buf *out, struct tc_err *err)
{
	int fx = strcmp(format, "xlsx") == 0, fp = strcmp(format, "pdf") == 0,
	    fc = strcmp(format, "csv") == 0;
	if (!fx && !fp && !fc)
		return tc_err_set(err, TC_EINPUT, "format '%s' is not xlsx, pdf or csv", format);
	if (fc && k == FORMS_PROVINCE_SUMMARY)
		return summary_csv(st, reg, year, unit, scope, pub_only, out, err);
	struct doc *d = build(st, reg, k, year, unit, scope, pub_only, err);
	if (d == NULL)
		return -1;
	int rc = fx ? xlsx_write(d, out, err) : fp ? pdf_write(d, out, NULL, err)
						  : csvw_write(d, 0, CSVW_BOM, out, err);
	doc_free(d);
	return rc;
}

int forms_render(struct store *st, const struct reg *reg, enum forms_kind k, int year,
		 const char *unit, const struct store_scope *scope, const char *format,
		 struct buf *out, struct tc_err *err)
{
	return render(st, reg, k, year, unit, scope, 0, format, out, err);
}

int forms_kind_is_public(enum forms_kind k)
{
	return k == FORMS_PROVINCE_SUMMARY || k == FORMS_NEW_RURAL;
}

int forms_render_published(struct store *st, const struct reg *reg, enum forms_kind k,
			   int year, const char *unit, const struct store_scope *scope,
			   const char *format, struct buf *out, struct tc_err *err)
{
	if ((int)k < 0 || k >= FORMS_N || !forms_kind_is_public(k))
		return tc_err_set(err, TC_EINPUT, "report %s is not published (public forms: "
				  "province-summary, new-rural)", (int)k >= 0 && k < FORMS_N
				  ? KINDS[k].name : "?");
	return render(st, reg, k, year, unit, scope, 1, format, out, err);
}
