/* scorejson.c — the score result as JSON and reasons in Vietnamese (see
 * scorejson.h). Moved from cli/cmd_score.c so the web API prints exactly the
 * same shape as `tiepcan score`. */
#include "app/scorejson.h"

#include <string.h>

/* A JSON/CSV number built exactly from hundredths: 95.45, 9.5, 80. */
void sj_put_num(struct buf *b, tc_pts p)
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

void sj_put_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	while (*s) {
		size_t run = 0; /* copy runs that need no escaping in one go */
		while (s[run] && s[run] != '"' && s[run] != '\\' && (unsigned char)s[run] >= 0x20)
			run++;
		buf_append(b, s, run);
		s += run;
		if (*s == '"' || *s == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, *s++);
		} else if (*s) {
			buf_printf(b, "\\u%04x", (unsigned char)*s++);
		}
	}
	buf_putc(b, '"');
}

static void put_json_max(struct buf *b, tc_pts max)
{
	if (max == TC_PTS_NONE)
		buf_puts(b, "null");
	else
		sj_put_num(b, max);
}

static void json_item(struct buf *b, const struct sc_item_result *r)
{
	buf_puts(b, "{\"code\":");
	sj_put_str(b, r->item->code);
	buf_puts(b, ",\"points\":");
	sj_put_num(b, r->points);
	buf_puts(b, ",\"max\":");
	put_json_max(b, r->max);
	if (r->met >= 0)
		buf_printf(b, ",\"met\":%s", r->met ? "true" : "false");
	buf_puts(b, ",\"source\":");
	sj_put_str(b, sc_source_name(r->source));
	if (r->provisional)
		buf_puts(b, ",\"provisional\":true");
	buf_puts(b, ",\"explain\":");
	sj_put_str(b, r->explain);
	if (r->n_subs > 0) {
		buf_puts(b, ",\"subs\":[");
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
	buf_puts(b, ",\"criteria\":[");
	for (size_t c = 0; c < res->n_crits; c++) {
		const struct sc_crit_result *cr = &res->crits[c];
		buf_puts(b, c ? ",{\"code\":" : "{\"code\":");
		sj_put_str(b, cr->crit->code);
		buf_puts(b, ",\"points\":");
		sj_put_num(b, cr->points);
		buf_puts(b, ",\"max\":");
		put_json_max(b, cr->max);
		buf_printf(b, ",\"met\":%s", cr->met ? "true" : "false");
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

/* Indicators, then whole-scored criteria as entries with the criterion code
 * (so every scored element shows its source and explanation). */
static void json_indicators(struct buf *b, const struct sc_result *res)
{
	int first = 1;
	buf_puts(b, ",\"indicators\":[");
	for (size_t c = 0; c < res->n_crits; c++) {
		const struct sc_crit_result *cr = &res->crits[c];
		for (size_t i = 0; i < cr->n_items; i++) {
			if (!first)
				buf_putc(b, ',');
			first = 0;
			json_item(b, &cr->items[i]);
		}
		if (cr->n_items == 0) {
			buf_puts(b, first ? "{\"code\":" : ",{\"code\":");
			first = 0;
			sj_put_str(b, cr->crit->code);
			buf_puts(b, ",\"points\":");
			sj_put_num(b, cr->points);
			buf_puts(b, ",\"max\":");
			put_json_max(b, cr->max);
			buf_puts(b, ",\"source\":");
			sj_put_str(b, sc_source_name(cr->source));
			buf_puts(b, ",\"explain\":");
			sj_put_str(b, cr->explain ? cr->explain : "");
			buf_puts(b, ",\"scored_as_whole\":true}");
		}
	}
	buf_putc(b, ']');
}

void sj_result(struct buf *b, const char *unit, int year,
			const struct sc_result *res, int first)
{
	buf_puts(b, first ? "{\"unit\":" : ",\n{\"unit\":");
	sj_put_str(b, unit);
	buf_printf(b, ",\"year\":%d,\"ruleset\":", year);
	sj_put_str(b, res->rs->id);
	buf_puts(b, ",\"total\":");
	sj_put_num(b, res->total);
	buf_printf(b, ",\"provisional\":%s", res->provisional ? "true" : "false");
	json_criteria(b, res);
	json_indicators(b, res);
	buf_printf(b, ",\"recognised\":%s,\"reasons\":[", res->recognised ? "true" : "false");
	for (size_t r = 0; r < res->n_reasons; r++) {
		if (r)
			buf_putc(b, ',');
		sj_put_str(b, res->reasons[r]);
	}
	buf_puts(b, "]}");
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

