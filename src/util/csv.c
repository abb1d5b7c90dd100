/* csv.c — see csv.h. */
#include "util/csv.h"
#include "util/mem.h"
#include "util/text.h"
#include "util/utf8.h"

#include <string.h>

struct csv_reader {
	char *p;          /* next unread byte */
	char *end;
	const char *name;
	long line;        /* line of the next unread byte */
	long rec_line;    /* line where the last record started */
	char *fields[CSV_MAX_FIELDS];
};

static long line_of(const char *start, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		if (start[i] == '\n')
			line++;
	return line;
}

struct csv_reader *csv_open(char *data, size_t len, const char *name,
			    struct tc_err *err)
{
	size_t bad;
	if (memchr(data, '\0', len) != NULL) {
		size_t off = (size_t)((char *)memchr(data, '\0', len) - data);
		tc_err_set(err, TC_EINPUT,
			   "%s:%ld: NUL byte in the file: this is not a text CSV file",
			   name, line_of(data, off));
		return NULL;
	}
	if (!utf8_valid(data, len, &bad)) {
		const char *enc = text_guess_legacy(data, len);
		if (enc != NULL)
			tc_err_set(err, TC_EINPUT,
				   "%s:%ld: invalid UTF-8 (byte 0x%02X at offset %zu): the file looks like "
				   "%s; save it as CSV UTF-8 and try again",
				   name, line_of(data, bad), (unsigned char)data[bad], bad, enc);
		else
			tc_err_set(err, TC_EINPUT,
				   "%s:%ld: invalid UTF-8 (byte 0x%02X at offset %zu): the file is probably "
				   "in a legacy Vietnamese encoding (Windows-1258, TCVN3 or VNI); "
				   "save it as CSV UTF-8 and try again",
				   name, line_of(data, bad), (unsigned char)data[bad], bad);
		return NULL;
	}
	struct csv_reader *r = tc_calloc(1, sizeof *r);
	if (r == NULL) {
		tc_err_set(err, TC_ENOMEM, "%s: out of memory", name);
		return NULL;
	}
	data[len] = '\0'; /* the sentinel plain_field stops at (no NUL before it) */
	r->p = data;
	r->end = data + len;
	r->name = name;
	r->line = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
	return r;
}

void csv_close(struct csv_reader *r)
{
	tc_free(r);
}

long csv_line(const struct csv_reader *r)
{
	return r->rec_line;
}

const char *csv_name(const struct csv_reader *r)
{
	return r->name;
}

/* Parses a quoted field starting after the opening quote; unescapes in place.
 * On success r->p points after the closing quote. */
static int quoted_field(struct csv_reader *r, char **field, struct tc_err *err)
{
	char *w = r->p, *start = r->p;
	for (;;) {
		if (r->p >= r->end)
			return tc_err_set(err, TC_EINPUT,
					  "%s:%ld: unterminated quoted field (a \" is never closed)",
					  r->name, r->rec_line);
		char c = *r->p++;
		if (c == '"') {
			if (r->p < r->end && *r->p == '"') {
				r->p++;
				*w++ = '"';
				continue;
			}
			break;
		}
		if (c == '\n')
			r->line++;
		*w++ = c;
		if ((size_t)(w - start) > CSV_MAX_FIELD)
			return tc_err_set(err, TC_EINPUT, "%s:%ld: field longer than %zu bytes",
					  r->name, r->rec_line, CSV_MAX_FIELD);
	}
	*w = '\0'; /* safe: w <= closing quote position */
	*field = start;
	if (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
	    !(*r->p == '\r' && (r->p + 1 == r->end || r->p[1] == '\n')))
		return tc_err_set(err, TC_EINPUT,
				  "%s:%ld: text after a closing quote: quote the whole field and double any \" inside it",
				  r->name, r->line);
	return 0;
}

/* The bytes that end or break an unquoted field: the data has no NUL
 * before the sentinel at its end (csv_open checked), so one table lookup
 * per byte replaces an end check and three comparisons. */
static const unsigned char FIELD_STOP[256] = {[0] = 1, [','] = 1, ['\n'] = 1, ['"'] = 1};

/* Parses an unquoted field; r->p is left on the delimiter or end, and *fend
 * is where its terminating NUL goes (written by the caller after it has read
 * the delimiter, which may be that very byte). */
static int plain_field(struct csv_reader *r, char **field, char **fend,
		       struct tc_err *err)
{
	char *start = r->p;
	while (!FIELD_STOP[(unsigned char)*r->p])
		r->p++;
	if (*r->p == '"')
		return tc_err_set(err, TC_EINPUT,
				  "%s:%ld: a \" inside an unquoted field: quote the field and double the \"",
				  r->name, r->line);
	if ((size_t)(r->p - start) > CSV_MAX_FIELD)
		return tc_err_set(err, TC_EINPUT, "%s:%ld: field longer than %zu bytes",
				  r->name, r->line, CSV_MAX_FIELD);
	char *e = r->p;
	if (e > start && e[-1] == '\r' && (r->p == r->end || *r->p == '\n'))
		e--; /* CRLF */
	*field = start;
	*fend = e;
	return 0;
}

int csv_next(struct csv_reader *r, char ***fields, size_t *n, struct tc_err *err)
{
	/* Skip blank lines (empty or a lone CR). */
	while (r->p < r->end && (*r->p == '\n' || (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n'))) {
		r->p += (*r->p == '\r') ? 2 : 1;
		r->line++;
	}
	if (r->p >= r->end)
		return 0;
	r->rec_line = r->line;
	size_t nf = 0;
	for (;;) {
		if (nf == CSV_MAX_FIELDS)
			return tc_err_set(err, TC_EINPUT, "%s:%ld: more than %d fields in a row",
					  r->name, r->rec_line, CSV_MAX_FIELDS);
		char *f = NULL, *fend = NULL;
		int rc;
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			rc = quoted_field(r, &f, err);
		} else {
			rc = plain_field(r, &f, &fend, err);
		}
		if (rc != 0)
			return -1;
		r->fields[nf++] = f;
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		/* Read the delimiter before terminating the field over it. The
		 * spare byte data[len] makes r->end writable. */
		int at_end = r->p >= r->end;
		char d = at_end ? '\n' : *r->p++;
		if (fend != NULL)
			*fend = '\0';
		if (d == '\n') {
			if (!at_end)
				r->line++;
			break;
		}
	}
	*fields = r->fields;
	*n = nf;
	return 1;
}
