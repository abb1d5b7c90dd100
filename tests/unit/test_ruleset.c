/* Unit tests for the rule-set loader (core/ruleset): the shipped files load
 * with the expected structure, broken texts fail with "NAME:LINE: message",
 * and allocation failures fail cleanly (the ASan build checks for leaks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/embedded.h"
#include "core/ruleset.h"
#include "util/mem.h"

static struct rs_ruleset *load_builtin(const char *id)
{
	char name[64];
	snprintf(name, sizeof name, "rules/%s.rules", id);
	const struct embedded_file *f = embedded_find(name);
	assert_non_null(f);
	struct tc_err err = {0};
	struct rs_ruleset *rs = rs_load_text(name, (const char *)f->data, f->len, &err);
	if (rs == NULL)
		fail_msg("%s", err.msg);
	return rs;
}

static size_t count_items(const struct rs_ruleset *rs, size_t *subs)
{
	size_t n = 0;
	*subs = 0;
	for (size_t i = 0; i < rs->n_criteria; i++) {
		n += rs->criteria[i].n_items;
		for (size_t k = 0; k < rs->criteria[i].n_items; k++)
			*subs += rs->criteria[i].items[k].n_subs;
	}
	return n;
}

/* Every element of a shipped file carries a citation. */
static void assert_cited(const struct rs_ruleset *rs)
{
	for (size_t i = 0; i < rs->n_criteria; i++) {
		const struct rs_criterion *c = &rs->criteria[i];
		assert_non_null(c->src.cite);
		assert_non_null(c->title);
		for (size_t k = 0; k < c->n_items; k++) {
			const struct rs_item *it = &c->items[k];
			assert_non_null(it->src.cite);
			assert_true(!it->src.provisional || it->src.provisional_reason);
			for (size_t s = 0; s < it->n_subs; s++)
				assert_non_null(it->subs[s].src.cite);
		}
	}
	for (size_t g = 0; g < rs->n_gates; g++)
		assert_non_null(rs->gates[g].src.cite);
}

static void test_qd25(void **state)
{
	(void)state;
	struct rs_ruleset *rs = load_builtin("qd25-2021");
	size_t subs;
	assert_string_equal(rs->id, "qd25-2021");
	assert_int_equal(rs->n_criteria, 5);
	assert_int_equal(count_items(rs, &subs), 20);
	assert_int_equal(subs, 2);
	assert_int_equal(rs->year_from, 2022);
	assert_int_equal(rs->year_to, 2025);
	assert_int_equal(rs->mode, RS_MODE_POINTS);
	static const size_t per_crit[5] = {2, 6, 3, 5, 4};
	tc_pts total = 0;
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(rs->criteria[i].n_items, per_crit[i]);
		total += rs->criteria[i].max;
	}
	assert_int_equal(total, 10000);
	assert_int_equal(rs->pass.total_min, 8000);
	assert_int_equal(rs->pass.frac_num * 2, rs->pass.frac_den);
	assert_true(rs->pass.complete);
	assert_non_null(rs_find_gate(rs, "head_discipline"));
	assert_true(rs->provisional);

	const struct rs_item *i11 = rs_find_item(rs, "1.1");
	assert_non_null(i11);
	assert_int_equal(i11->kind, RS_SUM);
	assert_int_equal(i11->max, 300);
	assert_int_equal(i11->n_inputs, 3);
	assert_string_equal(i11->inputs[0].name, "assigned");
	assert_non_null(rs_find_input(i11, "unlawful_handled"));
	assert_true(i11->not_arising);
	assert_int_equal(i11->not_arising_points, 300);
	assert_true(i11->not_arising_when.set);
	assert_string_equal(i11->not_arising_when.lhs, "assigned");
	assert_int_equal(i11->not_arising_when.op, RS_OP_EQ);
	assert_int_equal(i11->not_arising_when.rhs_value, 0);
	assert_false(i11->src.provisional);
	assert_int_equal(i11->n_subs, 2);
	const struct rs_item *s1 = rs_find_item(rs, "1.1.1");
	assert_ptr_equal(s1, &i11->subs[0]);
	assert_ptr_equal(s1->parent, i11);
	assert_int_equal(s1->kind, RS_ALL_OR_NOTHING);
	assert_int_equal(s1->max, 100);
	assert_string_equal(s1->cond.lhs, "issued");
	assert_int_equal(s1->cond.op, RS_OP_GE);
	assert_string_equal(s1->cond.rhs, "assigned");
	assert_non_null(rs_find_input(s1, "issued")); /* sub-items read the parent's */
	const struct rs_item *s2 = rs_find_item(rs, "1.1.2");
	assert_int_equal(s2->max, 200);
	assert_null(s2->cond.rhs);

	const struct rs_item *i12 = rs_find_item(rs, "1.2");
	assert_int_equal(i12->max, 700);
	assert_int_equal(i12->kind, RS_POINTS);
	assert_true(i12->src.provisional);
	assert_int_equal(i12->src.confidence, RS_CONF_MEDIUM);
	assert_true(rs_find_criterion(rs, "2")->src.provisional);
	assert_null(rs_find_item(rs, "6.1"));
	assert_null(rs_find_criterion(rs, "6"));
	assert_null(rs_find_gate(rs, "nope"));
	assert_cited(rs);
	rs_free(rs);
}

