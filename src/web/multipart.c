/* multipart.c — multipart/form-data parser (see multipart.h; RFC 7578). */
#include "web/multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

#define MAX_BOUNDARY 70      /* RFC 2046 */
#define MAX_HEADER_BYTES 8192
#define MAX_NAME 256
#define MAX_FILENAME 255

void mp_limits_default(struct mp_limits *lim)
{
	if (lim->max_parts == 0)
		lim->max_parts = 200;
	if (lim->max_file == 0)
		lim->max_file = (size_t)20 << 20;
	if (lim->max_total == 0)
		lim->max_total = (size_t)50 << 20;
	if (lim->max_field == 0)
		lim->max_field = (size_t)1 << 20;
}

/* First occurrence of needle in hay, or NULL (memmem is not POSIX). */
static const char *find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	const char *end = hay + hn - nn;
	for (const char *p = hay; p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, nn) == 0)
			return p;
	}
	return NULL;
}

static int bchar_ok(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       strchr("'()+_,-./:=? ", c) != NULL;
}

/* Reads a parameter value at p (token or quoted string) into
 * an arena string; *endp is set past it. */
static char *param_value(struct arena *a, const char *p, const char *lim, const char **endp)
{
	char *out = arena_alloc(a, (size_t)(lim - p) + 1);
	if (out == NULL)
		return NULL;
	size_t o = 0;
	if (p < lim && *p == '"') {
		p++;
		/* no backslash escapes: browsers %-encode '"' in names (HTML
		 * spec) and old ones send raw Windows paths "C:\dir\f.pdf" */
		while (p < lim && *p != '"')
			out[o++] = *p++;
		if (p >= lim)
			return NULL; /* unterminated quote */
		p++;
	} else {
		while (p < lim && *p != ';' && *p != ' ' && *p != '\t')
			out[o++] = *p++;
	}
	out[o] = '\0';
	*endp = p;
	return out;
}

/* Finds parameter `key` in a header value like `form-data; name="x"`.
 * Returns an arena string, NULL if absent (*bad stays 0) or malformed. */
static char *header_param(struct arena *a, const char *v, size_t n, const char *key, int *bad)
{
	const char *p = v, *lim = v + n;
	size_t kl = strlen(key);
	p = memchr(p, ';', n);
	while (p && p < lim) {
		p++;
		while (p < lim && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(lim - p) > kl && strncasecmp(p, key, kl) == 0 && p[kl] == '=') {
			const char *end;
			char *val = param_value(a, p + kl + 1, lim, &end);
			if (val == NULL)
				*bad = 1;
			return val;
		}
		p = memchr(p, ';', (size_t)(lim - p));
	}
	return NULL;
}

char *mp_boundary(struct arena *a, const char *ct, struct tc_err *err)
{
	size_t n = strlen(ct);
	if (n < 19 || strncasecmp(ct, "multipart/form-data", 19) != 0) {
		tc_err_set(err, TC_EINPUT, "Kiểu nội dung phải là multipart/form-data.");
		return NULL;
	}
	int bad = 0;
	char *b = header_param(a, ct, n, "boundary", &bad);
	size_t bl = b ? strlen(b) : 0;
	int ok = b && bl >= 1 && bl <= MAX_BOUNDARY && b[bl - 1] != ' ';
	for (size_t i = 0; ok && i < bl; i++)
		ok = bchar_ok(b[i]);
	if (!ok) {
		tc_err_set(err, TC_EINPUT, "Thiếu hoặc sai tham số boundary trong Content-Type multipart/form-data.");
		return NULL;
	}
	return b;
}

const char *mp_clean_filename(const char *fn)
{
	size_t n = strlen(fn);
	const char *base = fn, *comp = fn;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || fn[i] == '/' || fn[i] == '\\') {
			if (fn + i - comp == 2 && comp[0] == '.' && comp[1] == '.')
				return NULL;
			if (i < n)
				base = comp = fn + i + 1;
		}
	}
	size_t bl = strlen(base);
	if (bl == 0 || bl > MAX_FILENAME || strcmp(base, ".") == 0 || !utf8_valid(base, bl, NULL))
		return NULL;
	for (size_t i = 0; i < bl; i++)
		if ((unsigned char)base[i] < 0x20 || base[i] == 0x7F)
			return NULL;
	return base;
}

