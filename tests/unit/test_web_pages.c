/* Unit tests for the rule-set pages and API (src/web/rulepages.c,
 * src/app/rsjson.c) against every shipped rule set: every criterion,
 * indicator and sub-item is on the page with its anchor, every provisional
 * element shows its mark and reason, and the JSON has the same tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "app/rsjson.h"
#include "web/pages.h"
#include "web/server.h"

static struct pages_app *APP;

static int setup(void **state)
{
	(void)state;
	struct srv_config cfg;
	srv_config_default(&cfg);
	struct tc_err err = {0};
	APP = pages_app_new(&cfg, &err);
	return APP ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pages_app_free(APP);
	return 0;
}

/* GET path through the real routes table; returns the status; body copied
 * into out (caller frees with tc_free via buf). */
static int get(struct arena *a, const char *path, struct buf *out)
{
	struct http_req *req = http_req_new(a, "GET", path);
	struct http_resp *resp = http_resp_new(a);
	http_req_set_app(req, APP);
	http_dispatch(pages_routes(), req, resp);
	int st = http_resp_status(resp);
	buf_append(out, buf_cstr(http_out(resp)), buf_len(http_out(resp)));
	http_resp_free(resp);
	return st;
}

static size_t count(const char *hay, const char *needle)
{
	size_t k = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		k++;
	return k;
}

static void check_item(const char *html, const struct rs_item *it, size_t *prov)
{
	char anchor[64];
	snprintf(anchor, sizeof anchor, "id=\"ct-%s\"", it->code);
	assert_non_null(strstr(html, anchor));
	*prov += it->src.provisional;
	for (size_t i = 0; i < it->n_subs; i++)
		check_item(html, &it->subs[i], prov);
}

static void test_every_ruleset_page(void **state)
{
	(void)state;
	const struct reg *r = pages_reg(APP);
	assert_true(reg_count(r) >= 3);
	for (size_t i = 0; i < reg_count(r); i++) {
		const struct rs_ruleset *rs = reg_at(r, i);
		struct arena *a = arena_new(0);
		struct buf b;
		buf_init(&b, 0);
		char path[128];
		snprintf(path, sizeof path, "/quy-tac/%s", rs->id);
		assert_int_equal(get(a, path, &b), 200);
		const char *html = buf_cstr(&b);
		assert_non_null(strstr(html, "<html lang=\"vi\">"));
		size_t prov = 0;
		for (size_t c = 0; c < rs->n_criteria; c++) {
			char anchor[64];
			snprintf(anchor, sizeof anchor, "id=\"tc-%s\"", rs->criteria[c].code);
			assert_non_null(strstr(html, anchor));
			prov += rs->criteria[c].src.provisional;
			for (size_t k = 0; k < rs->criteria[c].n_items; k++)
				check_item(html, &rs->criteria[c].items[k], &prov);
		}
		/* one mark per provisional criterion/item at least */
		assert_true(count(html, "badge prov\">Tạm tính<") >= prov);
		assert_true(count(html, "class=\"reason\"") >= prov);
		assert_true(buf_len(&b) < 100 * 1024);
		buf_free(&b);
		arena_free(a);
	}
}

static void test_json_same_tree(void **state)
{
	(void)state;
	const struct reg *r = pages_reg(APP);
	for (size_t i = 0; i < reg_count(r); i++) {
		const struct rs_ruleset *rs = reg_at(r, i);
		struct arena *a = arena_new(0);
		struct buf b;
		buf_init(&b, 0);
		char path[128];
		snprintf(path, sizeof path, "/api/v1/rulesets/%s", rs->id);
		assert_int_equal(get(a, path, &b), 200);
		json_error_t je;
		json_t *j = json_loads(buf_cstr(&b), 0, &je);
		assert_non_null(j);
		assert_string_equal(json_string_value(json_object_get(j, "id")), rs->id);
		json_t *crits = json_object_get(j, "criteria");
		assert_int_equal(json_array_size(crits), rs->n_criteria);
		for (size_t c = 0; c < rs->n_criteria; c++) {
			json_t *jc = json_array_get(crits, c);
			json_t *inds = json_object_get(jc, "indicators");
			assert_int_equal(json_array_size(inds), rs->criteria[c].n_items);
			assert_non_null(json_string_value(json_object_get(jc, "cite")));
			for (size_t k = 0; k < rs->criteria[c].n_items; k++) {
				const struct rs_item *it = &rs->criteria[c].items[k];
				json_t *ji = json_array_get(inds, k);
				assert_string_equal(json_string_value(json_object_get(ji, "code")), it->code);
				assert_int_equal(json_array_size(json_object_get(ji, "subs")), it->n_subs);
				assert_int_equal(json_is_true(json_object_get(ji, "provisional")), it->src.provisional);
			}
		}
		json_decref(j);
		buf_free(&b);
		arena_free(a);
	}
}

static void test_list_and_missing(void **state)
{
	(void)state;
	struct arena *a = arena_new(0);
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(get(a, "/quy-tac", &b), 200);
	for (size_t i = 0; i < reg_count(pages_reg(APP)); i++)
		assert_non_null(strstr(buf_cstr(&b), reg_at(pages_reg(APP), i)->id));
	buf_reset(&b);
	assert_int_equal(get(a, "/quy-tac/qd00-1990", &b), 404);
	buf_reset(&b);
	assert_int_equal(get(a, "/api/v1/rulesets/qd00-1990", &b), 404);
	assert_non_null(strstr(buf_cstr(&b), "\"status\":404"));
	buf_free(&b);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_ruleset_page),
		cmocka_unit_test(test_json_same_tree),
		cmocka_unit_test(test_list_and_missing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
