/* Unit tests for the report layer: doc model, CSV writer, SVG charts, sheet
 * names, and smoke tests of the PDF and XLSX writers (their content is checked
 * end to end in tests/suite-report.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/csvw.h"
#include "report/doc.h"
#include "report/pdf.h"
#include "report/svg.h"
#include "report/xlsx.h"
#include "util/mem.h"

/* A small document: one table (text, pts, percent, date, int), a group row,
 * two data rows and a totals row. */
static struct doc *small_doc(struct tc_err *err)
{
	struct doc *d = doc_new(err);
	assert_non_null(d);
	assert_int_equal(doc_set_meta(d, DOC_TITLE, "Bảng tổng hợp", err), 0);
	assert_int_equal(doc_set_meta(d, DOC_PLACE, "Cao Bằng", err), 0);
	assert_int_equal(doc_set_date(d, 2019, 1, 5, err), 0);
	assert_int_equal(doc_add_table(d, "Xã Sóc Hà", err), 0);
	assert_int_equal(doc_add_column(d, "Chỉ tiêu", 20, DOC_TEXT, err), 0);
	assert_int_equal(doc_add_column(d, "Điểm", 8, DOC_PTS, err), 0);
	assert_int_equal(doc_add_column(d, "Tỷ lệ", 8, DOC_PERCENT, err), 0);
	assert_int_equal(doc_add_column(d, "Ngày", 0, DOC_DATE, err), 0);
	assert_int_equal(doc_add_column(d, "Số, \"hồ sơ\"", 6, DOC_INT, err), 0);
	assert_int_equal(doc_group_row(d, "Tiêu chí 1", err), 0);
	assert_int_equal(doc_begin_row(d, DOC_ROW_DATA, err), 0);
	assert_int_equal(doc_cell_text(d, "Niêm yết, công khai", err), 0);
	assert_int_equal(doc_cell_pts(d, 9545, err), 0);
	assert_int_equal(doc_cell_percent(d, 8750, err), 0);
	assert_int_equal(doc_cell_date(d, 2018, 12, 31, err), 0);
	assert_int_equal(doc_cell_int(d, 1234567, err), 0);
	assert_int_equal(doc_begin_row(d, DOC_ROW_DATA, err), 0);
	assert_int_equal(doc_cell_text(d, "Dòng 1\nDòng \"2\"", err), 0);
	assert_int_equal(doc_cell_pts(d, -25, err), 0);
	assert_int_equal(doc_begin_row(d, DOC_ROW_TOTAL, err), 0);
	assert_int_equal(doc_cell_text(d, " Tổng cộng", err), 0);
	assert_int_equal(doc_cell_pts(d, 9520, err), 0);
	return d;
}

static void test_doc_build_and_read(void **state)
{
	(void)state;
	struct tc_err err;
	struct doc *d = small_doc(&err);
	char line[128];
	assert_string_equal(doc_place_date(d, line, sizeof line),
			    "Cao Bằng, ngày 05 tháng 01 năm 2019");
	assert_string_equal(doc_meta(d, DOC_TITLE), "Bảng tổng hợp");
	assert_string_equal(doc_meta(d, DOC_SUBTITLE), "");
	assert_int_equal(doc_motto(d), 1);
	assert_int_equal(doc_n_tables(d), 1);
	assert_int_equal(doc_n_cols(d, 0), 5);
	assert_int_equal(doc_col(d, 0, 3).width, 10); /* 0 means the default */
	assert_int_equal(doc_col(d, 0, 1).type, DOC_PTS);
	assert_int_equal(doc_n_rows(d, 0), 4);
	assert_int_equal(doc_row_kind(d, 0, 0), DOC_ROW_GROUP);
	assert_string_equal(doc_group_text(d, 0, 0), "Tiêu chí 1");
	struct doc_cellv v = doc_cell(d, 0, 1, 3);
	assert_int_equal(v.type, DOC_DATE);
	assert_int_equal(v.y * 10000 + v.m * 100 + v.d, 20181231);
	assert_int_equal(doc_cell(d, 0, 2, 1).num, -25);
	assert_int_equal(doc_cell(d, 0, 2, 4).type, DOC_EMPTY); /* not given */
	assert_int_equal(doc_row_kind(d, 0, 3), DOC_ROW_TOTAL);

	/* Strings are copied in: changing the caller's buffer changes nothing. */
	char note[] = "Giá trị tạm tính (provisional)";
	assert_int_equal(doc_add_footnote(d, note, &err), 0);
	note[0] = 'X';
	assert_string_equal(doc_footnote(d, 0), "Giá trị tạm tính (provisional)");
	assert_int_equal(doc_add_signature(d, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "Nông Văn Đức",
					   &err), 0);
	assert_string_equal(doc_sig_name(d, 0), "Nông Văn Đức");
	doc_free(d);
}

