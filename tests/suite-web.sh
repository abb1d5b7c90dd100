#!/bin/sh
# tests/suite-web.sh BIN — end-to-end: starts `BIN serve` on 127.0.0.1 with
# a free port (port 0, the bound port is read from its first line), checks
# pages, headers, escaping and limits with curl, then stops it with SIGTERM
# and expects a clean exit 0.
set -u
BIN=${1:?usage: suite-web.sh BIN}
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
check() { # description command...
	d=$1
	shift
	if "$@"; then ok; else bad "$d"; fi
}

command -v curl >/dev/null || { echo "curl missing (scripts/install-deps.sh)"; echo "0 passed, 1 failed"; exit 1; }

: >"$tmp/out"
"$BIN" serve --listen 127.0.0.1:0 --max-body 200000 >"$tmp/out" 2>"$tmp/err" &
pid=$!
url=""
i=0
while [ $i -lt 600 ] && [ -z "$url" ]; do
	url=$(sed -n 's/^tiepcan: listening on \(http:[^ ]*\)$/\1/p' "$tmp/out")
	[ -n "$url" ] || sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then
	echo "server did not start:"; cat "$tmp/err"
	echo "0 passed, 1 failed"
	exit 1
fi
ok
url=${url%/}

# get PATH [curl args...]: body in $tmp/body, headers in $tmp/hdr, status echoed
get() {
	p=$1
	shift
	curl -s -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' "$@" "$url$p"
}
hdr_has() { grep -qi "^$1" "$tmp/hdr"; }
body_has() { grep -q -- "$1" "$tmp/body"; }

# rule-set pages and API (the shipped rule sets are embedded)
check "GET /quy-tac is 200" [ "$(get /quy-tac)" = 200 ]
for id in qd619-2017 qd25-2021 qd27-2025; do
	check "/quy-tac lists $id" body_has "href=\"/quy-tac/$id\""
done
check "GET /quy-tac/qd25-2021 is 200" [ "$(get /quy-tac/qd25-2021)" = 200 ]
check "rule-set page shows an indicator" body_has 'id="ct-1.1"'
check "rule-set page shows citations" body_has 'QĐ 25/2021/QĐ-TTg, Điều 4'
check "rule-set page marks provisional values" body_has '<span class="badge prov">Tạm tính</span>'
check "rule-set page gives the reason" body_has 'class="reason"'
check "rule-set page shows points Vietnamese-style" body_has '<td class="num">7</td>'
check "unknown rule set is 404" [ "$(get /quy-tac/khong-co)" = 404 ]
check "GET /api/v1/rulesets is 200" [ "$(get /api/v1/rulesets)" = 200 ]
check "API lists three rule sets" [ "$(grep -o '"id":"qd[0-9-]*"' "$tmp/body" | wc -l)" -eq 3 ]
check "GET /api/v1/rulesets/qd27-2025 is 200" [ "$(get /api/v1/rulesets/qd27-2025)" = 200 ]
check "API rule set has criteria" body_has '"criteria":\['
check "API rule set has provisional flags" body_has '"provisional_reason":'
check "API unknown rule set is 404" [ "$(get /api/v1/rulesets/khong-co)" = 404 ]
if command -v python3 >/dev/null; then
	get /api/v1/rulesets/qd25-2021 >/dev/null
	check "API rule set is valid JSON with 5 criteria" python3 -c "
import json,sys; d=json.load(open('$tmp/body')); sys.exit(0 if len(d['criteria'])==5 else 1)"
fi
if command -v python3 >/dev/null; then
	for id in qd619-2017 qd25-2021 qd27-2025; do
		get "/api/v1/rulesets/$id" >/dev/null
		"$BIN" rules show "$id" --format json >"$tmp/cli.json" 2>/dev/null
		check "API rule set $id equals 'rules show $id --format json'" python3 -c "
import json,sys
sys.exit(0 if json.load(open('$tmp/body')) == json.load(open('$tmp/cli.json')) else 1)"
	done
fi
check "page weight of /quy-tac/qd27-2025 under 100 KB" \
	[ "$(curl -s "$url/quy-tac/qd27-2025" | wc -c)" -lt 102400 ]

# score playground: server-side computation, plain HTML form POST
check "GET /tinh-diem is 200" [ "$(get '/tinh-diem?bo=qd619-2017')" = 200 ]
check "playground has a POST form" body_has '<form method="post" action="/tinh-diem">'
check "playground labels its inputs" body_has '<label for="f-1/points">'
check "playground: the published Lai Uyên sheet is 200" [ "$(get /tinh-diem -d 'bo=qd619-2017&commune_class/value=I&1/points=15&2/points=29.63&3/points=21.25&4/points=9.57&5/points=20')" = 200 ]
check "playground: total 95,45" body_has 'Tổng điểm: <strong>95,45</strong>'
check "playground: recognised" body_has 'Đủ điều kiện công nhận'
check "playground keeps the values" body_has 'value="29.63"'
check "playground: a bad number is 422" [ "$(get /tinh-diem -d 'bo=qd619-2017&1/points=%3Cb%3Ex')" = 422 ]
check "playground: Vietnamese message next to the field" body_has 'Phải là một số'
check "playground: bad value echoed escaped" body_has 'value="&lt;b&gt;x"'
check "playground: unknown rule set is 422" [ "$(get /tinh-diem -d 'bo=khong-co')" = 422 ]
check "playground: a cross-site POST (Origin) is 403" \
	[ "$(get /tinh-diem -H 'Origin: https://evil.example' -d 'bo=qd25-2021')" = 403 ]
