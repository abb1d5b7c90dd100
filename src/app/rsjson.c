/* rsjson.c — rule sets as JSON (see rsjson.h). */
#include "app/rsjson.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const CONF[] = {"high", "medium", "low"};
static const char *const TYPES[] = {"count", "number", "percent", "bool"};
static const char *const OPS[] = {">=", ">", "<=", "<", "=", "!="};

/* Sticky failure: one check at the end (jansson returns NULL on OOM). */
struct jb {
	bool failed;
};

static json_t *chk(struct jb *jb, json_t *v)
{
	if (v == NULL)
		jb->failed = true;
	return v;
}

static void set(struct jb *jb, json_t *o, const char *k, json_t *v)
{
	if (o == NULL || v == NULL || json_object_set_new(o, k, v) < 0)
		jb->failed = true;
}

static void push(struct jb *jb, json_t *a, json_t *v)
{
	if (a == NULL || v == NULL || json_array_append_new(a, v) < 0)
		jb->failed = true;
}

static json_t *str(struct jb *jb, const char *s)
{
	return s ? chk(jb, json_string(s)) : json_null();
}

/* Display only: hundredths as a JSON number (exact to two decimals when
 * printed with enough precision); integers stay integers. */
static json_t *pts(struct jb *jb, tc_pts p)
{
	if (p == TC_PTS_NONE)
		return json_null();
	if (p % TC_PTS_SCALE == 0)
		return chk(jb, json_integer(p / TC_PTS_SCALE));
	return chk(jb, json_real((double)p / TC_PTS_SCALE));
}

char *rsjson_cond_text(const struct rs_cond *c, char *buf, size_t n)
{
	char v[32];
	if (!c->set) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(buf, n, "%s %s %s", c->lhs, OPS[c->op],
		 c->rhs ? c->rhs : pts_format_vi(c->rhs_value, v, sizeof v));
	return buf;
}

char *rsjson_rule_text(const struct rs_item *it, char *buf, size_t n)
{
	char c[256], v[32];
	const char *k = rs_kind_name(it->kind);
	rsjson_cond_text(&it->cond, c, sizeof c);
	if (it->kind == RS_ACHIEVEMENT && it->all_subs)
		snprintf(buf, n, "%s all", k);
	else if (it->kind == RS_ACHIEVEMENT && it->num)
		snprintf(buf, n, "%s ratio %s %s %s", k, it->num, it->den,
			 pts_format_vi(it->threshold, v, sizeof v));
	else if (it->kind == RS_ACHIEVEMENT && it->cond.set)
		snprintf(buf, n, "%s when %s", k, c);
	else if (it->kind == RS_DEDUCTION)
		snprintf(buf, n, "%s %s %s", k, pts_format_vi(it->deduct, v, sizeof v), c);
	else if (it->cond.set)
		snprintf(buf, n, "%s %s", k, c);
	else if (it->num && it->den)
		snprintf(buf, n, "%s %s %s", k, it->num, it->den);
	else if (it->num)
		snprintf(buf, n, "%s %s", k, it->num);
	else
		snprintf(buf, n, "%s", k);
	return buf;
}

static void source(struct jb *jb, json_t *o, const struct rs_source *s)
{
	set(jb, o, "provisional", json_boolean(s->provisional));
	set(jb, o, "provisional_reason", str(jb, s->provisional_reason));
	set(jb, o, "cite", str(jb, s->cite));
	set(jb, o, "confidence", str(jb, CONF[s->confidence]));
	json_t *notes = chk(jb, json_array());
	for (const char *p = s->notes; p && *p;) {
		size_t len = strcspn(p, "\n");
		push(jb, notes, chk(jb, json_stringn(p, len)));
		p += len + (p[len] == '\n');
	}
	set(jb, o, "notes", notes);
}

static json_t *item(struct jb *jb, const struct rs_item *it)
{
	char buf[512];
	json_t *o = chk(jb, json_object());
	set(jb, o, "code", str(jb, it->code));
	set(jb, o, "title", str(jb, it->title));
	set(jb, o, "max", pts(jb, it->max));
	set(jb, o, "kind", str(jb, rs_kind_name(it->kind)));
	set(jb, o, "rule", str(jb, rsjson_rule_text(it, buf, sizeof buf)));
	json_t *ins = chk(jb, json_array());
	for (size_t i = 0; i < it->n_inputs; i++) {
		json_t *in = chk(jb, json_object());
		set(jb, in, "name", str(jb, it->inputs[i].name));
		set(jb, in, "type", str(jb, TYPES[it->inputs[i].type]));
		set(jb, in, "label", str(jb, it->inputs[i].label));
		push(jb, ins, in);
	}
	set(jb, o, "inputs", ins);
	set(jb, o, "not_arising", json_boolean(it->not_arising));
	set(jb, o, "not_arising_points", pts(jb, it->not_arising_points));
	set(jb, o, "not_arising_when", it->not_arising_when.set
	    ? str(jb, rsjson_cond_text(&it->not_arising_when, buf, sizeof buf)) : json_null());
	set(jb, o, "min", pts(jb, it->min));
	if (it->n_bands) {
		json_t *bands = chk(jb, json_array());
		for (size_t i = 0; i < it->n_bands; i++) {
			json_t *b = chk(jb, json_object());
			set(jb, b, "lo", pts(jb, it->bands[i].lo));
			set(jb, b, "hi", pts(jb, it->bands[i].hi));
			set(jb, b, "points", pts(jb, it->bands[i].points));
			push(jb, bands, b);
		}
		set(jb, o, "bands", bands);
	}
	if (it->kind == RS_ACHIEVEMENT && it->num)
		set(jb, o, "threshold", pts(jb, it->threshold));
	if (it->kind == RS_DEDUCTION) {
		set(jb, o, "deduct", pts(jb, it->deduct));
		set(jb, o, "below_zero", json_boolean(it->below_zero));
	}
	source(jb, o, &it->src);
	if (it->parent == NULL) {
		json_t *subs = chk(jb, json_array());
		for (size_t i = 0; i < it->n_subs; i++)
			push(jb, subs, item(jb, &it->subs[i]));
		set(jb, o, "subs", subs);
	}
	return o;
}

