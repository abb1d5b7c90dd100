/* htmlcheck.c — build-time check that web code cannot emit unescaped HTML.
 *
 * Usage: htmlcheck FILE.c...   (run by `make check-html` over src/web)
 *
 * For every call of html_printf / html_vprintf (the typed HTML formatter,
 * src/web/html.h) and of buf_printf / buf_vprintf in the given files:
 *   - the format must be a string literal (adjacent literals are joined),
 *     so it can be checked here;
 *   - html_printf formats may use only %h %a %u %j %S %P %d %ld %lld %zu %%;
 *   - a %S (raw) argument must be a string literal, a choice between string
 *     literals (c ? "x" : "y"), or an element of an UPPER_CASE static table;
 *   - buf_printf formats may not contain any %...s conversion at all (in web
 *     code a raw string would land in HTML unescaped: use html_printf).
 * Comments, character and string literals are skipped when looking for
 * calls. Prints FILE:LINE: message for each violation; exit 1 if any.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void fail(const char *file, int line, const char *msg, const char *detail)
{
	fprintf(stderr, "%s:%d: htmlcheck: %s%s%s\n", file, line, msg,
		detail ? ": " : "", detail ? detail : "");
	failures++;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *s = malloc(cap + 1);
	size_t r;
	while (s && (r = fread(s + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap) {
			char *t = realloc(s, cap * 2 + 1);
			if (t == NULL) {
				free(s);
				s = NULL;
				break;
			}
			s = t;
			cap *= 2;
		}
	}
	fclose(f);
	if (s)
		s[len] = '\0';
	*n = len;
	return s;
}

/* Skips a string or char literal starting at s[i] (a quote); returns the
 * index just past it. */
static size_t skip_literal(const char *s, size_t n, size_t i)
{
	char q = s[i++];
	while (i < n && s[i] != q) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	return i < n ? i + 1 : n;
}

/* Skips a comment at s[i] if there is one; returns the new index. */
static size_t skip_comment(const char *s, size_t n, size_t i)
{
	if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
		while (i < n && s[i] != '\n')
			i++;
	} else if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
		const char *e = strstr(s + i + 2, "*/");
		i = e ? (size_t)(e - s) + 2 : n;
	}
	return i;
}

static int line_of(const char *s, size_t off)
{
	int l = 1;
	for (size_t i = 0; i < off; i++)
		l += s[i] == '\n';
	return l;
}

struct arg {
	size_t b, e;   /* [b, e) in the source */
};

/* Splits the argument list starting after '(' at s[i]; returns the count. */
static int split_args(const char *s, size_t n, size_t i, struct arg *args, int max)
{
	int depth = 0, na = 0;
	size_t start = i;
	while (i < n) {
		size_t j = skip_comment(s, n, i);
		if (j != i) {
			i = j;
			continue;
		}
		char c = s[i];
		if (c == '"' || c == '\'') {
			i = skip_literal(s, n, i);
			continue;
		}
		if (c == '(' || c == '[' || c == '{')
			depth++;
		else if ((c == ')' || c == ']' || c == '}') && depth > 0)
			depth--;
		else if ((c == ',' || c == ')') && depth == 0) {
			if (na < max)
				args[na++] = (struct arg){start, i};
			if (c == ')')
				return na;
			start = i + 1;
		}
		i++;
	}
	return -1;
}

static void trim(const char *s, struct arg *a)
{
	while (a->b < a->e && isspace((unsigned char)s[a->b]))
		a->b++;
	while (a->e > a->b && isspace((unsigned char)s[a->e - 1]))
		a->e--;
}

/* If s[a) is only string literals (and whitespace/comments), joins their raw
 * contents into out and returns 1. */
