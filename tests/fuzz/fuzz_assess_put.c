/* Fuzz target: the assessment API's write path, PUT /api/v1/assessments/
 * {unit}/{year} (web/assess.c: body parsing, per-field validation against
 * the pinned rule set, scoring, the one-transaction save), driven through
 * the real routes on a real SQLite database without a socket, as a signed-in
 * commune official with a valid CSRF token.
 *
 * Input: byte 0 picks the year (and so the rule set) and the mode.
 *   raw mode (bit 7 set): the rest of the input is the request body as is.
 *   structured mode: the rest is records separated by 0x00; each record is
 *     [item selector][field selector] value-bytes, turned into one
 *     {"item","field","value"} of a well-formed body carrying the current
 *     version, so the fuzzer spends its time in the validation and scoring
 *     rather than in JSON syntax errors.
 * Oracle (any violation traps):
 *   - the status is one of 200, 400, 409, 413, 422 (never 500, never 2xx
 *     other than 200);
 *   - in structured mode a 409 never happens (the version is the current
 *     one and the assessment stays a draft);
 *   - nothing half-written: a rejected PUT commits no transaction (the
 *     store's change counter, read on a connection of its own, is the same
 *     before and after) and, checked on every 16th rejection and whenever
 *     FUZZ_PUT_FULL=1, leaves the GET answer byte for byte as it was; an
 *     accepted one commits exactly one transaction and bumps the version by
 *     exactly one.
 * The GET answer is kept between runs and fetched again only after a save:
 * rendering it twice per run made the target four times slower (about 600
 * runs a second), and the counter proves the same "nothing committed".
 * FUZZ_PUT_DEBUG=1 in the environment prints every request and answer. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/registry.h"
#include "app/units.h"
#include "app/usercheck.h"
#include "core/ruleset.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/mem.h"
#include "web/arena.h"
#include "web/auth.h"
#include "web/http.h"
#include "web/pages.h"
#include "web/server.h"
#include "web/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char UNITS[] =
	"code,name,type,level,parent_code\n"
	"04,Cao Bằng,Tỉnh,province,\n"
	"045,Hà Quảng,Huyện,district,04\n"
	"01417,Sóc Hà,Xã,commune,045\n";
static const int YEARS[] = {2019, 2022};
#define N_YEARS (sizeof YEARS / sizeof YEARS[0])
#define PW "fuzz-password-1"

static struct srv_config CFG;
static struct pages_app *APP;
static struct reg *REG;
static struct store *WATCH; /* read-only: the change counter */
static char SID[AUTH_TOKEN_LEN + 1];
static char CSRF[128];

/* (item, field) pairs the structured mode chooses from, per year. */
struct pair {
	const char *item, *field;
};
static struct pair *PAIRS[N_YEARS];
static size_t N_PAIRS[N_YEARS];

static void need(int ok)
{
	if (!ok)
		__builtin_trap();
}

static void add_pair(size_t y, const char *item, const char *field)
{
	struct pair *p = realloc(PAIRS[y], (N_PAIRS[y] + 1) * sizeof *p);
	need(p != NULL);
	p[N_PAIRS[y]++] = (struct pair){item, field};
	PAIRS[y] = p;
}

/* Every input of every item, the fields the CSV format allows on any item
 * ("points", "not_arising", "met"), each gate's "triggered" and the class. */
static void add_item_pairs(size_t y, const struct rs_item *it)
{
	for (size_t i = 0; i < it->n_inputs; i++)
		add_pair(y, it->code, it->inputs[i].name);
	add_pair(y, it->code, "points");
	add_pair(y, it->code, "not_arising");
	add_pair(y, it->code, "met");
	for (size_t s = 0; s < it->n_subs; s++)
		add_item_pairs(y, &it->subs[s]);
}

static void build_pairs(size_t y, const struct rs_ruleset *rs)
{
	for (size_t c = 0; c < rs->n_criteria; c++) {
		const struct rs_criterion *cr = &rs->criteria[c];
		add_pair(y, cr->code, "points");
		for (size_t i = 0; i < cr->n_items; i++)
			add_item_pairs(y, &cr->items[i]);
	}
	for (size_t g = 0; g < rs->n_gates; g++)
		add_pair(y, rs->gates[g].code, "triggered");
	add_pair(y, "commune_class", "value");
	add_pair(y, "no_such_item", "value");
}