static void test_doc_rejects(void **state)
{
	(void)state;
	struct tc_err err;
	struct doc *d = small_doc(&err);
	/* Column after rows; wrong type; too many cells; bad text; bad dates. */
	assert_int_equal(doc_add_column(d, "Muộn", 5, DOC_TEXT, &err), -1);
	assert_int_equal(doc_begin_row(d, DOC_ROW_DATA, &err), 0);
	assert_int_equal(doc_cell_pts(d, 100, &err), -1); /* column 1 is text */
	assert_int_equal(err.code, TC_EINTERNAL);
	assert_int_equal(doc_cell_text(d, "a", &err), 0);
	assert_int_equal(doc_cell_percent(d, 5, &err), -1); /* column 2 is points */
	assert_int_equal(doc_cell_text(d, "—", &err), 0);  /* text fits anywhere */
	for (int i = 0; i < 3; i++)
		assert_int_equal(doc_cell_empty(d, &err), 0);
	assert_int_equal(doc_cell_empty(d, &err), -1);
	assert_non_null(strstr(err.msg, "more cells than its 5 columns"));
	assert_int_equal(doc_set_meta(d, DOC_TITLE, "bad \xC3\x28 utf8", &err), -1);
	assert_int_equal(err.code, TC_EINPUT);
	assert_int_equal(doc_set_meta(d, DOC_TITLE, "tab\there", &err), -1);
	assert_non_null(strstr(err.msg, "control character 0x09"));
	assert_string_equal(doc_meta(d, DOC_TITLE), "Bảng tổng hợp"); /* unchanged */
	assert_int_equal(doc_set_date(d, 2019, 2, 29, &err), -1);
	assert_int_equal(doc_set_date(d, 2020, 2, 29, &err), 0);
	assert_int_equal(doc_begin_row(d, DOC_ROW_DATA, &err), 0);
	assert_int_equal(doc_cell_date(d, 2100, 2, 29, &err), -1); /* not a leap year */
	assert_int_equal(doc_begin_row(d, DOC_ROW_GROUP, &err), -1);
	doc_free(d);

	struct doc *e = doc_new(&err);
	assert_int_equal(doc_add_column(e, "x", 1, DOC_TEXT, &err), -1); /* no table */
	assert_int_equal(doc_add_table(e, "t", &err), 0);
	assert_int_equal(doc_begin_row(e, DOC_ROW_DATA, &err), -1);   /* no columns */
	doc_free(e);
}

static void test_doc_out_of_memory(void **state)
{
	(void)state;
	struct tc_err err;
	/* Every allocation point of a build fails cleanly (ASan checks for leaks). */
	for (long n = 0; n < 12; n++) {
		struct doc *d = doc_new(&err);
		assert_non_null(d);
		tc_mem_fail_after(n);
		int rc = doc_add_table(d, "t", &err);
		rc = rc ? rc : doc_add_column(d, "c", 5, DOC_TEXT, &err);
		rc = rc ? rc : doc_group_row(d, "g", &err);
		rc = rc ? rc : doc_begin_row(d, DOC_ROW_DATA, &err);
		rc = rc ? rc : doc_cell_text(d, "x", &err);
		rc = rc ? rc : doc_add_footnote(d, "n", &err);
		rc = rc ? rc : doc_add_signature(d, "p", "q", &err);
		tc_mem_fail_after(-1);
		if (rc != 0)
			assert_int_equal(err.code, TC_ENOMEM);
		doc_free(d);
	}
}