/* Reads the part headers in h[0..n) (lines separated by CRLF, no final empty
 * line) into part->name / filename / content_type. */
static int part_headers(struct arena *a, const char *h, size_t n, struct mp_part *part,
			size_t idx, struct tc_err *err)
{
	int have_cd = 0, bad = 0;
	part->content_type = "";
	const char *p = h, *lim = h + n;
	while (p < lim) {
		const char *eol = find(p, (size_t)(lim - p), "\r\n", 2);
		const char *le = eol ? eol : lim;
		const char *colon = memchr(p, ':', (size_t)(le - p));
		if (colon == NULL)
			return tc_err_set(err, TC_EINPUT, "Phần thứ %zu của biểu mẫu có dòng tiêu đề không hợp lệ.", idx);
		const char *v = colon + 1;
		while (v < le && (*v == ' ' || *v == '\t'))
			v++;
		size_t hn = (size_t)(colon - p), vn = (size_t)(le - v);
		if (hn == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			if (vn < 9 || strncasecmp(v, "form-data", 9) != 0)
				return tc_err_set(err, TC_EINPUT, "Phần thứ %zu: Content-Disposition phải là form-data.", idx);
			have_cd = 1;
			part->name = header_param(a, v, vn, "name", &bad);
			char *fn = header_param(a, v, vn, "filename", &bad);
			if (bad)
				return tc_err_set(err, TC_EINPUT, "Phần thứ %zu: tham số Content-Disposition không đóng dấu ngoặc kép.", idx);
			if (fn) {
				part->filename = mp_clean_filename(fn);
				if (part->filename == NULL)
					return tc_err_set(err, TC_EINPUT, "Tên tệp không hợp lệ ở phần thứ %zu: không được rỗng, chứa \"..\" hay ký tự điều khiển, tối đa %d byte.", idx, MAX_FILENAME);
			}
		} else if (hn == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			part->content_type = arena_strndup(a, v, vn);
			if (part->content_type == NULL)
				return tc_err_set(err, TC_ENOMEM, "Không đủ bộ nhớ để đọc biểu mẫu.");
		}
		p = eol ? eol + 2 : lim;
	}
	if (!have_cd || part->name == NULL || part->name[0] == '\0')
		return tc_err_set(err, TC_EINPUT, "Phần thứ %zu của biểu mẫu thiếu tên trường (Content-Disposition name).", idx);
	size_t nl = strlen(part->name);
	if (nl > MAX_NAME || !utf8_valid(part->name, nl, NULL))
		return tc_err_set(err, TC_EINPUT, "Phần thứ %zu: tên trường dài quá %d byte hoặc không phải UTF-8.", idx, MAX_NAME);
	return 0;
}

/* Checks sizes and, for text fields, copies the value into the arena. */
static int part_body(struct arena *a, struct mp_part *part, const char *d, size_t n,
		     const struct mp_limits *lim, size_t *total, struct tc_err *err)
{
	if (part->filename) {
		if (n > lim->max_file)
			return tc_err_set(err, TC_EINPUT, "Tệp \"%s\" có %zu byte, vượt giới hạn %zu byte mỗi tệp.",
					  part->filename, n, lim->max_file);
		*total += n;
		if (*total > lim->max_total)
			return tc_err_set(err, TC_EINPUT, "Tổng dung lượng các tệp vượt giới hạn %zu byte.", lim->max_total);
		part->data = d;
		part->len = n;
		return 0;
	}
	if (n > lim->max_field)
		return tc_err_set(err, TC_EINPUT, "Trường \"%s\" dài %zu byte, vượt giới hạn %zu byte.",
				  part->name, n, lim->max_field);
	if (memchr(d, '\0', n) != NULL || !utf8_valid(d, n, NULL))
		return tc_err_set(err, TC_EINPUT, "Trường \"%s\" không phải văn bản UTF-8 hợp lệ.", part->name);
	part->data = arena_strndup(a, d, n);
	part->len = n;
	return part->data ? 0 : tc_err_set(err, TC_ENOMEM, "Không đủ bộ nhớ để đọc biểu mẫu.");
}