struct call {
	struct arena *a;
	struct http_resp *resp;
	int status;
};

static void call(struct call *c, const char *method, const char *path, const char *body,
		 size_t len)
{
	c->a = arena_new(0);
	need(c->a != NULL);
	struct http_req *req = http_req_new(c->a, method, path);
	need(req != NULL);
	http_req_set_app(req, APP);
	http_req_set_peer(req, "192.0.2.1", false);
	if (SID[0]) {
		char ck[160];
		snprintf(ck, sizeof ck, "%s=%s", WEB_SESSION_COOKIE, SID);
		http_req_add_header(req, "Cookie", ck);
		http_req_add_header(req, "X-CSRF-Token", CSRF);
	}
	if (body) {
		http_req_add_header(req, "Content-Type", "application/json");
		http_req_set_body(req, body, len);
	}
	c->resp = http_resp_new(c->a);
	need(c->resp != NULL);
	http_dispatch(pages_routes(), req, c->resp);
	c->status = http_resp_status(c->resp);
}

static void call_end(struct call *c)
{
	http_resp_free(c->resp);
	arena_free(c->a);
}

static void sign_in(void)
{
	struct call c;
	static const char body[] = "{\"login\":\"socha\",\"password\":\"" PW "\"}";
	call(&c, "POST", "/api/v1/session", body, sizeof body - 1);
	need(c.status == 200);
	json_t *j = json_loads(buf_cstr(http_out(c.resp)), 0, NULL);
	need(j != NULL && json_is_string(json_object_get(j, "csrf")));
	snprintf(CSRF, sizeof CSRF, "%s", json_string_value(json_object_get(j, "csrf")));
	json_decref(j);
	for (size_t i = 0; i < http_resp_header_count(c.resp); i++) {
		const char *n, *v;
		http_resp_header_at(c.resp, i, &n, &v);
		size_t pre = strlen(WEB_SESSION_COOKIE) + 1;
		if (strcmp(n, "Set-Cookie") == 0 && strlen(v) > pre + AUTH_TOKEN_LEN) {
			memcpy(SID, v + pre, AUTH_TOKEN_LEN);
			SID[AUTH_TOKEN_LEN] = '\0';
		}
	}
	need(SID[0] != '\0');
	call_end(&c);
}

static char dir[64], db[96];

/* libFuzzer leaves through exit(): remove the scratch database then. */
static void cleanup(void)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char p[112];
		snprintf(p, sizeof p, "%s%s", db, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void setup(void)
{
	struct tc_err err;
	/* tmpfs when there is one: the target commits a transaction per run */
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof dir, "%s/tc-fuzz-put-XXXXXX", base);
	need(mkdtemp(dir) != NULL);
	snprintf(db, sizeof db, "%s/f.db", dir);
	atexit(cleanup);
	need(auth_init(&err) == 0);
	struct store *st = store_open(db, STORE_OPEN_CREATE, &err);
	need(st != NULL);
	char *copy = tc_strdup(UNITS);
	long n;
	need(units_load_list(st, "2020-02", copy, strlen(copy), "u.csv", NULL, NULL, &n, &err) == 0);
	tc_free(copy);
	copy = tc_strdup(UNITS); /* the same commune, still there in March 2025 */
	need(units_load_list(st, "2025-03", copy, strlen(copy), "u.csv", NULL, NULL, &n, &err) == 0);
	tc_free(copy);
	struct store_user u;
	struct uc_problems p;
	memset(&u, 0, sizeof u);
	need(uc_check(&u, "socha", "commune", "01417", NULL, &p));
	need(auth_hash_password(PW, u.password_hash, &err) == 0);
	need(store_user_add(st, &u, NULL, &err) == 0);
	store_close(st);
	srv_config_default(&CFG);
	CFG.db_path = db;
	APP = pages_app_new(&CFG, &err);
	need(APP != NULL);
	REG = reg_load(NULL, &err);
	need(REG != NULL);
	for (size_t y = 0; y < N_YEARS; y++)
		build_pairs(y, reg_for_year(REG, YEARS[y]));
	sign_in();
	WATCH = store_open(db, STORE_OPEN_READONLY, &err);
	need(WATCH != NULL);
}

