/* scorejson.c — the score result as JSON and reasons in Vietnamese (see
 * scorejson.h). Moved from cli/cmd_score.c so the web API prints exactly the
 * same shape as `tiepcan score`. */
#include "app/scorejson.h"

#include <stdint.h>
#include <string.h>

/* The writers below are the inner loop of `tiepcan score` (155 MB of JSON on
 * the national file): digits by hand, fixed strings with buf_append of a
 * known length, no printf. */
#define PUT(b, lit) buf_append((b), (lit), sizeof(lit) - 1)

/* A JSON/CSV number built exactly from hundredths: 95.45, 9.5, 80 (the
 * two-decimal form of pts_format without its trailing zeros). */
void sj_put_num(struct buf *b, tc_pts p)
{
	char d[32];
	size_t n = sizeof d;
	uint64_t a = p < 0 ? (uint64_t)0 - (uint64_t)p : (uint64_t)p;
	unsigned f = (unsigned)(a % 100);
	a /= 100;
	if (f != 0) {
		if (f % 10 != 0)
			d[--n] = (char)('0' + f % 10);
		d[--n] = (char)('0' + f / 10);
		d[--n] = '.';
	}
	do {
		d[--n] = (char)('0' + a % 10);
		a /= 10;
	} while (a != 0);
	if (p < 0)
		d[--n] = '-';
	buf_append(b, d + n, sizeof d - n);
}

/* 1 for the bytes a JSON string must escape: controls, '"' and '\\'. */
static const unsigned char ESC[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

void sj_put_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(b, '"');
	for (;;) {
		size_t run = 0; /* copy runs that need no escaping in one go */
		while (s[run] != '\0' && !ESC[(unsigned char)s[run]])
			run++;
		buf_append(b, s, run);
		s += run;
		if (*s == '\0')
			break;
		if (*s == '"' || *s == '\\') {
			char e[2] = {'\\', *s};
			buf_append(b, e, 2);
		} else {
			unsigned char c = (unsigned char)*s;
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_append(b, e, 6);
		}
		s++;
	}
	buf_putc(b, '"');
}

static void put_bool(struct buf *b, int v)
{
	if (v)
		PUT(b, "true");
	else
		PUT(b, "false");
}

static void put_json_max(struct buf *b, tc_pts max)
{
	if (max == TC_PTS_NONE)
		PUT(b, "null");
	else
		sj_put_num(b, max);
}

static void json_item(struct buf *b, const struct sc_item_result *r)
{
	PUT(b, "{\"code\":");
	sj_put_str(b, r->item->code);
	PUT(b, ",\"points\":");
	sj_put_num(b, r->points);
	PUT(b, ",\"max\":");
	put_json_max(b, r->max);
	if (r->met >= 0) {
		PUT(b, ",\"met\":");
		put_bool(b, r->met);
	}
	PUT(b, ",\"source\":");
	sj_put_str(b, sc_source_name(r->source));
	if (r->provisional)
		PUT(b, ",\"provisional\":true");
	PUT(b, ",\"explain\":");
	sj_put_str(b, r->explain);
	if (r->n_subs > 0) {
		PUT(b, ",\"subs\":[");
		for (size_t s = 0; s < r->n_subs; s++) {
			if (s)
				buf_putc(b, ',');
			json_item(b, &r->subs[s]);
		}
		buf_putc(b, ']');
	}
	buf_putc(b, '}');
}

static void json_criteria(struct buf *b, const struct sc_result *res)
{
	PUT(b, ",\"criteria\":[");
	for (size_t c = 0; c < res->n_crits; c++) {
		const struct sc_crit_result *cr = &res->crits[c];
		if (c)
			buf_putc(b, ',');
		PUT(b, "{\"code\":");
		sj_put_str(b, cr->crit->code);
		PUT(b, ",\"points\":");
		sj_put_num(b, cr->points);
		PUT(b, ",\"max\":");
		put_json_max(b, cr->max);
		PUT(b, ",\"met\":");
		put_bool(b, cr->met);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

/* Indicators, then whole-scored criteria as entries with the criterion code
 * (so every scored element shows its source and explanation). */
static void json_indicators(struct buf *b, const struct sc_result *res)
{
	int first = 1;
	PUT(b, ",\"indicators\":[");
	for (size_t c = 0; c < res->n_crits; c++) {
		const struct sc_crit_result *cr = &res->crits[c];
		for (size_t i = 0; i < cr->n_items; i++) {
			if (!first)
				buf_putc(b, ',');
			first = 0;
			json_item(b, &cr->items[i]);
		}
		if (cr->n_items == 0) {
			if (!first)
				buf_putc(b, ',');
			first = 0;
			PUT(b, "{\"code\":");
			sj_put_str(b, cr->crit->code);
			PUT(b, ",\"points\":");
			sj_put_num(b, cr->points);
			PUT(b, ",\"max\":");
			put_json_max(b, cr->max);
			PUT(b, ",\"source\":");
			sj_put_str(b, sc_source_name(cr->source));
			PUT(b, ",\"explain\":");
			sj_put_str(b, cr->explain ? cr->explain : "");
			PUT(b, ",\"scored_as_whole\":true}");
		}
	}
	buf_putc(b, ']');
}

void sj_result(struct buf *b, const char *unit, int year,
			const struct sc_result *res, int first)
{
	if (first)
		PUT(b, "{\"unit\":");
	else
		PUT(b, ",\n{\"unit\":");
	sj_put_str(b, unit);
	PUT(b, ",\"year\":");
	sj_put_num(b, (tc_pts)year * TC_PTS_SCALE); /* an integer: no decimals */
	PUT(b, ",\"ruleset\":");
	sj_put_str(b, res->rs->id);
	PUT(b, ",\"total\":");
	sj_put_num(b, res->total);
	PUT(b, ",\"provisional\":");
	put_bool(b, res->provisional);
	json_criteria(b, res);
	json_indicators(b, res);
	PUT(b, ",\"recognised\":");
	put_bool(b, res->recognised);
	PUT(b, ",\"reasons\":[");
	for (size_t r = 0; r < res->n_reasons; r++) {
		if (r)
			buf_putc(b, ',');
		sj_put_str(b, res->reasons[r]);
	}
	PUT(b, "]}");
}

void sj_reason_vi(struct buf *b, const struct sc_result *res, const char *r)
{
	const char *arg = strchr(r, ':');
	arg = arg ? arg + 1 : "";
	if (strcmp(r, "total_below_min") == 0)
		buf_puts(b, "tổng điểm dưới mức tối thiểu");
	else if (strncmp(r, "criterion_below_min:", 20) == 0)
		buf_printf(b, "tiêu chí %s chưa đạt mức tối thiểu", arg);
	else if (strncmp(r, "indicator_below_min:", 20) == 0)
		buf_printf(b, "chỉ tiêu %s chưa đạt", arg);
	else if (strcmp(r, "incomplete:commune_class") == 0)
		buf_puts(b, "thiếu phân loại đơn vị hành chính xã");
	else if (strncmp(r, "incomplete:", 11) == 0)
		buf_printf(b, "thiếu số liệu %s", arg);
	else if (strncmp(r, "gate:", 5) == 0) {
		const char *title = arg;
		for (size_t g = 0; g < res->rs->n_gates; g++)
			if (strcmp(res->rs->gates[g].code, arg) == 0 && res->rs->gates[g].title)
				title = res->rs->gates[g].title;
		buf_printf(b, "vi phạm điều kiện: %s", title);
	} else
		buf_puts(b, r);
}