static void test_qd27(void **state)
{
	(void)state;
	struct rs_ruleset *rs = load_builtin("qd27-2025");
	size_t subs;
	assert_int_equal(rs->mode, RS_MODE_ACHIEVEMENT);
	assert_int_equal(rs->n_criteria, 3);
	assert_int_equal(count_items(rs, &subs), 14);
	assert_int_equal(rs->criteria[0].n_items, 3);
	assert_int_equal(rs->criteria[1].n_items, 7);
	assert_int_equal(rs->criteria[2].n_items, 4);
	assert_int_equal(rs->criteria[0].max, TC_PTS_NONE);
	assert_true(rs->pass.all_met);
	assert_true(rs->pass.complete);
	assert_int_equal(rs->pass.total_min, TC_PTS_NONE);
	assert_int_equal(rs->pass.frac_den, 0);
	assert_int_equal(rs->n_gates, 0);
	assert_int_equal(rs->year_from, 2026);
	const struct rs_item *i11 = rs_find_item(rs, "1.1");
	assert_int_equal(i11->kind, RS_ACHIEVEMENT);
	assert_string_equal(i11->num, "issued_ok");
	assert_string_equal(i11->den, "assigned");
	assert_int_equal(i11->threshold, 10000);
	assert_true(i11->not_arising);
	assert_int_equal(i11->not_arising_points, TC_PTS_NONE);
	assert_int_equal(i11->src.confidence, RS_CONF_LOW);
	assert_true(i11->src.provisional);
	const struct rs_item *i21 = rs_find_item(rs, "2.1");
	assert_true(i21->all_subs);
	assert_int_equal(i21->n_subs, 2);
	assert_string_equal(i21->subs[1].code, "2.1.2");
	const struct rs_item *i25 = rs_find_item(rs, "2.5");
	assert_true(i25->cond.set);
	assert_int_equal(i25->cond.rhs_value, 100);
	const struct rs_item *s311 = rs_find_item(rs, "3.1.1");
	assert_non_null(s311);
	assert_int_equal(s311->threshold, 10000);
	assert_ptr_equal(s311->parent, rs_find_item(rs, "3.1"));
	assert_cited(rs);
	rs_free(rs);
}

static void test_qd619(void **state)
{
	(void)state;
	struct rs_ruleset *rs = load_builtin("qd619-2017");
	size_t subs;
	static const tc_pts maxima[5] = {1500, 3000, 2500, 1000, 2000};
	assert_int_equal(rs->n_criteria, 5);
	assert_int_equal(count_items(rs, &subs), 0);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(rs->criteria[i].max, maxima[i]);
		assert_non_null(rs->criteria[i].src.notes);
	}
	assert_int_equal(rs->pass.total_min, TC_PTS_NONE);
	assert_int_equal(rs->pass.total_min_by_class[0], 9000);
	assert_int_equal(rs->pass.total_min_by_class[1], 8000);
	assert_int_equal(rs->pass.total_min_by_class[2], 7000);
	assert_int_equal(rs->pass.frac_num * 2, rs->pass.frac_den);
	assert_int_equal(rs->n_gates, 1);
	assert_int_equal(rs->gates[0].src.confidence, RS_CONF_MEDIUM);
	assert_int_equal(rs->year_from, 2017);
	assert_int_equal(rs->year_to, 2021);
	assert_cited(rs);
	rs_free(rs);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(rs_kind_name(RS_POINTS), "points");
	assert_string_equal(rs_kind_name(RS_ALL_OR_NOTHING), "all_or_nothing");
	assert_string_equal(rs_kind_name(RS_RATIO_BANDS), "ratio_bands");
	assert_string_equal(rs_kind_name(RS_DEDUCTION), "deduction");
	assert_string_equal(rs_kind_name(RS_ACHIEVEMENT), "achievement");
}

/* ---- A small valid text and what the loader makes of it ------------------ */