static void test_format_cell(void **state)
{
	(void)state;
	char b[64];
	struct doc_cellv v = {DOC_PTS, NULL, 9545, 0, 0, 0};
	assert_string_equal(doc_format_cell(&v, DOC_FMT_VI, b, sizeof b), "95,45");
	assert_string_equal(doc_format_cell(&v, DOC_FMT_PLAIN, b, sizeof b), "95.45");
	v.num = -5;
	assert_string_equal(doc_format_cell(&v, DOC_FMT_VI, b, sizeof b), "-0,05");
	v.num = 123456700;
	assert_string_equal(doc_format_cell(&v, DOC_FMT_VI, b, sizeof b), "1.234.567,00");
	assert_string_equal(doc_format_cell(&v, DOC_FMT_PLAIN, b, sizeof b), "1234567.00");
	v.type = DOC_INT;
	v.num = 1000;
	assert_string_equal(doc_format_cell(&v, DOC_FMT_VI, b, sizeof b), "1.000");
	v.num = 999;
	assert_string_equal(doc_format_cell(&v, DOC_FMT_VI, b, sizeof b), "999");
	v.num = INT64_MIN;
	assert_string_equal(doc_format_cell(&v, DOC_FMT_PLAIN, b, sizeof b),
			    "-9223372036854775808");
	v.type = DOC_PERCENT;
	v.num = 8750;
	assert_string_equal(doc_format_cell(&v, DOC_FMT_VI, b, sizeof b), "87,50%");
	assert_string_equal(doc_format_cell(&v, DOC_FMT_PLAIN, b, sizeof b), "87.50");
	struct doc_cellv dt = {DOC_DATE, NULL, 0, 2019, 1, 5};
	assert_string_equal(doc_format_cell(&dt, DOC_FMT_VI, b, sizeof b), "05/01/2019");
	assert_string_equal(doc_format_cell(&dt, DOC_FMT_PLAIN, b, sizeof b), "2019-01-05");
	struct doc_cellv e = {DOC_EMPTY, NULL, 7, 0, 0, 0};
	assert_string_equal(doc_format_cell(&e, DOC_FMT_VI, b, sizeof b), "");
}

static void test_csv_exact(void **state)
{
	(void)state;
	struct tc_err err;
	struct doc *d = small_doc(&err);
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(csvw_write(d, 0, CSVW_BOM, &b, &err), 0);
	const char *want =
		"\xEF\xBB\xBF"
		"Chỉ tiêu,Điểm,Tỷ lệ,Ngày,\"Số, \"\"hồ sơ\"\"\"\n"
		"Tiêu chí 1,,,,\n"
		"\"Niêm yết, công khai\",95.45,87.50,2018-12-31,1234567\n"
		"\"Dòng 1\nDòng \"\"2\"\"\",-0.25,,,\n"
		"\" Tổng cộng\",95.20,,,\n";
	assert_string_equal(buf_cstr(&b), want);
	buf_reset(&b);
	assert_int_equal(csvw_write(d, 0, 0, &b, &err), 0);
	assert_int_equal(memcmp(buf_cstr(&b), "Chỉ tiêu,", strlen("Chỉ tiêu,")), 0);
	assert_int_equal(csvw_write(d, 1, 0, &b, &err), -1); /* no such table */
	buf_free(&b);
	doc_free(d);
}

static void test_csv_field_quoting(void **state)
{
	(void)state;
	static const char *const in[] = {"plain", "", "a,b", "say \"hi\"", "cr\rx",
					 "trail ", "in side", "Hà Nội"};
	static const char *const out[] = {"plain", "", "\"a,b\"", "\"say \"\"hi\"\"\"",
					  "\"cr\rx\"", "\"trail \"", "in side", "Hà Nội"};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		struct buf b;
		buf_init(&b, 0);
		csvw_field(&b, in[i]);
		assert_string_equal(buf_cstr(&b), out[i]);
		buf_free(&b);
	}
}

