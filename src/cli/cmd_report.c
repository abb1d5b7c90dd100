/* cmd_report.c — `tiepcan report --sample`: renders a SAMPLE document (fixed,
 * made-up figures, clearly labelled as such) with every report writer, so the
 * rendering layer can be tested end to end before the store feeds real data.
 * It will give way to `tiepcan report KIND ...` (issue 6), which builds the
 * same struct doc from the store. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/csvw.h"
#include "report/doc.h"
#include "report/pdf.h"
#include "report/svg.h"
#include "report/xlsx.h"
#include "util/buf.h"
#include "util/fileio.h"

static const char usage_text[] =
	"usage: tiepcan report --sample --format xlsx|pdf|csv|svg -o FILE [OPTIONS]\n"
	"\n"
	"Development command: renders a sample score sheet (made-up figures,\n"
	"labelled \"dữ liệu mẫu\") with the report writers, for tests and for looking\n"
	"at the layout. The real reports will come from `tiepcan report KIND`.\n"
	"\n"
	"  --format F     xlsx, pdf, csv or svg\n"
	"  -o, --output FILE   where to write (\"-\" = standard output, not for xlsx)\n"
	"  --rows N       number of indicator rows (1 to 5000; default 60)\n"
	"  --landscape    A4 landscape instead of portrait (xlsx, pdf)\n"
	"  --no-bom       CSV without the UTF-8 byte-order mark\n"
	"  --chart K      svg chart: bar-h (default), bar-v, line, hist, tiles\n"
	"  -h, --help     this help\n";

struct opts {
	const char *format, *out, *chart;
	long rows;
	int landscape, bom;
};

/* The sample row i: indicator "k.j" under criterion k, fixed figures. */
static int sample_row(struct doc *d, long i, tc_pts *self_sum, tc_pts *rev_sum,
		      struct tc_err *err)
{
	char ind[32], content[400];
	snprintf(ind, sizeof ind, "%ld.%ld", i / 6 + 1, i % 6 + 1);
	snprintf(content, sizeof content, "Nội dung chỉ tiêu %s (dữ liệu mẫu): tỷ lệ hồ sơ "
		 "được giải quyết đúng hạn, niêm yết công khai \"đầy đủ\" & kịp thời%s", ind,
		 i % 5 == 0 ? "; văn bản dài để kiểm tra việc xuống dòng trong ô của bảng khi "
			      "in ra giấy khổ A4" : "");
	tc_pts max = 200 + (i % 4) * 50;           /* 2,00 .. 3,50 */
	tc_pts self = max - (i % 3) * 25;           /* never above max */
	tc_pts rev = self - (i % 7 == 0 ? 25 : 0);
	*self_sum += self;
	*rev_sum += rev;
	if (doc_begin_row(d, DOC_ROW_DATA, err) < 0 || doc_cell_int(d, i + 1, err) < 0 ||
	    doc_cell_text(d, ind, err) < 0 || doc_cell_text(d, content, err) < 0 ||
	    doc_cell_pts(d, max, err) < 0 || doc_cell_percent(d, 10000 - (i % 9) * 125, err) < 0 ||
	    doc_cell_pts(d, self, err) < 0 || doc_cell_pts(d, rev, err) < 0 ||
	    doc_cell_date(d, 2018, 12, (int)(i % 28) + 1, err) < 0)
		return -1;
	return doc_cell_text(d, i % 2 ? "Nguyễn Văn Ánh" : "Hoàng Thị Hằng", err);
}

