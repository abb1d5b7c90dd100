/* registry.c — the rule sets a process knows (see registry.h).
 *
 * Built-in rule sets come from the embedded files named rules/ID.rules; every
 * *.rules file in the optional extra directory is loaded too, and a file
 * whose id equals a built-in one replaces it. Two files in the directory
 * with the same id are an error naming both. The list is kept sorted by
 * year_from (then id) so listings and reg_for_year are deterministic.
 *
 * Owner: struct reg owns every rule set in it (freed by reg_free).
 */
#include "app/registry.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/embedded.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/mem.h"

#define REG_MAX_FILE ((size_t)4 << 20)  /* 4 MiB: far above any real rule set */
#define REG_MAX_FILES 256

struct reg {
	struct rs_ruleset **sets;
	bool *from_dir;   /* parallel to sets: loaded from the extra directory */
	char (*sha)[65];  /* parallel to sets: SHA-256 of the text each came from */
	size_t n, cap;
	int64_t gen;      /* the store's upload generation it includes */
	atomic_long refs; /* reg_free drops one; the last frees */
};

static void sha_hex(const char *text, size_t len, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)text, len);
	sodium_bin2hex(out, 65, d, sizeof d);
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n > m && strcmp(s + n - m, suf) == 0;
}

static int reg_push(struct reg *r, struct rs_ruleset *rs, bool from_dir, const char *sha,
		    struct tc_err *err)
{
	if (r->n == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 8;
		struct rs_ruleset **ns = tc_reallocarray(r->sets, nc, sizeof *ns);
		if (ns == NULL)
			goto nomem;
		r->sets = ns;
		bool *nf = tc_reallocarray(r->from_dir, nc, sizeof *nf);
		if (nf == NULL)
			goto nomem;
		r->from_dir = nf;
		char (*nh)[65] = tc_reallocarray(r->sha, nc, sizeof *nh);
		if (nh == NULL)
			goto nomem;
		r->sha = nh;
		r->cap = nc;
	}
	r->sets[r->n] = rs;
	memcpy(r->sha[r->n], sha, 65);
	r->from_dir[r->n++] = from_dir;
	return 0;
nomem:
	rs_free(rs);
	return tc_err_set(err, TC_ENOMEM, "out of memory while loading rule sets");
}

static long reg_index(const struct reg *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->sets[i]->id, id) == 0)
			return (long)i;
	return -1;
}

static int load_builtin(struct reg *r, struct tc_err *err)
{
	for (size_t i = 0; i < embedded_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		if (strncmp(f->name, "rules/", 6) != 0 || !has_suffix(f->name, ".rules"))
			continue;
		struct rs_ruleset *rs =
			rs_load_text(f->name, (const char *)f->data, f->len, err);
		if (rs == NULL)
			return -1;
		if (reg_index(r, rs->id) >= 0) {
			tc_err_set(err, TC_EINTERNAL, "two built-in rule files define '%s'", rs->id);
			rs_free(rs);
			return -1;
		}
		char sha[65];
		sha_hex((const char *)f->data, f->len, sha);
		if (reg_push(r, rs, false, sha, err) < 0)
			return -1;
	}
	return 0;
}

/* reg_load_file, also giving the text's SHA-256 (sha may be NULL). */
static struct rs_ruleset *load_file_sha(const char *path, char *sha, struct tc_err *err)
{
	size_t len;
	char *text = tc_read_file(path, REG_MAX_FILE, &len, err);
	if (text == NULL)
		return NULL;
	struct rs_ruleset *rs = rs_load_text(path, text, len, err);
	if (rs && sha)
		sha_hex(text, len, sha);
	tc_free(text);
	return rs;
}

struct rs_ruleset *reg_load_file(const char *path, struct tc_err *err)
{
	return load_file_sha(path, NULL, err);
}

/* Adds (or replaces a built-in with) one file of the extra directory. */
static int add_dir_file(struct reg *r, const char *path, struct tc_err *err)
{
	char sha[65];
	struct rs_ruleset *rs = load_file_sha(path, sha, err);
	if (rs == NULL)
		return -1;
	long i = reg_index(r, rs->id);
	if (i < 0)
		return reg_push(r, rs, true, sha, err);
	if (r->from_dir[i]) {
		tc_err_set(err, TC_ECONFLICT, "%s and %s both define rule set '%s'; keep one "
			   "of them in the rules directory", r->sets[i]->path, path, rs->id);
		rs_free(rs);
		return -1;
	}
	rs_free(r->sets[i]);
	r->sets[i] = rs;
	memcpy(r->sha[i], sha, 65);
	r->from_dir[i] = true;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tc_free(names[i]);
	tc_free(names);
}

/* The *.rules names in dir, sorted (so errors and results do not depend on
 * readdir order). Caller frees with free_names. */