/* Numeric attribute `attr` of the n-th element starting with `tag`, as centi-px. */
static long attr_cp(const char *svg, const char *tag, int n, const char *attr)
{
	const char *p = svg;
	for (int i = 0; i <= n; i++) {
		p = strstr(p, tag);
		if (!p)
			return -1;
		p += strlen(tag);
	}
	char key[32];
	snprintf(key, sizeof key, " %s=\"", attr);
	const char *a = strstr(p, key);
	const char *end = strchr(p, '>');
	if (!a || a > end)
		return -1;
	char *e;
	long ip = strtol(a + strlen(key), &e, 10);
	long frac = *e == '.' ? strtol(e + 1, NULL, 10) : 0;
	return ip * 100 + frac;
}

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_svg_bars_proportional(void **state)
{
	(void)state;
	struct tc_err err;
	static const char *const kinds_tag = "<rect class=\"bar\"";
	for (int horiz = 0; horiz < 2; horiz++) {
		struct svg_chart *c = svg_new(horiz ? SVG_BAR_H : SVG_BAR_V, "Số xã", 0, &err);
		assert_non_null(c);
		static const int64_t vals[] = {10, 20, 40, 0, 30};
		assert_int_equal(svg_add_series(c, "2024", &err), 0);
		for (int i = 0; i < 5; i++) {
			char lab[16];
			snprintf(lab, sizeof lab, "Xã %d", i);
			assert_int_equal(svg_add_category(c, lab, &err), 0);
			assert_int_equal(svg_add_value(c, vals[i], &err), 0);
		}
		struct buf b;
		buf_init(&b, 0);
		assert_int_equal(svg_render(c, &b, &err), 0);
		const char *s = buf_cstr(&b);
		const char *len = horiz ? "width" : "height";
		long l[5];
		for (int i = 0; i < 5; i++)
			l[i] = attr_cp(s, kinds_tag, i, len);
		assert_true(l[0] > 0);
		assert_int_equal(l[1], 2 * l[0]);
		assert_int_equal(l[2], 4 * l[0]);
		assert_int_equal(l[3], 0);
		assert_int_equal(l[4], 3 * l[0]);
		if (!horiz) { /* bars stand on the same baseline */
			long base0 = attr_cp(s, kinds_tag, 0, "y") + l[0];
			long base2 = attr_cp(s, kinds_tag, 2, "y") + l[2];
			assert_int_equal(base0, base2);
		}
		assert_non_null(strstr(s, "<title>Xã 2: 40</title>"));
		assert_non_null(strstr(s, "role=\"img\""));
		assert_non_null(strstr(s, "aria-label=\"Số xã\""));
		buf_free(&b);
		svg_free(c);
	}
}

static void test_svg_escapes_hostile_labels(void **state)
{
	(void)state;
	struct tc_err err;
	const char *evil = "<script>alert('x')</script> & \"q\"";
	for (int kind = SVG_BAR_H; kind <= SVG_TILES; kind++) {
		struct svg_chart *c = svg_new((enum svg_kind)kind, evil, 2, &err);
		assert_non_null(c);
		assert_int_equal(svg_set_desc(c, evil, &err), 0);
		assert_int_equal(svg_set_unit(c, "<b>", &err), 0);
		assert_int_equal(svg_add_category(c, evil, &err), 0);
		if (kind == SVG_TILES) {
			assert_int_equal(svg_add_tile(c, evil, evil, -1, -1, 0, &err), 0);
		} else {
			assert_int_equal(svg_add_series(c, evil, &err), 0);
			assert_int_equal(svg_add_value(c, 9545, &err), 0);
			assert_int_equal(svg_add_series(c, "ok", &err), 0);
			assert_int_equal(svg_add_value(c, 100, &err), 0);
		}
		struct buf b;
		buf_init(&b, 0);
		assert_int_equal(svg_render(c, &b, &err), 0);
		const char *s = buf_cstr(&b);
		assert_null(strstr(s, "<script"));
		assert_null(strstr(s, "<b>"));
		assert_null(strstr(s, "'x'"));
		assert_null(strstr(s, "\"q\""));
		assert_non_null(strstr(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
					  "&quot;q&quot;"));
		/* Every '&' starts an entity. */
		for (const char *p = s; (p = strchr(p, '&')); p++)
			assert_true(!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) ||
				    !strncmp(p, "&gt;", 4) || !strncmp(p, "&quot;", 6) ||
				    !strncmp(p, "&#39;", 5));
		assert_int_equal(count(s, "<svg"), 1);
		assert_int_equal(count(s, "</svg>"), 1);
		buf_free(&b);
		svg_free(c);
	}
	/* Control characters and bad UTF-8 are refused, not passed into XML. */
	struct svg_chart *c = svg_new(SVG_BAR_H, "t", 0, &err);
	assert_int_equal(svg_add_category(c, "a\x01", &err), -1);
	assert_int_equal(svg_add_category(c, "\xff", &err), -1);
	assert_int_equal(svg_add_value(c, 1, &err), -1); /* no series yet */
	assert_int_equal(svg_add_series(c, "s", &err), 0);
	assert_int_equal(svg_add_value(c, SVG_MAX_ABS + 1, &err), -1);
	svg_free(c);
}

