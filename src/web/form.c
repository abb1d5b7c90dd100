/* form.c — urlencoded and cookie parsers (see form.h). */
#include "web/form.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

#define COOKIE_MAX_LEN 8192
#define COOKIE_MAX_N 64

void form_limits_default(struct form_limits *lim)
{
	if (lim->max_fields == 0)
		lim->max_fields = 1000;
	if (lim->max_name == 0)
		lim->max_name = 256;
	if (lim->max_value == 0)
		lim->max_value = (size_t)1 << 20;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into a fresh arena string; `what` names the part for
 * messages ("tên trường" / "giá trị của trường X"). */
static char *decode(struct arena *a, const char *s, size_t n, size_t max,
		    const char *what, struct tc_err *err)
{
	char *out = arena_alloc(a, n + 1);
	if (out == NULL) {
		tc_err_set(err, TC_ENOMEM, "Không đủ bộ nhớ để đọc biểu mẫu.");
		return NULL;
	}
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			/* both hex digits must exist: s[i+1] and s[i+2] */
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				tc_err_set(err, TC_EINPUT, "%s: mã '%%' không hợp lệ (cần %%XX với hai chữ số hệ 16).", what);
				return NULL;
			}
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0') {
			tc_err_set(err, TC_EINPUT, "%s: chứa ký tự NUL không được phép.", what);
			return NULL;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	if (o > max) {
		tc_err_set(err, TC_EINPUT, "%s: dài %zu byte, vượt giới hạn %zu byte.", what, o, max);
		return NULL;
	}
	size_t bad;
	if (!utf8_valid(out, o, &bad)) {
		tc_err_set(err, TC_EINPUT, "%s: không phải văn bản UTF-8 hợp lệ (byte thứ %zu).", what, bad + 1);
		return NULL;
	}
	return out;
}

/* Collects fields in a growing arena array (old copies stay in the arena
 * until the request ends; doubling keeps that bounded by 2x). */
struct collect {
	struct form_field *f;
	size_t n, cap;
};

static int push(struct arena *a, struct collect *c, const char *name,
		const char *value)
{
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 16;
		struct form_field *nf = arena_calloc(a, ncap, sizeof *nf);
		if (nf == NULL)
			return -1;
		if (c->n)
			memcpy(nf, c->f, c->n * sizeof *nf);
		c->f = nf;
		c->cap = ncap;
	}
	c->f[c->n].name = name;
	c->f[c->n].value = value;
	c->f[c->n].len = strlen(value);
	c->n++;
	return 0;
}

int form_parse_urlencoded(struct arena *a, const char *data, size_t len,
			  const struct form_limits *limp, struct form *out,
			  struct tc_err *err)
{
	struct form_limits lim = {0};
	if (limp)
		lim = *limp;
	form_limits_default(&lim);
	struct collect c = {0};
	out->f = NULL;
	out->n = 0;
	size_t i = 0;
	while (i < len) {
		const char *amp = memchr(data + i, '&', len - i);
		size_t end = amp ? (size_t)(amp - data) : len;
		if (end > i) {
			const char *eq = memchr(data + i, '=', end - i);
			size_t nend = eq ? (size_t)(eq - data) : end;
			if (c.n >= lim.max_fields)
				return tc_err_set(err, TC_EINPUT, "Biểu mẫu có quá nhiều trường (tối đa %zu).",
						  lim.max_fields);
			char *name = decode(a, data + i, nend - i, lim.max_name, "Tên trường", err);
			if (name == NULL)
				return -1;
			char what[320];
			snprintf(what, sizeof what, "Trường \"%s\"", name);
			const char *vs = eq ? eq + 1 : data + end;
			char *value = decode(a, vs, (size_t)(data + end - vs), lim.max_value, what, err);
			if (value == NULL)
				return -1;
			if (push(a, &c, name, value) != 0)
				return tc_err_set(err, TC_ENOMEM, "Không đủ bộ nhớ để đọc biểu mẫu.");
		}
		i = end + 1;
	}
	out->f = c.f;
	out->n = c.n;
	return 0;
}

static int is_token_char(unsigned char ch)
{
	return ch > 0x20 && ch < 0x7F && strchr("()<>@,;:\\\"/[]?={}", ch) == NULL;
}

/* A cookie value: cookie-octets, optionally wrapped in double quotes. */
static int cookie_value_ok(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (ch < 0x21 || ch > 0x7E || ch == '"' || ch == ',' || ch == ';' || ch == '\\')
			return 0;
	}
	return 1;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

int form_parse_cookies(struct arena *a, const char *data, size_t len,
		       struct form *out, struct tc_err *err)
{
	struct collect c = {0};
	out->f = NULL;
	out->n = 0;
	if (len > COOKIE_MAX_LEN)
		return tc_err_set(err, TC_EINPUT, "Tiêu đề Cookie dài %zu byte, vượt giới hạn %d byte.",
				  len, COOKIE_MAX_LEN);
	size_t i = 0;
	while (i < len) {
		const char *semi = memchr(data + i, ';', len - i);
		size_t end = semi ? (size_t)(semi - data) : len;
		const char *p = data + i;
		size_t n = end - i;
		trim(&p, &n);
		const char *eq = memchr(p, '=', n);
		if (n && eq && eq > p) {
			const char *name = p;
			size_t nn = (size_t)(eq - p);
			const char *v = eq + 1;
			size_t vn = n - nn - 1;
			int ok = 1;
			for (size_t k = 0; k < nn; k++)
				ok &= is_token_char((unsigned char)name[k]);
			if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
				v++;
				vn -= 2;
			}
			if (ok && cookie_value_ok(v, vn)) {
				if (c.n >= COOKIE_MAX_N)
					return tc_err_set(err, TC_EINPUT, "Quá nhiều cookie (tối đa %d).", COOKIE_MAX_N);
				char *kn = arena_strndup(a, name, nn);
				char *kv = arena_strndup(a, v, vn);
				if (kn == NULL || kv == NULL || push(a, &c, kn, kv) != 0)
					return tc_err_set(err, TC_ENOMEM, "Không đủ bộ nhớ để đọc cookie.");
			}
		}
		i = end + 1;
	}
	out->f = c.f;
	out->n = c.n;
	return 0;
}

const char *form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return f->f[i].value;
	return NULL;
}

size_t form_count(const struct form *f, const char *name)
{
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++)
		k += strcmp(f->f[i].name, name) == 0;
	return k;
}

const char *form_get_unique(const struct form *f, const char *name,
			    struct tc_err *err)
{
	if (form_count(f, name) > 1) {
		tc_err_set(err, TC_EINPUT, "Trường \"%s\" xuất hiện nhiều lần; chỉ được gửi một giá trị.", name);
		return NULL;
	}
	return form_get(f, name);
}