static char **list_dir(const char *dir, size_t *n, struct tc_err *err)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		tc_err_set(err, errno == ENOENT || errno == ENOTDIR ? TC_EINPUT : TC_EIO,
			   "cannot open the rules directory %s: %s", dir, strerror(errno));
		return NULL;
	}
	char **names = tc_calloc(REG_MAX_FILES, sizeof *names);
	struct dirent *e = NULL;
	*n = 0;
	while (names != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".rules"))
			continue;
		if (*n == REG_MAX_FILES) {
			closedir(d);
			free_names(names, *n);
			tc_err_set(err, TC_EINPUT, "%s holds more than %d rule files", dir,
				   REG_MAX_FILES);
			return NULL;
		}
		if ((names[*n] = tc_strdup(e->d_name)) == NULL)
			break;
		(*n)++;
	}
	closedir(d);
	if (names == NULL || e != NULL) {
		free_names(names, *n);
		tc_err_set(err, TC_ENOMEM, "out of memory while listing %s", dir);
		return NULL;
	}
	qsort(names, *n, sizeof *names, cmp_str);
	return names;
}

static int load_dir(struct reg *r, const char *dir, struct tc_err *err)
{
	size_t n;
	char **names = list_dir(dir, &n, err);
	if (names == NULL)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = tc_malloc(len);
		if (path == NULL) {
			rc = tc_err_set(err, TC_ENOMEM, "out of memory while loading rule sets");
			break;
		}
		snprintf(path, len, "%s/%s", dir, names[i]);
		rc = add_dir_file(r, path, err);
		tc_free(path);
	}
	free_names(names, n);
	return rc;
}