static json_t *criterion(struct jb *jb, const struct rs_criterion *c)
{
	json_t *o = chk(jb, json_object());
	set(jb, o, "code", str(jb, c->code));
	set(jb, o, "title", str(jb, c->title));
	set(jb, o, "max", pts(jb, c->max));
	set(jb, o, "scored_as_whole", json_boolean(c->n_items == 0));
	source(jb, o, &c->src);
	json_t *items = chk(jb, json_array());
	for (size_t i = 0; i < c->n_items; i++)
		push(jb, items, item(jb, &c->items[i]));
	set(jb, o, "indicators", items);
	return o;
}

static void condition(struct jb *jb, json_t *arr, const char *name, const struct rs_source *s)
{
	json_t *o = chk(jb, json_object());
	set(jb, o, "name", str(jb, name));
	source(jb, o, s);
	push(jb, arr, o);
}

static json_t *pass(struct jb *jb, const struct rs_ruleset *rs)
{
	const struct rs_pass *p = &rs->pass;
	json_t *o = chk(jb, json_object()), *conds = chk(jb, json_array());
	set(jb, o, "total_min", pts(jb, p->total_min));
	json_t *cls = json_null();
	if (p->total_min_by_class[0] != TC_PTS_NONE) {
		cls = chk(jb, json_object());
		set(jb, cls, "I", pts(jb, p->total_min_by_class[0]));
		set(jb, cls, "II", pts(jb, p->total_min_by_class[1]));
		set(jb, cls, "III", pts(jb, p->total_min_by_class[2]));
	}
	set(jb, o, "total_min_by_class", cls);
	set(jb, o, "criterion_min_fraction", p->frac_den
	    ? pts(jb, p->frac_num * TC_PTS_SCALE / p->frac_den) : json_null());
	set(jb, o, "all_met", json_boolean(p->all_met));
	set(jb, o, "complete", json_boolean(p->complete));
	json_t *gates = chk(jb, json_array());
	for (size_t i = 0; i < rs->n_gates; i++) {
		json_t *g = chk(jb, json_object());
		set(jb, g, "code", str(jb, rs->gates[i].code));
		set(jb, g, "title", str(jb, rs->gates[i].title));
		source(jb, g, &rs->gates[i].src);
		push(jb, gates, g);
	}
	set(jb, o, "gates", gates);
	if (p->total_min != TC_PTS_NONE)
		condition(jb, conds, "total_min", &p->src_total);
	if (p->total_min_by_class[0] != TC_PTS_NONE)
		condition(jb, conds, "total_min_by_class", &p->src_class);
	if (p->frac_den)
		condition(jb, conds, "criterion_min_fraction", &p->src_frac);
	if (p->all_met)
		condition(jb, conds, "all_met", &p->src_all_met);
	if (p->complete)
		condition(jb, conds, "complete", &p->src_complete);
	set(jb, o, "conditions", conds);
	return o;
}

static json_t *summary(struct jb *jb, const struct rs_ruleset *rs)
{
	json_t *o = chk(jb, json_object());
	set(jb, o, "id", str(jb, rs->id));
	set(jb, o, "title", str(jb, rs->title));
	set(jb, o, "version", str(jb, rs->version));
	set(jb, o, "mode", str(jb, rs->mode == RS_MODE_POINTS ? "points" : "achievement"));
	set(jb, o, "rounding", str(jb, rs->rounding == RS_ROUND_HALF_UP ? "half_up" : "down"));
	json_t *years = chk(jb, json_array());
	push(jb, years, chk(jb, json_integer(rs->year_from)));
	push(jb, years, chk(jb, json_integer(rs->year_to)));
	set(jb, o, "years", years);
	set(jb, o, "provisional", json_boolean(rs->provisional));
	return o;
}

json_t *rsjson_summary(const struct rs_ruleset *rs)
{
	struct jb jb = {false};
	json_t *o = summary(&jb, rs);
	if (jb.failed) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *rsjson_ruleset(const struct rs_ruleset *rs)
{
	struct jb jb = {false};
	json_t *o = summary(&jb, rs);
	json_t *basis = chk(&jb, json_array());
	for (size_t i = 0; i < rs->n_basis; i++)
		push(&jb, basis, str(&jb, rs->basis[i]));
	set(&jb, o, "basis", basis);
	set(&jb, o, "pass", pass(&jb, rs));
	json_t *crits = chk(&jb, json_array());
	for (size_t i = 0; i < rs->n_criteria; i++)
		push(&jb, crits, criterion(&jb, &rs->criteria[i]));
	set(&jb, o, "criteria", crits);
	if (jb.failed) {
		json_decref(o);
		return NULL;
	}
	return o;
}