#define HDR "ruleset t\ntitle T\nversion 1\nbasis B\nyears 2022 2025\n" /* lines 1-5 */
#define PASS "pass total_min 5\ncite c\nconfidence high\n"                 /* lines 6-8 */
#define CRIT "criterion 1\ntitle C\nmax 10\ncite c\nconfidence high\n"     /* lines 9-13 */
#define IND(code, max, kind) "indicator " code "\ntitle I\nmax " max "\nkind " kind \
	"\ncite c\nconfidence high\n"
#define SUB(code, max, kind) "sub " code "\ntitle S\nmax " max "\nkind " kind \
	"\ncite c\nconfidence high\n"

static struct rs_ruleset *load(const char *text, struct tc_err *err)
{
	return rs_load_text("t", text, strlen(text), err);
}

static void test_valid_small(void **state)
{
	(void)state;
	struct tc_err err = {0};
	const char *text = "\xEF\xBB\xBF# comment\r\n" HDR PASS CRIT
		"indicator 1.1\n  title I\n  max 4\n  kind ratio_bands done total\n"
		"  input total count Tổng\n  input done count Đã xong\n"
		"  band 0 50 0\n  band 50 80 2,5\n  band 80 * 4\n"
		"  cite c\n  confidence high\n  note a\n  note b\n"
		IND("1.2", "6", "sum") "input x count X\n" SUB("1.2.1", "6", "points")
		"sub 1.2.2\ntitle D\nkind deduction 0.25 x > 0\nbelow_zero yes\n"
		"cite c\nconfidence low\nprovisional unknown\n"
		"gate g\ntitle G\ncite c\nconfidence medium\n";
	struct rs_ruleset *rs = load(text, &err);
	if (rs == NULL)
		fail_msg("%s", err.msg);
	const struct rs_item *it = rs_find_item(rs, "1.1");
	assert_int_equal(it->n_bands, 3);
	assert_int_equal(it->bands[1].lo, 5000);
	assert_int_equal(it->bands[1].points, 250);
	assert_int_equal(it->bands[2].hi, TC_PTS_NONE);
	assert_string_equal(it->src.notes, "a\nb");
	assert_string_equal(it->inputs[0].label, "Tổng");
	const struct rs_item *d = rs_find_item(rs, "1.2.2");
	assert_int_equal(d->kind, RS_DEDUCTION);
	assert_int_equal(d->deduct, 25);
	assert_int_equal(d->max, TC_PTS_NONE);
	assert_true(d->below_zero);
	assert_true(rs->provisional);
	assert_string_equal(rs->path, "t");
	rs_free(rs);
	/* The same without the provisional line is not provisional. */
	rs = load(HDR PASS CRIT, &err);
	assert_non_null(rs);
	assert_false(rs->provisional);
	assert_int_equal(rs->criteria[0].n_items, 0);
	rs_free(rs);
}

/* ---- Broken texts: exact "t:LINE:" prefix and a meaningful message ------- */

struct broken {
	const char *text;
	int line;
	const char *msg; /* substring of the message */
};