static int cmp_rs(const void *a, const void *b)
{
	const struct rs_ruleset *x = *(struct rs_ruleset *const *)a;
	const struct rs_ruleset *y = *(struct rs_ruleset *const *)b;
	if (x->year_from != y->year_from)
		return x->year_from < y->year_from ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* One uploaded text: replaces any set with its id (built-in, directory or
 * an earlier upload: uploads come in upload order, the last one wins). */
static int add_text(struct reg *r, const struct reg_text *t, struct tc_err *err)
{
	struct rs_ruleset *rs = rs_load_text(t->name, t->text, t->len, err);
	if (rs == NULL)
		return -1;
	char sha[65];
	sha_hex(t->text, t->len, sha);
	long i = reg_index(r, rs->id);
	if (i < 0)
		return reg_push(r, rs, false, sha, err);
	rs_free(r->sets[i]);
	r->sets[i] = rs;
	memcpy(r->sha[i], sha, 65);
	return 0;
}

struct reg *reg_load_more(const char *extra_dir, const struct reg_text *texts, size_t n,
			  int64_t gen, struct tc_err *err)
{
	struct reg *r = tc_calloc(1, sizeof *r);
	if (r == NULL) {
		tc_err_set(err, TC_ENOMEM, "out of memory while loading rule sets");
		return NULL;
	}
	atomic_init(&r->refs, 1);
	r->gen = gen;
	int rc = load_builtin(r, err);
	if (rc == 0 && extra_dir)
		rc = load_dir(r, extra_dir, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = add_text(r, &texts[i], err);
	if (rc != 0) {
		reg_free(r);
		return NULL;
	}
	/* from_dir is only needed while loading; the order of sets may change
	 * now (sets and sha move together). */
	for (size_t i = 1; i < r->n; i++) {
		for (size_t j = i; j > 0 && cmp_rs(&r->sets[j], &r->sets[j - 1]) < 0; j--) {
			struct rs_ruleset *t = r->sets[j];
			r->sets[j] = r->sets[j - 1];
			r->sets[j - 1] = t;
			char h[65];
			memcpy(h, r->sha[j], 65);
			memcpy(r->sha[j], r->sha[j - 1], 65);
			memcpy(r->sha[j - 1], h, 65);
		}
	}
	return r;
}

struct reg *reg_load(const char *extra_dir, struct tc_err *err)
{
	return reg_load_more(extra_dir, NULL, 0, 0, err);
}

struct reg *reg_ref(struct reg *r)
{
	atomic_fetch_add(&r->refs, 1);
	return r;
}

void reg_free(struct reg *r)
{
	if (r == NULL || atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	for (size_t i = 0; i < r->n; i++)
		rs_free(r->sets[i]);
	tc_free(r->sets);
	tc_free(r->from_dir);
	tc_free(r->sha);
	tc_free(r);
}

int64_t reg_generation(const struct reg *r)
{
	return r->gen;
}

const char *reg_sha256(const struct reg *r, const char *id)
{
	long i = reg_index(r, id);
	return i < 0 ? NULL : r->sha[i];
}

/* ---- Uploads kept in the store ------------------------------------------------ */

struct texts {
	struct reg_text *v;
	char **names, **copies;  /* owned: what v points into */
	size_t n, cap;
	int64_t gen;
	bool nomem;
};

static int text_cb(const struct store_ruleset *r, void *ctx)
{
	struct texts *t = ctx;
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 8;
		struct reg_text *nv = tc_reallocarray(t->v, nc, sizeof *nv);
		if (nv)
			t->v = nv;
		char **nn = nv ? tc_reallocarray(t->names, nc, sizeof *nn) : NULL;
		if (nn)
			t->names = nn;
		char **nc2 = nn ? tc_reallocarray(t->copies, nc, sizeof *nc2) : NULL;
		if (nc2)
			t->copies = nc2;
		if (nv == NULL || nn == NULL || nc2 == NULL) {
			t->nomem = true;
			return 1;
		}
		t->cap = nc;
	}
	char name[320];
	snprintf(name, sizeof name, "upload #%lld (%s)", (long long)r->id, r->file_name);
	char *copy = tc_malloc((size_t)r->size + 1);
	t->names[t->n] = tc_strdup(name);
	if (copy == NULL || t->names[t->n] == NULL) {
		tc_free(copy);
		tc_free(t->names[t->n]);
		t->nomem = true;
		return 1;
	}
	memcpy(copy, r->text, (size_t)r->size);
	copy[r->size] = '\0';
	t->copies[t->n] = copy;
	t->v[t->n] = (struct reg_text){t->names[t->n], copy, (size_t)r->size};
	t->n++;
	if (r->id > t->gen)
		t->gen = r->id;
	return 0;
}

static void texts_free(struct texts *t)
{
	for (size_t i = 0; i < t->n; i++) {
		tc_free(t->copies[i]);
		tc_free(t->names[i]);
	}
	tc_free(t->v);
	tc_free(t->names);
	tc_free(t->copies);
}

struct reg *reg_load_store(const char *extra_dir, struct store *st, struct tc_err *err)
{
	struct texts t = {0};
	if (st && store_ruleset_list(st, text_cb, &t, err) != 0) {
		texts_free(&t);
		return NULL;
	}
	struct reg *r = NULL;
	if (t.nomem)
		tc_err_set(err, TC_ENOMEM, "out of memory reading the uploaded rule sets");
	else
		r = reg_load_more(extra_dir, t.v, t.n, t.gen, err);
	texts_free(&t);
	return r;
}

/* ---- The holder: one current registry shared by threads ----------------- */

struct reg_holder {
	pthread_mutex_t mu;   /* guards cur (taking a reference and swapping) */
	struct reg *cur;      /* holds one reference */
};

struct reg_holder *reg_holder_new(struct reg *r, struct tc_err *err)
{
	struct reg_holder *h = tc_calloc(1, sizeof *h);
	if (h == NULL || pthread_mutex_init(&h->mu, NULL) != 0) {
		tc_free(h);
		reg_free(r);
		tc_err_set(err, TC_ENOMEM, "out of memory while loading rule sets");
		return NULL;
	}
	h->cur = r;
	return h;
}

void reg_holder_free(struct reg_holder *h)
{
	if (h == NULL)
		return;
	reg_free(h->cur);
	pthread_mutex_destroy(&h->mu);
	tc_free(h);
}

struct reg *reg_holder_get(struct reg_holder *h)
{
	pthread_mutex_lock(&h->mu);
	struct reg *r = reg_ref(h->cur);
	pthread_mutex_unlock(&h->mu);
	return r;
}

const struct reg *reg_holder_peek(const struct reg_holder *h)
{
	return h->cur;
}

void reg_holder_set(struct reg_holder *h, struct reg *r)
{
	pthread_mutex_lock(&h->mu);
	struct reg *old = h->cur;
	h->cur = r;
	pthread_mutex_unlock(&h->mu);
	reg_free(old); /* freed now, or by the last reader still holding it */
}

size_t reg_count(const struct reg *r)
{
	return r->n;
}

const struct rs_ruleset *reg_at(const struct reg *r, size_t i)
{
	return i < r->n ? r->sets[i] : NULL;
}

const struct rs_ruleset *reg_find(const struct reg *r, const char *id)
{
	long i = reg_index(r, id);
	return i < 0 ? NULL : r->sets[i];
}

/* When the years of several rule sets contain `year` (an administrator's
 * extra set may overlap a built-in one), the one starting latest wins: it is
 * the more specific. */
const struct rs_ruleset *reg_for_year(const struct reg *r, int year)
{
	const struct rs_ruleset *best = NULL;
	for (size_t i = 0; i < r->n; i++) {
		const struct rs_ruleset *rs = r->sets[i];
		if (year >= rs->year_from && year <= rs->year_to &&
		    (best == NULL || rs->year_from >= best->year_from))
			best = rs;
	}
	return best;
}