static int64_t change_seq(void)
{
	struct tc_err err;
	int64_t seq = -1;
	need(store_change_seq(WATCH, &seq, &err) == 0);
	return seq;
}

/* The current answer of GET (version + full body); *ver = -1 if none yet. */
static char *get_state(int year, long long *ver)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/assessments/01417/%d", year);
	struct call c;
	call(&c, "GET", path, NULL, 0);
	char *body = NULL;
	*ver = -1;
	if (c.status == 200) {
		body = tc_strdup(buf_cstr(http_out(c.resp)));
		json_t *j = json_loads(body, 0, NULL);
		need(j != NULL);
		if (json_is_integer(json_object_get(j, "version")))
			*ver = json_integer_value(json_object_get(j, "version"));
		json_decref(j);
	} else {
		need(c.status == 404);
	}
	call_end(&c);
	return body;
}

static char *structured_body(size_t y, long long ver, const uint8_t *d, size_t n)
{
	json_t *vals = json_array();
	size_t i = 0;
	while (i + 2 <= n && json_array_size(vals) < 64) {
		const struct pair *p = &PAIRS[y][((size_t)d[i] << 8 | d[i + 1]) % N_PAIRS[y]];
		size_t j = i + 2;
		while (j < n && d[j] != 0)
			j++;
		json_t *v = json_stringn((const char *)d + i + 2, j - i - 2); /* NULL if not UTF-8 */
		if (v == NULL)
			v = json_integer((json_int_t)(j - i));
		json_array_append_new(vals, json_pack("{s:s,s:s,s:o}", "item", p->item, "field",
						      p->field, "value", v));
		i = j + 1;
	}
	json_t *o = json_pack("{s:I,s:o}", "version", (json_int_t)(ver < 0 ? 0 : ver), "values",
			      vals);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/* What GET answered after the last change, per year (NULL: 404). */
struct seen {
	int fetched;
	char *body;
	long long ver;
};
static struct seen SEEN[N_YEARS];

static void refresh(size_t y)
{
	tc_free(SEEN[y].body);
	SEEN[y].body = get_state(YEARS[y], &SEEN[y].ver);
	SEEN[y].fetched = 1;
}

/* A rejected PUT: the GET answer is still the one seen before it. */
static void check_unchanged(size_t y)
{
	long long ver;
	char *now = get_state(YEARS[y], &ver);
	need(ver == SEEN[y].ver && ((SEEN[y].body == NULL && now == NULL) ||
				    (SEEN[y].body && now && strcmp(SEEN[y].body, now) == 0)));
	tc_free(now);
}

static int put(size_t y, int raw, const uint8_t *d, size_t n)
{
	char *body = raw ? NULL : structured_body(y, SEEN[y].ver, d, n);
	need(raw || body != NULL);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/assessments/01417/%d", YEARS[y]);
	struct call c;
	call(&c, "PUT", path, raw ? (const char *)d : body, raw ? n : strlen(body));
	int st = c.status;
	if (getenv("FUZZ_PUT_DEBUG"))
		fprintf(stderr, "PUT %s -> %d %s\n", raw ? "(raw)" : body, st,
			buf_cstr(http_out(c.resp)));
	call_end(&c);
	free(body);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned long rejected;
	if (APP == NULL)
		setup();
	if (size < 1 || size > 65536)
		return 0;
	size_t y = (data[0] & 0x7f) % N_YEARS;
	int raw = (data[0] & 0x80) != 0;
	if (!SEEN[y].fetched)
		refresh(y);
	long long before = SEEN[y].ver;
	int64_t seq = change_seq();
	int st = put(y, raw, data + 1, size - 1);
	need(st == 200 || st == 400 || st == 409 || st == 413 || st == 422);
	need(raw || st != 409);
	int64_t seq_after = change_seq();
	if (st == 200) {
		need(seq_after == seq + 1);
		refresh(y);
		need(before < 0 ? SEEN[y].ver >= 1 : SEEN[y].ver == before + 1);
	} else {
		need(seq_after == seq);
		if (++rejected % 16 == 0 || getenv("FUZZ_PUT_FULL"))
			check_unchanged(y);
	}
	if (getenv("FUZZ_PUT_DEBUG"))
		fprintf(stderr, "status %d version %lld -> %lld\n", st, before, SEEN[y].ver);
	return 0;
}