static const struct broken broken[] = {
	{HDR "frobnicate 1\n", 6, "unknown keyword 'frobnicate'"},
	{HDR "cite c\n", 6, "'cite' outside a block"},
	{"title T\n", 1, "first line must be 'ruleset ID'"},
	{HDR PASS "criterion 1\ntitle C\nmax 10\nconfidence high\n", 9,
	 "criterion 1 has no 'cite' line"},
	{HDR "pass total_min 5\ncite c\n" CRIT, 6, "pass total_min has no 'confidence'"},
	{HDR PASS CRIT "indicator 1.1\ntitle I\nkind points\ncite c\nconfidence high\n", 14,
	 "indicator 1.1 has no 'max' line"},
	{HDR PASS CRIT "indicator 1.1\nmax 1\nkind points\ncite c\nconfidence high\n", 14,
	 "has no 'title' line"},
	{HDR PASS CRIT "indicator 1.1\ntitle I\nmax 1\ncite c\nconfidence high\n", 14,
	 "has no 'kind' line"},
	{HDR PASS CRIT CRIT, 14, "duplicate criterion 1 (first at line 9)"},
	{HDR PASS CRIT IND("1.1", "1", "points") IND("1.1", "1", "points"), 20,
	 "duplicate code 1.1 (first at line 14)"},
	{HDR PASS CRIT IND("1.1", "1", "sum") SUB("1.2.1", "1", "points"), 20,
	 "sub 1.2.1 must follow indicator 1.2"},
	{HDR PASS CRIT IND("2.1", "1", "points"), 14, "criterion 2 does not exist"},
	{HDR PASS CRIT IND("1.1", "1", "all_or_nothing x >= y"), 14, "uses input 'x'"},
	{HDR PASS CRIT "indicator 1.1\ntitle I\nmax 1\nkind ratio_bands a b\n"
	 "input a count A\ninput b count B\nband 0 60 0\nband 50 100 1\n", 21,
	 "band 50 100 overlaps or precedes"},
	{HDR PASS CRIT "indicator 1.1\ntitle I\nmax 1\nkind ratio_bands a b\n"
	 "input a count A\ninput b count B\nband 50 * 1\nband 0 50 0\n", 21,
	 "band 0 50 overlaps or precedes"},
	{HDR PASS CRIT IND("1.1", "1.255", "points"), 16, "'1.255' has more than two decimals"},
	{HDR PASS CRIT IND("1.1", "3", "sum") SUB("1.1.1", "1", "points"), 14,
	 "sub-items' maxima sum to 1.00 but its max is 3.00"},
	{HDR PASS CRIT IND("1.1", "6", "points") IND("1.2", "5", "points"), 9,
	 "indicators' maxima sum to 11.00, more than the criterion max 10.00"},
	{"ruleset t\ntitle \xC3\x28\n", 2, "invalid UTF-8"},
	{"ruleset t\n\ntitle a\0b\n", 3, "NUL byte"},
	{"ruleset t\ntitle Xa\xCC\x83\n", 2, "not in Unicode NFC form"},
	{HDR "pass total_min 5\ncite c\nconfidence sure\n", 8, "high, medium or low"},
	{HDR PASS CRIT IND("1.1", "1", "achievement"), 17, "needs 'mode achievement'"},
	{"ruleset t\nmode achievement\ncriterion 1\ntitle C\nmax 10\n", 5,
	 "'max' is not used in achievement mode"},
	{HDR PASS "criterion 1\ntitle C\nmax 10\nmax 5\n", 12, "duplicate 'max' in criterion 1"},
	{"ruleset t\ntitle T\nbasis B\nyears 2022 2025\n" PASS CRIT, 1,
	 "no 'version TEXT' line"},
	{"ruleset t\nyears 2025 2022\n", 2, "the first year is after the last"},
	{HDR PASS CRIT IND("1.1", "1", "magic"), 17, "unknown kind 'magic'"},
	{HDR PASS CRIT "indicator 1.1\ntitle I\nmax 1\nkind yes_no a\ninput a count A\n"
	 "cite c\nconfidence high\n", 14, "kind yes_no needs a bool input"},
	{HDR "pass total_min 90\ncite c\nconfidence high\n" CRIT, 13,
	 "above the sum of the criteria maxima"},
	{HDR PASS CRIT IND("1.1", "1", "sum") "sub 1.1.1\ninput a count A\n", 21,
	 "inputs are declared on the indicator"},
	{HDR PASS CRIT IND("1.1", "1", "points") "not_arising_when a = 0\n", 14,
	 "not_arising_when needs a 'not_arising' line"},
	{HDR PASS CRIT IND("1.1", "1", "deduction 1 a > 0"), 17,
	 "kind deduction is for sub-items"},
	{HDR PASS CRIT IND("1.1", "1", "points") SUB("1.1.1", "1", "points"), 14,
	 "has sub-items but kind points"},
	{HDR PASS CRIT "version 2\n", 14, "'version' is a header line"},
	{HDR PASS CRIT "provisional\n", 14, "'provisional' needs the reason"},
	{HDR PASS, 8, "no criterion"},
	{HDR PASS CRIT "indicator 1.1\ntitle I\nmax 1\nkind points\nband 0 * 1\n"
	 "cite c\nconfidence high\n", 14, "'band' lines are only for kind ratio_bands"},
	{HDR CRIT, 10, "no 'pass' condition"},
	{HDR PASS CRIT "gate g\ntitle G\ncite c\nconfidence high\n"
	 "gate g\n", 18, "duplicate gate g (first at line 14)"},
	{HDR PASS CRIT "gate g\nmax 1\n", 15, "'max' is not allowed in gate g"},
	{HDR "pass total_min_by_class I=90 II=80\n", 6, "threshold for class III"},
	{HDR "pass criterion_min_fraction 1.5\n", 6, "at most 1"},
	{HDR PASS CRIT IND("1.1", "1", "sum") SUB("1.1.1", "1", "points")
	 "sub 1.1.2\ntitle D\nmax 1\nkind deduction 1 a > 0\ncite c\nconfidence high\n", 26,
	 "a deduction has no max"},
	{HDR PASS "criterion x\n", 9, "official number"},
	{"ruleset Bad_Id\n", 1, "lower-case letters, digits and '-'"},
	{HDR PASS CRIT "indicator 1.1\ntitle I\nmax 1\nkind points\nnot_arising 2\n"
	 "cite c\nconfidence high\n", 14, "not_arising points exceed max 1.00"},
};