static int sample_meta(struct doc *d, int landscape, struct tc_err *err)
{
	doc_set_orientation(d, landscape ? DOC_LANDSCAPE : DOC_PORTRAIT);
	if (doc_set_meta(d, DOC_TITLE, "BẢNG TỔNG HỢP ĐIỂM SỐ CỦA CÁC TIÊU CHÍ, CHỈ TIÊU", err) < 0 ||
	    doc_set_meta(d, DOC_SUBTITLE, "Bảng tổng hợp điểm số của các tiêu chí, chỉ tiêu — "
			 "Xã Sóc Hà, năm 2018 (dữ liệu mẫu, không phải số liệu thật)", err) < 0 ||
	    doc_set_meta(d, DOC_ISSUER, "ỦY BAN NHÂN DÂN\nXÃ SÓC HÀ", err) < 0 ||
	    doc_set_meta(d, DOC_FORM_NO, "Mẫu 02", err) < 0 ||
	    doc_set_meta(d, DOC_PLACE, "Cao Bằng", err) < 0 || doc_set_date(d, 2019, 1, 5, err) < 0)
		return -1;
	static const struct { const char *h; int w; enum doc_type t; } cols[] = {
		{"STT", 6, DOC_INT}, {"Chỉ tiêu", 8, DOC_TEXT}, {"Nội dung", 36, DOC_TEXT},
		{"Điểm tối đa", 9, DOC_PTS}, {"Tỷ lệ", 9, DOC_PERCENT},
		{"Điểm tự chấm", 9, DOC_PTS}, {"Điểm thẩm định", 10, DOC_PTS},
		{"Ngày cập nhật", 11, DOC_DATE}, {"Người phụ trách", 16, DOC_TEXT},
	};
	if (doc_add_table(d, "Bảng điểm: Xã Sóc Hà [2018]", err) < 0)
		return -1;
	for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
		if (doc_add_column(d, cols[c].h, cols[c].w, cols[c].t, err) < 0)
			return -1;
	return 0;
}

/* Builds the sample document. Caller frees. */
static struct doc *sample_doc(long rows, int landscape, struct tc_err *err)
{
	struct doc *d = doc_new(err);
	if (!d || sample_meta(d, landscape, err) < 0)
		goto fail;
	tc_pts self = 0, rev = 0;
	for (long i = 0; i < rows; i++) {
		if (i % 6 == 0) {
			char g[96];
			snprintf(g, sizeof g, "Tiêu chí %ld (dữ liệu mẫu)", i / 6 + 1);
			if (doc_group_row(d, g, err) < 0)
				goto fail;
		}
		if (sample_row(d, i, &self, &rev, err) < 0)
			goto fail;
	}
	if (doc_begin_row(d, DOC_ROW_TOTAL, err) < 0 || doc_cell_empty(d, err) < 0 ||
	    doc_cell_text(d, "", err) < 0 || doc_cell_text(d, "Tổng cộng", err) < 0 ||
	    doc_cell_empty(d, err) < 0 || doc_cell_empty(d, err) < 0 ||
	    doc_cell_pts(d, self, err) < 0 || doc_cell_pts(d, rev, err) < 0 ||
	    doc_add_footnote(d, "Kết luận: Đạt chuẩn tiếp cận pháp luật (dữ liệu mẫu).", err) < 0 ||
	    doc_add_footnote(d, "Giá trị tạm tính (provisional): điểm tối đa của chỉ tiêu "
			     "chưa có văn bản chính thức được đánh dấu tạm tính.", err) < 0 ||
	    doc_add_signature(d, "NGƯỜI LẬP BIỂU", "Hoàng Thị Hằng", err) < 0 ||
	    doc_add_signature(d, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "Nông Văn Đức", err) < 0)
		goto fail;
	return d;
fail:
	doc_free(d);
	return NULL;
}

/* The sample chart of kind k (names as in --chart). */
static struct svg_chart *sample_chart(const char *k, struct tc_err *err)
{
	static const char *const communes[] = {"Xã Sóc Hà", "Xã Quý Quân", "Xã Lũng Nặm",
					       "Thị trấn Xuân Hòa", "Xã <Thử> & \"Kiểm\""};
	static const char *const shorts[] = {"Sóc Hà", "Quý Quân", "Lũng Nặm", "Xuân Hòa",
					     "<Thử>"};
	enum svg_kind kind = !strcmp(k, "bar-v") ? SVG_BAR_V : !strcmp(k, "line") ? SVG_LINE
			     : !strcmp(k, "hist") ? SVG_HIST : !strcmp(k, "tiles") ? SVG_TILES
			     : SVG_BAR_H;
	struct svg_chart *c = svg_new(kind, "Tổng điểm theo xã (dữ liệu mẫu)", 2, err);
	int rc = c ? 0 : -1;
	if (rc == 0 && kind == SVG_HIST) {
		static const int64_t totals[] = {7250, 8100, 8450, 9000, 9545, 6400, 8820, 9990};
		rc = svg_hist(c, totals, 8, 6000, 1000, 4, err);
	} else if (rc == 0 && kind == SVG_TILES) {
		rc = svg_add_category(c, "Đạt chuẩn tiếp cận pháp luật", err);
		rc = rc ? rc : svg_add_category(c, "Chưa đạt", err);
		for (int i = 0; i < 5 && rc == 0; i++)
			rc = svg_add_tile(c, shorts[i], communes[i], -1, -1, (size_t)(i % 2), err);
	} else if (rc == 0) {
		for (int i = 0; i < 5 && rc == 0; i++)
			rc = svg_add_category(c, communes[i], err);
		rc = rc ? rc : svg_add_series(c, "2018", err);
		for (int i = 0; i < 5 && rc == 0; i++)
			rc = svg_add_value(c, 8000 + i * 450, err);
		rc = rc ? rc : svg_add_series(c, "2019", err);
		for (int i = 0; i < 5 && rc == 0; i++)
			rc = svg_add_value(c, i == 2 ? SVG_NONE : 7600 + i * 500, err);
	}
	if (rc != 0) {
		svg_free(c);
		return NULL;
	}
	return c;
}