/* Position of the first delimiter: at the very start, or after a preamble
 * line break. */
static const char *first_delim(const char *body, size_t len, const char *d, size_t dl)
{
	if (len >= dl && memcmp(body, d, dl) == 0)
		return body;
	const char *p = find(body, len, d - 2, dl + 2); /* "\r\n--b" */
	return p ? p + 2 : NULL;
}

int mp_parse(struct arena *a, const char *boundary, const char *body, size_t len,
	     const struct mp_limits *limp, struct mp_part **parts, size_t *np,
	     struct tc_err *err)
{
	struct mp_limits lim = {0};
	if (limp)
		lim = *limp;
	mp_limits_default(&lim);
	size_t bl = strlen(boundary);
	char *dbuf = arena_alloc(a, bl + 5);
	struct mp_part *out = arena_calloc(a, lim.max_parts, sizeof *out);
	if (dbuf == NULL || out == NULL)
		return tc_err_set(err, TC_ENOMEM, "Không đủ bộ nhớ để đọc biểu mẫu.");
	memcpy(dbuf, "\r\n--", 4);
	memcpy(dbuf + 4, boundary, bl + 1);
	const char *delim = dbuf + 2; /* "--boundary"; dbuf is "\r\n--boundary" */
	size_t dl = bl + 2, n = 0, total = 0;
	const char *end = body + len;
	const char *p = first_delim(body, len, delim, dl);
	if (p == NULL)
		return tc_err_set(err, TC_EINPUT, "Nội dung multipart không có dấu phân cách boundary.");
	for (;;) {
		p += dl;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* closing delimiter; the epilogue is ignored */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return tc_err_set(err, TC_EINPUT, "Nội dung multipart bị cắt cụt hoặc sai định dạng sau boundary.");
		p += 2;
		if (n >= lim.max_parts)
			return tc_err_set(err, TC_EINPUT, "Biểu mẫu có quá nhiều phần (tối đa %zu).", lim.max_parts);
		size_t look = (size_t)(end - p) < MAX_HEADER_BYTES ? (size_t)(end - p) : MAX_HEADER_BYTES;
		const char *hend = (look >= 2 && p[0] == '\r' && p[1] == '\n') ? p - 2 : find(p, look, "\r\n\r\n", 4);
		if (hend == NULL)
			return tc_err_set(err, TC_EINPUT, "Phần thứ %zu: tiêu đề quá dài hoặc không kết thúc.", n + 1);
		if (part_headers(a, p, hend > p ? (size_t)(hend - p) : 0, &out[n], n + 1, err) != 0)
			return -1;
		const char *d = hend + 4;
		const char *next = find(d, (size_t)(end - d), dbuf, dl + 2);
		if (next == NULL)
			return tc_err_set(err, TC_EINPUT, "Phần thứ %zu không có boundary kết thúc: nội dung bị cắt cụt.", n + 1);
		if (part_body(a, &out[n], d, (size_t)(next - d), &lim, &total, err) != 0)
			return -1;
		n++;
		p = next + 2;
	}
	*parts = out;
	*np = n;
	return 0;
}

bool mp_content_matches(const char *type, const char *d, size_t n)
{
	if (strcmp(type, "application/pdf") == 0)
		return n >= 5 && memcmp(d, "%PDF-", 5) == 0;
	if (strcmp(type, "image/png") == 0)
		return n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0;
	if (strcmp(type, "image/jpeg") == 0)
		return n >= 3 && memcmp(d, "\xff\xd8\xff", 3) == 0;
	if (strcmp(type, "application/msword") == 0 || strcmp(type, "application/vnd.ms-excel") == 0)
		return n >= 8 && memcmp(d, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0;
	return n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0; /* OOXML and OpenDocument are ZIP */
}
