#!/bin/sh
# tests/suite-htmlcheck.sh BIN — the build-time HTML escaping check
# (tools/htmlcheck.c): it must reject every unescaped way of writing HTML in
# fixtures, and pass on the real src/web. BIN is unused (the checker is built
# here from source, so the suite works for every build directory).
set -u
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }

${CC:-cc} -std=c17 -O1 -Wall -Wextra -Werror tools/htmlcheck.c -o "$tmp/htmlcheck" \
	|| { echo "cannot build tools/htmlcheck.c"; echo "0 passed, 1 failed"; exit 1; }

# expect_reject NAME C-SOURCE: the checker must fail on it.
expect_reject() {
	printf '%s\n' "$2" > "$tmp/$1.c"
	if "$tmp/htmlcheck" "$tmp/$1.c" 2>"$tmp/err"; then
		bad "htmlcheck accepted $1"
	elif grep -q "$1.c:[0-9]*: htmlcheck:" "$tmp/err"; then
		ok
	else
		bad "htmlcheck failed on $1 without a FILE:LINE message"
	fi
}
expect_accept() {
	printf '%s\n' "$2" > "$tmp/$1.c"
	if "$tmp/htmlcheck" "$tmp/$1.c" 2>"$tmp/err"; then ok; else
		bad "htmlcheck rejected $1: $(cat "$tmp/err")"; fi
}

expect_reject plain_s 'void f(struct buf *b, const char *x) { html_printf(b, "<p>%s</p>", x); }'
expect_reject width_s 'void f(struct buf *b, const char *x) { html_printf(b, "<p>%-10s</p>", x); }'
expect_reject split_literal 'void f(struct buf *b, const char *x) {
	html_printf(b, "<p>"
		       "%s</p>", x); }'
expect_reject buf_printf_s 'void f(struct buf *b, const char *x) { buf_printf(b, "<td>%s</td>", x); }'
expect_reject buf_printf_prec 'void f(struct buf *b, const char *x) { buf_printf(b, "<td>%.*s</td>", 3, x); }'
expect_reject nonliteral 'void f(struct buf *b, const char *x) { html_printf(b, x); }'
expect_reject raw_from_call 'void f(struct buf *b, struct u *u) { html_printf(b, "%S", unit_name(u)); }'
expect_reject raw_from_var 'void f(struct buf *b, const char *name) { html_printf(b, "<b>%S</b>", name); }'
expect_reject hex_conv 'void f(struct buf *b, int x) { html_printf(b, "%x", x); }'
expect_accept escaped 'void f(struct buf *b, const char *x, int n) {
	/* html_printf(b, "%s", x) in a comment is fine */
	const char *s = "html_printf(b, \"%s\", x)";
	html_printf(b, "<a href=\"/u?q=%u\" title=\"%a\">%h</a> %d%% %P %zu %ld %lld %j", x, x, x, n, p, z, l, ll, x);
	html_printf(b, "%S%S", NAV[i].href, cur ? " class=\"on\"" : "");
	buf_printf(b, "%d items", n); }'

if "$tmp/htmlcheck" src/web/*.c 2>"$tmp/err"; then ok; else
	bad "src/web does not pass htmlcheck: $(cat "$tmp/err")"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