static void test_broken(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		const struct broken *b = &broken[i];
		struct tc_err err = {0};
		/* Explicit length: one case holds a NUL byte. */
		size_t len = strlen(b->text);
		if (strstr(b->msg, "NUL"))
			len += 1 + strlen(b->text + len + 1);
		struct rs_ruleset *rs = rs_load_text("t", b->text, len, &err);
		char prefix[32];
		snprintf(prefix, sizeof prefix, "t:%d: ", b->line);
		if (rs != NULL || err.code != TC_EINPUT ||
		    strncmp(err.msg, prefix, strlen(prefix)) != 0 || !strstr(err.msg, b->msg)) {
			rs_free(rs);
			fail_msg("case %zu: want '%s...%s', got '%s'", i, prefix, b->msg, err.msg);
		}
	}
	assert_true(sizeof broken / sizeof broken[0] >= 20);
	/* A length above the cap is refused before the text is read. */
	struct tc_err err = {0};
	assert_null(rs_load_text("t", "x", (size_t)17 << 20, &err));
	assert_int_equal(err.code, TC_EINPUT);
	assert_non_null(strstr(err.msg, "larger than 16 MiB"));
}

/* ---- Damaged shipped files: never a crash, always "f:LINE: ..." ----------- */

/* Loads text[0..len); on failure the message must start "f:N: " with N a
 * line of the text. Returns 1 if it loaded. */
static int load_damaged(const char *text, size_t len, int n_lines)
{
	struct tc_err err = {0};
	struct rs_ruleset *rs = rs_load_text("f", text, len, &err);
	if (rs != NULL) {
		rs_free(rs);
		return 1;
	}
	int line = 0;
	char colon = 0;
	if (err.code != TC_EINPUT || sscanf(err.msg, "f:%d%c", &line, &colon) != 2 ||
	    colon != ':' || line < 1 || line > n_lines + 1)
		fail_msg("bad error for damaged text: %s", err.msg);
	return 0;
}

static void test_damaged(void **state)
{
	(void)state;
	static const char *const ids[] = {"qd619-2017", "qd25-2021", "qd27-2025"};
	char *buf = tc_malloc(1 << 20);
	assert_non_null(buf);
	for (size_t k = 0; k < 3; k++) {
		char name[64];
		snprintf(name, sizeof name, "rules/%s.rules", ids[k]);
		const struct embedded_file *f = embedded_find(name);
		const char *t = (const char *)f->data;
		int n_lines = 0, loaded = 0, tries = 0;
		for (size_t i = 0; i < f->len; i++)
			n_lines += t[i] == '\n';
		/* Drop each line in turn. */
		for (size_t a = 0; a < f->len;) {
			size_t b = a;
			while (b < f->len && t[b] != '\n')
				b++;
			b += b < f->len;
			memcpy(buf, t, a);
			memcpy(buf + a, t + b, f->len - b);
			loaded += load_damaged(buf, f->len - (b - a), n_lines);
			tries++;
			a = b;
		}
		/* Cut the file short at many places (also inside UTF-8 sequences). */
		for (size_t cut = 0; cut < f->len; cut += 7) {
			loaded += load_damaged(t, cut, n_lines);
			tries++;
		}
		/* Comments and blank lines can go; most other lines cannot. */
		assert_true(loaded > 0);
		assert_true(loaded < tries / 2);
	}
	tc_free(buf);
}

/* ---- Allocation failures --------------------------------------------------- */

static void test_alloc_failures(void **state)
{
	(void)state;
	const struct embedded_file *f = embedded_find("rules/qd27-2025.rules");
	assert_non_null(f);
	long n;
	for (n = 0; n < 100000; n++) {
		struct tc_err err = {0};
		tc_mem_fail_after(n);
		struct rs_ruleset *rs = rs_load_text("x", (const char *)f->data, f->len, &err);
		tc_mem_fail_after(-1);
		if (rs != NULL) {
			rs_free(rs);
			break;
		}
		if (err.code != TC_ENOMEM)
			fail_msg("n=%ld: want TC_ENOMEM, got %d: %s", n, err.code, err.msg);
		assert_non_null(strstr(err.msg, "out of memory"));
	}
	assert_true(n > 3);      /* several allocations were really tested */
	assert_true(n < 100000); /* and it finally succeeded */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qd25),
		cmocka_unit_test(test_qd27),
		cmocka_unit_test(test_qd619),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_valid_small),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