static void test_svg_line_hist_tiles(void **state)
{
	(void)state;
	struct tc_err err;
	struct buf b;
	buf_init(&b, 0);
	/* A line with a missing year is drawn as two pieces. */
	struct svg_chart *c = svg_new(SVG_LINE, "Tỷ lệ đạt chuẩn", 2, &err);
	for (int y = 2019; y <= 2023; y++) {
		char lab[8];
		snprintf(lab, sizeof lab, "%d", y);
		assert_int_equal(svg_add_category(c, lab, &err), 0);
	}
	assert_int_equal(svg_add_series(c, "Cao Bằng", &err), 0);
	static const int64_t v[] = {5000, 6250, SVG_NONE, 7500, 8000};
	for (int i = 0; i < 5; i++)
		assert_int_equal(svg_add_value(c, v[i], &err), 0);
	assert_int_equal(svg_set_unit(c, "%", &err), 0);
	assert_int_equal(svg_render(c, &b, &err), 0);
	assert_int_equal(count(buf_cstr(&b), "<circle class=\"pt\""), 4);
	assert_int_equal(count(buf_cstr(&b), "M"), 2);
	assert_non_null(strstr(buf_cstr(&b), "<title>2020: 62,50%</title>"));
	svg_free(c);

	/* Histogram: bins [60,70) [70,80) [80,90) [90,100]; out-of-range to the ends. */
	buf_reset(&b);
	c = svg_new(SVG_HIST, "Phân bố tổng điểm", 2, &err);
	static const int64_t tot[] = {5000, 6000, 6999, 7000, 8500, 9999, 10000, 12000};
	assert_int_equal(svg_hist(c, tot, 8, 6000, 1000, 4, &err), 0);
	assert_int_equal(svg_render(c, &b, &err), 0);
	assert_non_null(strstr(buf_cstr(&b), "<title>60,00–70,00: 3</title>"));
	assert_non_null(strstr(buf_cstr(&b), "<title>70,00–80,00: 1</title>"));
	assert_non_null(strstr(buf_cstr(&b), "<title>80,00–90,00: 1</title>"));
	assert_non_null(strstr(buf_cstr(&b), "<title>90,00–100,00: 3</title>"));
	assert_int_equal(svg_hist(c, tot, 8, 0, 0, 4, &err), -1);
	svg_free(c);

	/* Tiles: coloured by category, explicit positions honoured. */
	buf_reset(&b);
	c = svg_new(SVG_TILES, "Bản đồ ô", 0, &err);
	assert_int_equal(svg_add_category(c, "Đạt chuẩn", &err), 0);
	assert_int_equal(svg_add_category(c, "Chưa đạt", &err), 0);
	assert_int_equal(svg_add_tile(c, "Sóc Hà", "Xã Sóc Hà", 2, 1, 0, &err), 0);
	assert_int_equal(svg_add_tile(c, "Quý Quân Xa", "Xã Quý Quân", -1, -1, 1, &err), 0);
	assert_int_equal(svg_add_tile(c, "x", "x", 3, -1, 1, &err), -1);
	assert_int_equal(svg_render(c, &b, &err), 0);
	assert_int_equal(count(buf_cstr(&b), "class=\"tile\""), 2);
	assert_non_null(strstr(buf_cstr(&b), "x=\"130\" y=\"100\""));
	assert_non_null(strstr(buf_cstr(&b), "<title>Xã Sóc Hà: Đạt chuẩn</title>"));
	assert_non_null(strstr(buf_cstr(&b), ">Quý Quân…</text>"));
	struct buf small;
	buf_init(&small, 100);
	assert_int_equal(svg_render(c, &small, &err), -1);
	assert_int_equal(err.code, TC_ENOMEM);
	buf_free(&small);
	svg_free(c);
	buf_free(&b);
}