/* Renders the sample in o->format into out (not xlsx, which writes a file). */
static int render(const struct opts *o, struct buf *out, struct tc_err *err)
{
	if (!strcmp(o->format, "svg")) {
		struct svg_chart *c = sample_chart(o->chart, err);
		int rc = c ? svg_render(c, out, err) : -1;
		svg_free(c);
		return rc;
	}
	struct doc *d = sample_doc(o->rows, o->landscape, err);
	if (!d)
		return -1;
	int rc;
	if (!strcmp(o->format, "pdf"))
		rc = pdf_write(d, out, NULL, err);
	else if (!strcmp(o->format, "xlsx"))
		rc = xlsx_write_file(d, o->out, err);
	else
		rc = csvw_write(d, 0, o->bom ? CSVW_BOM : 0, out, err);
	doc_free(d);
	return rc;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"rows", required_argument, NULL, 'r'}, {"landscape", no_argument, NULL, 'l'},
		{"no-bom", no_argument, NULL, 'b'}, {"chart", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	const char *cmd = "report --sample";
	char *end;
	int ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "o:h", lopts, NULL)) != -1) {
		switch (ch) {
		case 'f': o->format = optarg; break;
		case 'o': o->out = optarg; break;
		case 'l': o->landscape = 1; break;
		case 'b': o->bom = 0; break;
		case 'c': o->chart = optarg; break;
		case 'h': fputs(usage_text, stdout); return 0;
		case 'r':
			o->rows = strtol(optarg, &end, 10);
			if (end == optarg || *end || o->rows < 1 || o->rows > 5000)
				return cli_usage_error(cmd, "--rows '%s' is not a number from 1 to "
						       "5000", optarg);
			break;
		default:
			return cli_usage_error(cmd, "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!o->format || (strcmp(o->format, "xlsx") && strcmp(o->format, "pdf") &&
			   strcmp(o->format, "csv") && strcmp(o->format, "svg")))
		return cli_usage_error(cmd, "--format must be xlsx, pdf, csv or svg");
	if (!o->out)
		return cli_usage_error(cmd, "-o FILE is required");
	if (!strcmp(o->format, "xlsx") && !strcmp(o->out, "-"))
		return cli_usage_error(cmd, "XLSX cannot go to standard output; give -o FILE");
	if (strcmp(o->chart, "bar-h") && strcmp(o->chart, "bar-v") && strcmp(o->chart, "line") &&
	    strcmp(o->chart, "hist") && strcmp(o->chart, "tiles"))
		return cli_usage_error(cmd, "--chart must be bar-h, bar-v, line, hist or tiles");
	return -1; /* go on */
}

int cmd_report_sample(int argc, char **argv)
{
	struct opts o = {NULL, NULL, "bar-h", 60, 0, 1};
	int st = parse(argc, argv, &o);
	if (st >= 0)
		return st;
	struct tc_err err;
	tc_err_clear(&err);
	struct buf out;
	buf_init(&out, 0);
	int rc = render(&o, &out, &err);
	if (rc == 0 && strcmp(o.format, "xlsx")) {
		if (!strcmp(o.out, "-")) {
			if (fwrite(buf_cstr(&out), 1, buf_len(&out), stdout) != buf_len(&out) ||
			    fflush(stdout) != 0)
				rc = tc_err_set(&err, TC_EIO, "cannot write to standard output");
		} else {
			rc = tc_write_file_atomic(o.out, buf_cstr(&out), buf_len(&out), &err);
		}
	}
	buf_free(&out);
	return rc == 0 ? 0 : cli_fail(&err);
}