static int literal_of(const char *s, struct arg a, char *out, size_t outn)
{
	size_t o = 0, i = a.b;
	int any = 0;
	while (i < a.e) {
		size_t j = skip_comment(s, a.e, i);
		if (j != i) {
			i = j;
			continue;
		}
		if (isspace((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (s[i] != '"')
			return 0;
		size_t end = skip_literal(s, a.e, i);
		for (size_t k = i + 1; k + 1 < end && o + 1 < outn; k++)
			out[o++] = s[k];
		i = end;
		any = 1;
	}
	out[o] = '\0';
	return any;
}

/* A %S argument: "lit", COND ? "a" : "b", or TABLE[...] / TABLE.x with an
 * UPPER_CASE table name. */
static int trusted_expr(const char *s, struct arg a)
{
	char tmp[4096];
	trim(s, &a);
	if (literal_of(s, a, tmp, sizeof tmp))
		return 1;
	size_t q = a.b;
	while (q < a.e && s[q] != '?' && s[q] != '"')
		q++;
	if (q < a.e && s[q] == '?') {
		size_t c = q + 1;
		while (c < a.e && s[c] != ':') {
			if (s[c] == '"')
				c = skip_literal(s, a.e, c) - 1;
			c++;
		}
		if (c >= a.e)
			return 0;
		return trusted_expr(s, (struct arg){q + 1, c}) &&
		       trusted_expr(s, (struct arg){c + 1, a.e});
	}
	size_t i = a.b;
	while (i < a.e && (isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
		i++;
	if (i - a.b < 2 || !isupper((unsigned char)s[a.b]))
		return 0;
	if (i != a.e && s[i] != '[' && s[i] != '.')
		return 0;
	for (size_t k = i; k < a.e; k++)
		if (s[k] == '(')
			return 0; /* no function calls */
	return 1;
}

/* Walks the conversions of an html_printf format. */
static void check_html_format(const char *file, int line, const char *src, const char *fmt,
			      const struct arg *args, int nargs)
{
	static const char *const ok[] = {"lld", "ld", "zu", "h", "a", "u", "j", "S", "P", "d", "%"};
	int argi = 2;
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
		p++;
		size_t used = 0;
		for (size_t k = 0; k < sizeof ok / sizeof ok[0] && !used; k++)
			if (strncmp(p, ok[k], strlen(ok[k])) == 0)
				used = strlen(ok[k]);
		if (!used) {
			char conv[8];
			snprintf(conv, sizeof conv, "%%%.4s", p);
			fail(file, line, "html_printf conversion not allowed (use %h %a %u %j %S %P %d ...)", conv);
			return;
		}
		if (p[0] == '%') {
			p++;
			continue;
		}
		if (p[0] == 'S' && (argi >= nargs || !trusted_expr(src, args[argi])))
			fail(file, line, "%S argument is not a trusted constant "
			     "(string literal or UPPER_CASE static table)", NULL);
		argi++;
		p += used;
	}
}

/* Any %...s in a printf format (flags, width, precision, length allowed). */
static int has_string_conv(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		p += strspn(p, "-+ #0123456789.*'");
		p += strspn(p, "hlLqjzt");
		if (*p == 's' || *p == 'S' || *p == 'c')
			return 1;
	}
	return 0;
}

static void check_call(const char *file, const char *s, size_t n, size_t at, int html)
{
	struct arg args[64];
	size_t i = at;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i >= n || s[i] != '(')
		return; /* not a call (declaration name, pointer...) */
	int na = split_args(s, n, i + 1, args, 64);
	int line = line_of(s, at);
	if (na < 2) {
		fail(file, line, "cannot read the arguments of this call", NULL);
		return;
	}
	for (int k = 0; k < na; k++)
		trim(s, &args[k]);
	/* a prototype or definition ("struct buf *b, const char *fmt"), not a call */
	if (strncmp(s + args[0].b, "struct ", 7) == 0)
		return;
	char fmt[4096];
	if (!literal_of(s, args[1], fmt, sizeof fmt)) {
		/* a printf-style wrapper forwarding its own format and va_list:
		 * its callers are checked instead */
		struct arg last = args[na - 1];
		if (na == 3 && last.e - last.b == 2 && strncmp(s + last.b, "ap", 2) == 0)
			return;
		fail(file, line, "the format must be a string literal so it can be checked", NULL);
		return;
	}
	if (html)
		check_html_format(file, line, s, fmt, args, na);
	else if (has_string_conv(fmt))
		fail(file, line, "buf_printf with %s in web code writes unescaped text; "
		     "use html_printf with %h/%a/%u/%j", fmt);
}

static void check_file(const char *file)
{
	static const struct {
		const char *name;
		int html;
	} fns[] = {{"html_printf", 1}, {"html_vprintf", 1}, {"buf_printf", 0}, {"buf_vprintf", 0}};
	size_t n;
	char *s = slurp(file, &n);
	if (s == NULL) {
		fail(file, 0, "cannot read file", NULL);
		return;
	}
	for (size_t i = 0; i < n;) {
		size_t j = skip_comment(s, n, i);
		if (j != i) {
			i = j;
			continue;
		}
		if (s[i] == '"' || s[i] == '\'') {
			i = skip_literal(s, n, i);
			continue;
		}
		if (isalpha((unsigned char)s[i]) || s[i] == '_') {
			size_t e = i;
			while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '_'))
				e++;
			for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++)
				if (e - i == strlen(fns[k].name) && strncmp(s + i, fns[k].name, e - i) == 0)
					check_call(file, s, n, e, fns[k].html);
			i = e;
			continue;
		}
		i++;
	}
	free(s);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		check_file(argv[i]);
	if (failures) {
		fprintf(stderr, "htmlcheck: %d problem(s); see docs/HACKING.md (\"Writing HTML\")\n",
			failures);
		return 1;
	}
	return 0;
}