static void test_sheet_names(void **state)
{
	(void)state;
	char b[128];
	assert_string_equal(xlsx_sheet_name("Bảng: [2018]/a*b?c\\d", 0, b, sizeof b),
			    "Bảng 2018abcd");
	assert_string_equal(xlsx_sheet_name("''quoted''", 0, b, sizeof b), "quoted");
	assert_string_equal(xlsx_sheet_name("", 2, b, sizeof b), "Bảng 3");
	assert_string_equal(xlsx_sheet_name("[]:*", 0, b, sizeof b), "Bảng 1");
	/* 31 characters, not bytes: Vietnamese letters take 2-3 bytes each. */
	xlsx_sheet_name("Tổng hợp điểm số các tiêu chí của xã Sóc Hà năm 2018", 0, b, sizeof b);
	assert_string_equal(b, "Tổng hợp điểm số các tiêu chí c");
}

static void test_writers_smoke(void **state)
{
	(void)state;
	struct tc_err err;
	struct doc *d = small_doc(&err);
	struct buf b;
	buf_init(&b, 0);
	int pages = 0;
	assert_int_equal(pdf_write(d, &b, &pages, &err), 0);
	assert_int_equal(pages, 1);
	assert_int_equal(memcmp(buf_cstr(&b), "%PDF-", 5), 0);
	/* Many rows: more pages. */
	assert_int_equal(doc_add_table(d, "Dài", &err), 0);
	assert_int_equal(doc_add_column(d, "Nội dung", 10, DOC_TEXT, &err), 0);
	for (int i = 0; i < 150; i++) {
		assert_int_equal(doc_begin_row(d, DOC_ROW_DATA, &err), 0);
		assert_int_equal(doc_cell_text(d, "Hòa giải ở cơ sở", &err), 0);
	}
	buf_reset(&b);
	assert_int_equal(pdf_write(d, &b, &pages, &err), 0);
	assert_true(pages >= 3);
	/* Same sheet name twice (numbered, else libxlsxwriter refuses the sheet),
	 * a one-column table and more signatures than its columns. */
	assert_int_equal(doc_add_table(d, "Xã Sóc Hà", &err), 0);
	assert_int_equal(doc_add_column(d, "STT", 4, DOC_INT, &err), 0);
	assert_int_equal(doc_set_meta(d, DOC_ISSUER, "ỦY BAN NHÂN DÂN\nXÃ SÓC HÀ", &err), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(doc_add_signature(d, "NGƯỜI LẬP BIỂU", "A", &err), 0);
	buf_reset(&b);
	assert_int_equal(xlsx_write(d, &b, &err), 0);
	assert_int_equal(memcmp(buf_cstr(&b), "PK\x03\x04", 4), 0);
	assert_int_equal(xlsx_write_file(d, "/nonexistent-dir/x.xlsx", &err), -1);
	assert_int_equal(err.code, TC_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent-dir/x.xlsx"));
	/* A size cap is an error, not a truncated file. */
	struct buf small;
	buf_init(&small, 1000);
	assert_int_equal(pdf_write(d, &small, NULL, &err), -1);
	assert_int_equal(err.code, TC_ENOMEM);
	buf_reset(&small);
	assert_int_equal(xlsx_write(d, &small, &err), -1);
	buf_reset(&small);
	assert_int_equal(csvw_write(d, 1, 0, &small, &err), -1);
	assert_int_equal(err.code, TC_ENOMEM);
	buf_free(&small);
	buf_free(&b);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_build_and_read),
		cmocka_unit_test(test_doc_rejects),
		cmocka_unit_test(test_doc_out_of_memory),
		cmocka_unit_test(test_format_cell),
		cmocka_unit_test(test_csv_exact),
		cmocka_unit_test(test_csv_field_quoting),
		cmocka_unit_test(test_svg_bars_proportional),
		cmocka_unit_test(test_svg_escapes_hostile_labels),
		cmocka_unit_test(test_svg_line_hist_tiles),
		cmocka_unit_test(test_sheet_names),
		cmocka_unit_test(test_writers_smoke),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