host=${url#http://}
check "playground: a same-site POST (Origin) is 200" \
	[ "$(get /tinh-diem -H "Origin: http://$host" -d 'bo=qd25-2021')" = 200 ]
check "playground: wrong content type is 400" \
	[ "$(get /tinh-diem -H 'Content-Type: text/plain' --data-binary 'bo=qd25-2021')" = 400 ]

# status codes
check "GET / is 200" [ "$(get /)" = 200 ]
check "home page is Vietnamese HTML" body_has '<html lang="vi">'
check "home page has the title" body_has 'đạt chuẩn tiếp cận pháp luật'
check "home page references no inline script" sh -c "! grep -q '<script>' '$tmp/body'"
check "GET /static/app.css is 200" [ "$(get /static/app.css)" = 200 ]
check "CSS has its content type" hdr_has 'Content-Type: text/css'
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p' "$tmp/hdr")
check "static file has an ETag" [ -n "$etag" ]
check "static file has Cache-Control" hdr_has 'Cache-Control: public'
check "If-None-Match gives 304" [ "$(get /static/app.css -H "If-None-Match: $etag")" = 304 ]
check "GET /static/app.js is 200" [ "$(get /static/app.js)" = 200 ]
check "unknown static file is 404" [ "$(get /static/nope.css)" = 404 ]
check "GET /api/v1 is 200 JSON" [ "$(get /api/v1)" = 200 ]
check "API answers JSON" hdr_has 'Content-Type: application/json'
check "POST / is 405" [ "$(get / -X POST -d a=1)" = 405 ]
check "405 lists allowed methods" hdr_has 'Allow: GET, HEAD'

# 404 in Vietnamese, for pages and for the API
check "unknown page is 404" [ "$(get /khong-co-trang-nay)" = 404 ]
check "404 page is Vietnamese" body_has 'Không tìm thấy trang'
check "API 404 is JSON" [ "$(get /api/v1/khong-co)" = 404 ]
check "API 404 body is a JSON error" body_has '"status":404'

# security headers on every response, including errors and static files
for p in / /quy-tac /quy-tac/qd25-2021 /static/app.css /khong-co /api/v1 /api/v1/rulesets /api/v1/khong-co; do
	get "$p" >/dev/null
	check "CSP on $p" hdr_has "Content-Security-Policy: default-src 'self'"
	check "no unsafe-inline on $p" sh -c "! grep -qi 'unsafe-inline' '$tmp/hdr'"
	check "nosniff on $p" hdr_has 'X-Content-Type-Options: nosniff'
	check "Referrer-Policy on $p" hdr_has 'Referrer-Policy: same-origin'
	check "X-Frame-Options on $p" hdr_has 'X-Frame-Options: DENY'
	check "Permissions-Policy on $p" hdr_has 'Permissions-Policy:'
done

# a hostile value in the URL comes back escaped
xss='%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27'
get "/x$xss" >/dev/null
check "XSS in path is escaped" body_has '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;'
check "XSS in path never raw" sh -c "! grep -q '<script>alert' '$tmp/body'"
get "/quy-tac?q=$xss" >/dev/null
check "XSS in query comes back escaped (text)" body_has '“&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;”'
check "XSS in query comes back escaped (attribute)" body_has 'value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"'
check "XSS in query never raw" sh -c "! grep -q '<script>alert' '$tmp/body'"
check "invalid UTF-8 in the query is 400" [ "$(get '/?q=%C0%80')" = 400 ]
check "400 page is Vietnamese" body_has 'Yêu cầu không hợp lệ'

# body size cap: 413, with and without Content-Length
head -c 300000 /dev/zero | tr '\0' 'a' >"$tmp/big"
check "oversized body is 413" [ "$(get / -X POST --data-binary @"$tmp/big")" = 413 ]
check "413 page is Vietnamese" body_has 'Nội dung gửi lên quá lớn'
check "oversized chunked body is 413" \
	[ "$(get / -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big")" = 413 ]

# graceful shutdown: a slow request in flight (about 3 s of upload) is
# finished, new connections are refused, then the server exits 0
head -c 60000 /dev/zero | tr '\0' 'a' >"$tmp/slow"
{ printf 'bo=qd619-2017&x='; cat "$tmp/slow"; } >"$tmp/slowbody"
curl -s -o "$tmp/slowout" -w '%{http_code}' --limit-rate 20k --data-binary @"$tmp/slowbody" \
	-H 'Content-Type: application/x-www-form-urlencoded' "$url/tinh-diem" >"$tmp/slowcode" &
cpid=$!
sleep 1
kill -TERM "$pid"
sleep 0.3
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$url/")
check "after SIGTERM new connections are refused (got $code)" [ "$code" = 000 ]
wait "$cpid"
check "the request in flight at SIGTERM completes with 200" [ "$(cat "$tmp/slowcode")" = 200 ]
check "the request in flight got the whole page" grep -q '</html>' "$tmp/slowout"
wait "$pid"
rc=$?
pid=""
check "SIGTERM: exit status 0 (got $rc)" [ "$rc" -eq 0 ]
check "SIGTERM is logged" grep -q 'SIGTERM received' "$tmp/err"
check "nothing but the URL on stdout" [ "$(wc -l <"$tmp/out")" -eq 1 ]

# bad command-line input: exit 2, nothing on stdout
"$BIN" serve --listen nonsense >"$tmp/o2" 2>"$tmp/e2"
check "bad --listen exits 2" [ $? -eq 2 ]
check "bad --listen prints nothing on stdout" [ ! -s "$tmp/o2" ]
check "bad --listen explains" grep -q 'HOST:PORT' "$tmp/e2"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
