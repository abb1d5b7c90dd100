/* store.h — the one storage interface of tiepcan.
 *
 * Everything tiepcan keeps between runs goes through these functions: the
 * administrative units of every vintage and their lineage, assessments (one
 * per commune per year, pinned to a rule set), raw inputs and indicator
 * points, evidence files, officials, users, sessions and the hash-chained
 * audit log. The only implementation today is SQLite (store_sqlite.c, schema
 * in schema.sql); a PostgreSQL one is to follow and must pass the same tests
 * (tests/unit/test_store.c uses nothing but this header).
 *
 * Threads: a `struct store` is ONE database connection. It must not be
 * shared between threads; open one handle per thread (the database itself
 * handles concurrent handles: WAL + busy timeout).
 *
 * Transactions: every mutating function is atomic on its own. A caller that
 * groups several (an import) wraps them in store_begin()/store_commit(); if
 * any call fails inside, the caller must store_rollback(). Nested mutating
 * calls use savepoints, so a failed call inside a caller's transaction undoes
 * only itself.
 *
 * Rows: the row structs below are plain public data with fixed-size fields,
 * filled by the store and owned by the caller (no freeing). List functions
 * call a callback once per row; the row is valid only during the call; a
 * callback returning non-zero stops the listing (the function then returns 0).
 * A callback may call other store functions, but not the same list function
 * again (its statement is the one being iterated).
 *
 * Scope: functions that return assessments, officials or units a user might
 * not be allowed to see take a `const struct store_scope *` (NULL = no
 * restriction, for the CLI and administrators). Rows outside the scope are
 * never returned and a get of one reports TC_ENOTFOUND (not "forbidden": the
 * caller learns nothing about rows it may not see).
 *
 * Audit: every change appends one audit entry (actor from store_set_actor,
 * time, action, entity, key, JSON before and after). Bulk reference loads
 * (units, lineage) are logged as one entry per load, not per row.
 *
 * Points are tc_pts (hundredths); STORE_NO_PTS = no value.
 */
#ifndef TC_STORE_H
#define TC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/pts.h"
#include "util/buf.h"
#include "util/err.h"

#define STORE_NO_PTS TC_PTS_NONE

/* Evidence limits: at most this many bytes per file; types in
 * store_evidence_type_ok(). */
#define STORE_EVIDENCE_MAX ((size_t)20 << 20)

struct store; /* opaque: one connection */

/* ---- Open, close, transactions ----------------------------------------- */

enum store_open_flags {
	STORE_OPEN_EXISTING = 0, /* fail with TC_ENOTFOUND if the database does not exist */
	STORE_OPEN_CREATE = 1,   /* create it if missing */
	STORE_OPEN_READONLY = 2  /* no writes, no migrations (check, export, show) */
};

/* Opens (and with STORE_OPEN_CREATE creates) the database at `path` and
 * applies pending migrations. Caller frees with store_close(). */
struct store *store_open(const char *path, int flags, struct tc_err *err);
void store_close(struct store *st);

/* How long a write waits for another connection's lock before failing with
 * "locked" (default 5000 ms). */
void store_set_busy_timeout(struct store *st, int ms);

/* Highest migration applied. */
int store_schema_version(struct store *st, struct tc_err *err);

/* Who the following changes are attributed to in the audit log (copied;
 * default "system"). */
int store_set_actor(struct store *st, const char *actor, struct tc_err *err);

int store_begin(struct store *st, struct tc_err *err);
int store_commit(struct store *st, struct tc_err *err);
int store_rollback(struct store *st);

/* The current UTC time as 'YYYY-MM-DDTHH:MM:SSZ' (what the store writes).
 * Tests may fix it with store_set_now (NULL = the real clock). */
void store_now(struct store *st, char out[21]);
void store_set_now(struct store *st, const char *fixed);

/* ---- Scope ------------------------------------------------------------- */

enum store_scope_kind { STORE_SCOPE_ALL, STORE_SCOPE_PROVINCE, STORE_SCOPE_DISTRICT, STORE_SCOPE_UNIT };

struct store_scope {
	enum store_scope_kind kind;
	char code[8]; /* province (2 digits), district (3) or unit code */
};

/* ---- Administrative units ---------------------------------------------- */

struct store_vintage {
	char id[8];          /* "2020-02", "2025-03", "2025-07" */
	char title[128];
	char valid_from[11]; /* YYYY-MM-DD */
	char valid_to[11];   /* "" = still in force */
	int tiers;           /* 2 or 3 */
	char source[64];
};

struct store_unit {
	char vintage[8];
	char code[8];
	char name[128];
	char type[32];       /* "Xã", "Phường", "Thị trấn", "Đặc khu", "Huyện", "Tỉnh", ... */
	char level[12];      /* "province", "district", "commune" */
	char parent[8];      /* "" for a province */
	char province[4];    /* filled by the store on insert */
	char district[4];    /* "" in two-tier lists and for provinces */
	char valid_from[11]; /* the vintage's period (filled on read) */
	char valid_to[11];
};

int store_vintage_get(struct store *st, const char *id, struct store_vintage *out,
		      struct tc_err *err);
/* The vintage in force on 31/12 of `year` (see schema.sql): TC_ENOTFOUND if none. */
int store_vintage_for_year(struct store *st, int year, struct store_vintage *out,
			   struct tc_err *err);

/* Inserts one unit (no audit entry: callers of bulk loads log one entry with
 * store_audit_append). The parent must already exist in the same vintage;
 * province/district are derived from it. TC_ECONFLICT if the code exists. */
int store_unit_insert(struct store *st, const struct store_unit *u, struct tc_err *err);

/* Inserts n units of one load in order (same rules as store_unit_insert;
 * a commune's province/district are looked up unless filled). Several rows per statement: this is the
 * bulk path of a national list. On error nothing of this call remains and
 * the message names the failing unit. */
int store_unit_insert_many(struct store *st, const struct store_unit *u, size_t n,
			   struct tc_err *err);

/* Number of units of a vintage at a level (level NULL = all). */
long store_unit_count(struct store *st, const char *vintage, const char *level,
		      struct tc_err *err);

int store_unit_get(struct store *st, const char *vintage, const char *code,
		   struct store_unit *out, struct tc_err *err);
/* The unit with `code` as it was in `year`: TC_ENOTFOUND if it did not exist
 * then (the message says which years it existed in, if any). */
int store_unit_at_year(struct store *st, const char *code, int year,
		       struct store_unit *out, struct tc_err *err);

typedef int (*store_unit_cb)(const struct store_unit *u, void *ctx);
/* Units of a vintage at a level (NULL = all) within scope, by code. */
int store_unit_list(struct store *st, const char *vintage, const char *level,
		    const struct store_scope *scope, store_unit_cb cb, void *ctx,
		    struct tc_err *err);
/* Every vintage's row for `code`, oldest first. */
int store_unit_versions(struct store *st, const char *code, store_unit_cb cb,
			void *ctx, struct tc_err *err);

/* Removes every unit and lineage row of a vintage (re-import). TC_ECONFLICT
 * if an assessment or official refers to one. Audited. */
int store_vintage_clear(struct store *st, const char *vintage, struct tc_err *err);

struct store_lineage {
	char old_vintage[8], old_code[8];
	char new_vintage[8], new_code[8];
	char relation[12];   /* "full", "partial", "same-code" */
	char note[256];
};

/* No audit entry (bulk, like store_unit_insert). The new unit must exist. */
int store_lineage_insert(struct store *st, const struct store_lineage *l,
			 struct tc_err *err);
typedef int (*store_lineage_cb)(const struct store_lineage *l, void *ctx);
/* One step of lineage: the rows whose old side (successors) or new side
 * (predecessors) is (vintage, code). */
int store_lineage_successors(struct store *st, const char *vintage, const char *code,
			     store_lineage_cb cb, void *ctx, struct tc_err *err);
int store_lineage_predecessors(struct store *st, const char *vintage, const char *code,
			       store_lineage_cb cb, void *ctx, struct tc_err *err);
/* Adds a 'same-code' lineage row for every unit of old_vintage whose code
 * and level reappear in new_vintage (replacing earlier such rows); *n = rows.
 * The approximation "a code that persisted is the same unit" is documented
 * in data/SOURCES.md. */
int store_lineage_derive_same_code(struct store *st, const char *old_vintage,
				   const char *new_vintage, long *n, struct tc_err *err);
/* Removes the lineage rows from old_vintage to new_vintage. */
int store_lineage_clear(struct store *st, const char *old_vintage, const char *new_vintage,
			struct tc_err *err);
long store_lineage_count(struct store *st, const char *old_vintage,
			 struct tc_err *err);

/* ---- Officials ----------------------------------------------------------- */

struct store_official {
	int64_t id;
	char vintage[8];
	char unit_code[8];
	char full_name[128];
	char position[128];
	char phone[32];
	char email[128];
	char source[16];     /* "entered", "imported", "synthetic-demo" */
};

int store_official_add(struct store *st, const struct store_official *o, int64_t *id,
		       struct tc_err *err);
int store_official_get(struct store *st, int64_t id, const struct store_scope *scope,
		       struct store_official *out, struct tc_err *err);
typedef int (*store_official_cb)(const struct store_official *o, void *ctx);
/* unit_code NULL = every official within scope. */
int store_official_list(struct store *st, const char *unit_code,
			const struct store_scope *scope, store_official_cb cb, void *ctx,
			struct tc_err *err);

/* ---- Users and sessions ------------------------------------------------ */

struct store_user {
	int64_t id;
	char username[65];
	char display_name[128];
	char password_hash[160]; /* crypto_pwhash_str output, made by the caller */
	char role[16];           /* commune reviewer council admin (migration 002) */
	struct store_scope scope;
	int64_t official_id;     /* 0 = none */
	int active;
	char created_at[21];
	char password_changed_at[21]; /* filled by the store */
};

int store_user_add(struct store *st, const struct store_user *u, int64_t *id,
		   struct tc_err *err);
int store_user_get(struct store *st, const char *username, struct store_user *out,
		   struct tc_err *err);
int store_user_set_active(struct store *st, int64_t id, int active, struct tc_err *err);

struct store_session {
	char token_hash[65];     /* hex SHA-256 of the token: the store never sees tokens */
	int64_t user_id;
	char created_at[21];
	char expires_at[21];
	char csrf[44];           /* the session's CSRF token ("" = none) */
	char last_seen[21];      /* last request ("" on add = created_at) */
};

int store_session_add(struct store *st, const struct store_session *s, struct tc_err *err);
/* TC_ENOTFOUND if absent or expired (at store_now()). */
int store_session_get(struct store *st, const char *token_hash, struct store_session *out,
		      struct tc_err *err);
int store_session_delete(struct store *st, const char *token_hash, struct tc_err *err);
/* Deletes expired sessions; *n = how many. */
int store_session_purge(struct store *st, long *n, struct tc_err *err);

/* ---- Assessments ------------------------------------------------------- */

struct store_assessment {
	int64_t id;
	int year;
	char vintage[8];         /* filled by the store from the year */
	char unit_code[8];
	char province[4];        /* filled by the store */
	char district[4];
	char ruleset_id[32];
	char ruleset_version[32];
	char status[16];         /* a core/workflow.h state name: draft signed submitted
				  * returned reviewed council recognised not_recognised */
	char source[16];         /* entered imported synthetic-demo */
	char commune_class[4];   /* "", "I", "II", "III" */
	tc_pts total;            /* STORE_NO_PTS = not scored */
	int recognised;          /* -1 unknown, 0, 1 */
	int64_t version;         /* optimistic lock: pass it back to updates */
	char created_at[21], self_assessed_at[21], posted_at[21], reviewed_at[21],
		decided_at[21], updated_at[21];  /* "" = step not reached */
	/* self_assessed_at = signed off; posted_at = posting began (migration 003) */
	char submitted_at[21], returned_at[21], council_at[21];
};

/* Creates an assessment (status "draft" unless set). The commune must exist in
 * the vintage in force that year: TC_EINPUT naming the years it existed.
 * TC_ECONFLICT if one exists for (unit, year). */
int store_assessment_add(struct store *st, const struct store_assessment *a, int64_t *id,
			 struct tc_err *err);
int store_assessment_get(struct store *st, int64_t id, const struct store_scope *scope,
			 struct store_assessment *out, struct tc_err *err);
int store_assessment_find(struct store *st, const char *unit_code, int year,
			  const struct store_scope *scope, struct store_assessment *out,
			  struct tc_err *err);
typedef int (*store_assessment_cb)(const struct store_assessment *a, void *ctx);
/* year 0 = all years; ordered by year, then unit code. */
int store_assessment_list(struct store *st, int year, const struct store_scope *scope,
			  store_assessment_cb cb, void *ctx, struct tc_err *err);
/* Moves to `status` and stamps that step's time. TC_ECONFLICT if the row's
 * version is not `expected_version` (someone else changed it). */
int store_assessment_set_status(struct store *st, int64_t id, int64_t expected_version,
				const char *status, struct tc_err *err);
/* Records the engine's total and verdict (recognised -1 = unknown). */
int store_assessment_set_result(struct store *st, int64_t id, int64_t expected_version,
				tc_pts total, int recognised, struct tc_err *err);
/* Deletes an assessment with its inputs, indicators and evidence links. */
int store_assessment_delete(struct store *st, int64_t id, int64_t expected_version,
			    struct tc_err *err);

/* ---- Inputs and indicator values --------------------------------------- */

struct store_input {
	char item[32];
	char field[64];
	char value[64];
};

/* Sets (inserts or replaces) one raw input. Bumps the assessment's version. */
int store_input_set(struct store *st, int64_t assessment_id, const struct store_input *in,
		    struct tc_err *err);
typedef int (*store_input_cb)(const struct store_input *in, void *ctx);
/* Ordered by item, then field (byte order). */
int store_input_list(struct store *st, int64_t assessment_id, store_input_cb cb,
		     void *ctx, struct tc_err *err);

struct store_indicator {
	char item[32];
	tc_pts computed;         /* STORE_NO_PTS = none */
	tc_pts self;
	tc_pts reviewed;
	char comment[1024];
	int64_t official_id;     /* 0 = none */
};

int store_indicator_set(struct store *st, int64_t assessment_id,
			const struct store_indicator *v, struct tc_err *err);
int store_indicator_get(struct store *st, int64_t assessment_id, const char *item,
			struct store_indicator *out, struct tc_err *err);
typedef int (*store_indicator_cb)(const struct store_indicator *v, void *ctx);
int store_indicator_list(struct store *st, int64_t assessment_id, store_indicator_cb cb,
			 void *ctx, struct tc_err *err);

/* ---- Evidence ---------------------------------------------------------- */

struct store_evidence {
	int64_t id;
	int64_t assessment_id;
	char item[32];           /* "" = whole assessment */
	char sha256[65];
	char original_name[256];
	char mime_type[80];
	int64_t size;
	char uploaded_at[21];
	char uploaded_by[64];
};

/* 1 if mime_type is accepted (PDF, JPEG, PNG, DOC(X), XLS(X), ODT, ODS). */
int store_evidence_type_ok(const char *mime_type);

/* Attaches a file; the content is stored once per SHA-256. Fails with
 * TC_EINPUT if empty, over STORE_EVIDENCE_MAX, of a refused type, or the
 * name is empty or too long. Fills *out. */
int store_evidence_add(struct store *st, int64_t assessment_id, const char *item,
		       const char *original_name, const char *mime_type,
		       const void *data, size_t len, struct store_evidence *out,
		       struct tc_err *err);
typedef int (*store_evidence_cb)(const struct store_evidence *e, void *ctx);
int store_evidence_list(struct store *st, int64_t assessment_id, store_evidence_cb cb,
			void *ctx, struct tc_err *err);
/* The content with that hash. Caller frees *data with tc_free. */
int store_evidence_read(struct store *st, const char *sha256, void **data, size_t *len,
			struct tc_err *err);

/* ---- Audit ------------------------------------------------------------- */

struct store_audit {
	int64_t id;
	char at[21];
	char actor[64];
	char action[16];
	char entity[32];
	char entity_key[64];
	const char *before;      /* JSON or NULL; valid during the callback */
	const char *after;
	char prev_hash[65];
	char hash[65];
};

/* Appends one entry by the current actor (before/after: JSON text or NULL). */
int store_audit_append(struct store *st, const char *action, const char *entity,
		       const char *key, const char *before, const char *after,
		       struct tc_err *err);
typedef int (*store_audit_cb)(const struct store_audit *a, void *ctx);
/* Entries with id > after_id, oldest first. */
int store_audit_list(struct store *st, int64_t after_id, store_audit_cb cb, void *ctx,
		     struct tc_err *err);
/* Recomputes the chain. Returns 0 and *n = entries checked, or -1 with
 * TC_EINTERNAL naming the first bad entry. */
int store_audit_verify(struct store *st, long *n, struct tc_err *err);

/* ---- Review, return for supplement, council, decision (owner: review) -- */
/* The reviewer's and council's side of an assessment (src/web/review*.c).
 * The caller checks the workflow step (core/workflow.h) on a fresh read of
 * the assessment and passes its version: every function here changes the
 * status in the same transaction as its rows, and fails with TC_ECONFLICT
 * when the assessment changed in between. All audited. */

struct store_review_item {
	char item[32];
	tc_pts reviewed;         /* STORE_NO_PTS = comment only */
	char comment[1024];
	char reviewer[64];       /* filled by the store (actor) */
	char reviewed_at[21];    /* filled by the store */
};

/* Records reviewed scores and comments (one row per item, replacing the
 * previous one) and mirrors the score into indicator_value.reviewed_pts.
 * No status change. */
int store_review_set(struct store *st, int64_t assessment_id, int64_t expected_version,
		     const struct store_review_item *items, size_t n, struct tc_err *err);
typedef int (*store_review_cb)(const struct store_review_item *r, void *ctx);
int store_review_list(struct store *st, int64_t assessment_id, store_review_cb cb, void *ctx,
		      struct tc_err *err);
/* Status 'reviewed' (stamps reviewed_at) with the total and verdict computed
 * on the reviewed scores (recognised -1 = unknown). */
int store_review_finish(struct store *st, int64_t assessment_id, int64_t expected_version,
			tc_pts total, int recognised, struct tc_err *err);

struct store_return {
	int64_t id;              /* filled by the store */
	int64_t assessment_id;
	int round;               /* filled by the store: 1, 2, ... */
	char reason[1024];
	char returned_on[11];    /* YYYY-MM-DD: the day of the return (the event) */
	char deadline[11];       /* YYYY-MM-DD, computed by the caller (core/calendar) */
	int supplement_days;     /* the regime's working days used */
	char returned_at[21];    /* filled by the store */
	char returned_by[64];
};
struct store_return_note {
	char item[32];
	char note[1024];
};

/* Returns the dossier: status 'returned', the return with its notes and a
 * snapshot of the current inputs. *id = the return's id (may be NULL). */
int store_return_add(struct store *st, int64_t assessment_id, int64_t expected_version,
		     const struct store_return *r, const struct store_return_note *notes,
		     size_t n, int64_t *id, struct tc_err *err);
typedef int (*store_return_cb)(const struct store_return *r, void *ctx);
/* Newest first. */
int store_return_list(struct store *st, int64_t assessment_id, store_return_cb cb, void *ctx,
		      struct tc_err *err);
/* The latest return, TC_ENOTFOUND if none. */
int store_return_latest(struct store *st, int64_t assessment_id, struct store_return *out,
			struct tc_err *err);
typedef int (*store_return_note_cb)(const struct store_return_note *n, void *ctx);
int store_return_notes(struct store *st, int64_t return_id, store_return_note_cb cb, void *ctx,
		       struct tc_err *err);
/* The inputs as they were at the return, ordered by item, then field. */
int store_return_inputs(struct store *st, int64_t return_id, store_input_cb cb, void *ctx,
			struct tc_err *err);

struct store_council {
	int64_t id;              /* filled by the store */
	char name[256];
	char meeting_date[11];   /* YYYY-MM-DD */
	char province[4];        /* scope of the council */
	char district[4];        /* "" = province level */
	int quorum_num, quorum_den;
	char minutes_sha256[65]; /* "" = no minutes file yet */
	char minutes_name[256];
	char minutes_mime[80];
	char created_at[21], created_by[64];
	int64_t version;
};
struct store_council_member {
	int seq;                 /* 1, 2, ... in the order given (filled by the store) */
	char full_name[128];
	char role[16];           /* chair vice_chair member secretary */
	int present;
};
/* A meeting with its members and the dossiers it considers (assessment ids;
 * each must be in scope of the meeting). *id may be NULL. */
int store_council_add(struct store *st, const struct store_council *c,
		      const struct store_council_member *m, size_t n_members,
		      const int64_t *assessment_ids, size_t n_dossiers, int64_t *id,
		      struct tc_err *err);
int store_council_get(struct store *st, int64_t id, const struct store_scope *scope,
		      struct store_council *out, struct tc_err *err);
typedef int (*store_council_cb)(const struct store_council *c, void *ctx);
/* Newest meeting first, within scope (a commune scope sees none). */
int store_council_list(struct store *st, const struct store_scope *scope, store_council_cb cb,
		       void *ctx, struct tc_err *err);
typedef int (*store_council_member_cb)(const struct store_council_member *m, void *ctx);
int store_council_members(struct store *st, int64_t meeting_id, store_council_member_cb cb,
			  void *ctx, struct tc_err *err);

struct store_council_dossier {
	int64_t meeting_id;
	int64_t assessment_id;
	char outcome[16];        /* "" (pending), "propose", "not_propose" */
	char reason[1024];
};
typedef int (*store_council_dossier_cb)(const struct store_council_dossier *d, void *ctx);
/* meeting_id 0: every meeting's row for assessment_id (assessment_id 0:
 * every dossier of meeting_id). */
int store_council_dossiers(struct store *st, int64_t meeting_id, int64_t assessment_id,
			   store_council_dossier_cb cb, void *ctx, struct tc_err *err);

struct store_council_opinion {
	int64_t meeting_id;
	int member_seq;
	int64_t assessment_id;
	char opinion[12];        /* agree disagree abstain */
	char note[512];
};
/* Sets (replaces) one member's opinion on one dossier of the meeting. */
int store_council_opinion_set(struct store *st, const struct store_council_opinion *o,
			      struct tc_err *err);
typedef int (*store_council_opinion_cb)(const struct store_council_opinion *o, void *ctx);
int store_council_opinions(struct store *st, int64_t meeting_id, store_council_opinion_cb cb,
			   void *ctx, struct tc_err *err);
/* The council's outcome for one dossier: records it and moves the
 * assessment to 'council'. */
int store_council_outcome(struct store *st, int64_t meeting_id, int64_t assessment_id,
			  int64_t expected_version, const char *outcome, const char *reason,
			  struct tc_err *err);
/* Attaches the minutes file (stored like evidence, same types and limits). */
int store_council_minutes(struct store *st, int64_t meeting_id, const char *name,
			  const char *mime, const void *data, size_t len, struct tc_err *err);

struct store_decision {
	int64_t id;              /* filled by the store */
	char number[64];
	char decision_date[11];  /* YYYY-MM-DD */
	char signer_name[128];
	char signer_position[128];
	char file_sha256[65];    /* filled by the store */
	char file_name[256];
	char file_mime[80];
	char province[4];        /* scope */
	char district[4];
	char created_at[21], created_by[64];
};
struct store_decision_item {
	int64_t decision_id;       /* filled on read */
	int64_t assessment_id;
	int64_t expected_version;  /* the version the decider saw */
	int recognised;          /* 1 / 0 */
	char reason[1024];
	char unit_code[8];       /* filled on read */
	int year;                /* filled on read */
};
/* Records a decision with its signed file and moves every listed
 * assessment to recognised / not_recognised (stamping decided_at and the
 * recognised flag). TC_ECONFLICT if the number exists or a version moved. */
int store_decision_add(struct store *st, const struct store_decision *d, const void *file,
		       size_t file_len, const struct store_decision_item *items, size_t n,
		       int64_t *id, struct tc_err *err);
int store_decision_get(struct store *st, int64_t id, const struct store_scope *scope,
		       struct store_decision *out, struct tc_err *err);
typedef int (*store_decision_cb)(const struct store_decision *d, void *ctx);
int store_decision_list(struct store *st, const struct store_scope *scope, store_decision_cb cb,
			void *ctx, struct tc_err *err);
typedef int (*store_decision_item_cb)(const struct store_decision_item *it, void *ctx);
/* decision_id 0: the decision rows of assessment_id (newest first). */
int store_decision_items(struct store *st, int64_t decision_id, int64_t assessment_id,
			 store_decision_item_cb cb, void *ctx, struct tc_err *err);
/* ---- Web sign-in (webauth: sessions, throttling, user admin) ------------ */

/* Same as store_user_get, by id. */
int store_user_get_id(struct store *st, int64_t id, struct store_user *out,
		      struct tc_err *err);
typedef int (*store_user_cb)(const struct store_user *u, void *ctx);
/* Every user, by user name (password hashes included: callers never show them). */
int store_user_list(struct store *st, store_user_cb cb, void *ctx, struct tc_err *err);
/* Replaces the password hash, stamps password_changed_at and ends all the
 * user's sessions. Audited (without the hash). TC_ENOTFOUND if no such user. */
int store_user_set_password(struct store *st, int64_t id, const char *password_hash,
			    struct tc_err *err);
/* Records the session's latest request (idle expiry). Not audited: it is
 * not a change anyone made. TC_ENOTFOUND if the session is gone. */
int store_session_touch(struct store *st, const char *token_hash, const char *at,
			struct tc_err *err);
/* Ends every session of a user (disabled account); *n = how many (may be NULL). */
int store_session_delete_user(struct store *st, int64_t user_id, long *n,
			      struct tc_err *err);

/* Failed sign-ins (throttling across app servers). `login` is the name as
 * tried, lower-cased by the caller. add also purges rows older than
 * `purge_before` (a timestamp). count: failures since `since` for the login
 * and for the ip, with the oldest such timestamp of each ("" if none). Not
 * audited (no one's data changes). */
int store_login_failure_add(struct store *st, const char *login, const char *ip,
			    const char *purge_before, struct tc_err *err);
struct store_login_failures {
	long n_login, n_ip;
	char oldest_login[21], oldest_ip[21];
};
int store_login_failure_count(struct store *st, const char *login, const char *ip,
			      const char *since, struct store_login_failures *out,
			      struct tc_err *err);
/* After a successful sign-in: forget the login's failures. */
int store_login_failure_clear(struct store *st, const char *login, struct tc_err *err);

/* A page of the audit log, NEWEST first: entries with id < before_id
 * (0 = from the newest), matching entity and key when not NULL/"" , at most
 * `limit` of them. */
int store_audit_page(struct store *st, const char *entity, const char *key, int64_t before_id,
		     int limit, store_audit_cb cb, void *ctx, struct tc_err *err);

/* ---- Dashboard aggregates (dash) ------------------------------------------
 *
 * Read-only aggregate queries behind the dashboard (report/dash.h), run live
 * on every request: no batch step, nothing cached. Portable SQL (recursive
 * CTE, CASE, GROUP BY; integer arithmetic only). "Recognised" is the
 * chairman's decision (status 'recognised'); "eligible" is the last computed
 * verdict (recognised = 1). Effective indicator points are the reviewed
 * points, else the self-assessed, else the computed ones. year 0 = all years.
 */

enum store_dash_by { STORE_DASH_BY_YEAR, STORE_DASH_BY_PROVINCE, STORE_DASH_BY_DISTRICT };

struct store_dash_count {
	int year;
	char key[8];       /* province or district code; "" when by year */
	long assessed;     /* assessments */
	long scored;       /* with a total */
	long eligible;     /* computed verdict recognised = 1 */
	long recognised;   /* decided: status 'recognised' */
	long decided;      /* status 'recognised' or 'not_recognised' */
};
typedef int (*store_dash_count_cb)(const struct store_dash_count *c, void *ctx);
/* Counts per year and key (historical boundaries: the province/district the
 * commune belonged to that year), ordered by year then key. BY_DISTRICT skips
 * assessments without a district (two-tier years). */
int store_dash_counts(struct store *st, int year, const struct store_scope *scope,
		      enum store_dash_by by, store_dash_count_cb cb, void *ctx,
		      struct tc_err *err);
/* The same per year on CURRENT boundaries: the assessments of every commune
 * whose lineage (any number of steps back) leads to a commune of `vintage`
 * within `scope` (scope on the current vintage's codes). A commune split
 * between successors counts for each of them (key ""). */
int store_dash_counts_current(struct store *st, const char *vintage,
			      const struct store_scope *scope, store_dash_count_cb cb,
			      void *ctx, struct tc_err *err);

/* Histogram of totals: counts[i] = scored assessments with total in
 * [lo + i*width, lo + (i+1)*width); totals outside go to the end bins. */
int store_dash_histogram(struct store *st, int year, const struct store_scope *scope,
			 tc_pts lo, tc_pts width, size_t nbins, long *counts,
			 struct tc_err *err);

struct store_dash_points {
	char item[32];
	tc_pts pts;        /* effective points (see above) */
	long n;            /* assessments with that value */
};
typedef int (*store_dash_points_cb)(const struct store_dash_points *p, void *ctx);
/* Distribution of effective points per indicator, by item then points. */
int store_dash_item_points(struct store *st, int year, const struct store_scope *scope,
			   store_dash_points_cb cb, void *ctx, struct tc_err *err);

struct store_dash_row {
	char unit[8];
	char name[160];    /* "Xã Sóc Hà" */
	char province[4], district[4];
	char status[16];
	char item[32];     /* gate or indicator code (per function) */
	tc_pts a, b;       /* per function */
	int year;
	int recognised;    /* -1 unknown */
};
typedef int (*store_dash_row_cb)(const struct store_dash_row *r, void *ctx);
/* Scored assessments by total (descending), then code: a = total. */
int store_dash_ranking(struct store *st, int year, const struct store_scope *scope,
		       store_dash_row_cb cb, void *ctx, struct tc_err *err);
/* Triggered gates (input field 'triggered' non-zero): item = gate. */
int store_dash_gates(struct store *st, int year, const struct store_scope *scope,
		     store_dash_row_cb cb, void *ctx, struct tc_err *err);
/* Communes whose total moved by at least `threshold` from year-1 to year
 * (same code): a = previous total, b = this year's. */
int store_dash_jumps(struct store *st, int year, const struct store_scope *scope,
		     tc_pts threshold, store_dash_row_cb cb, void *ctx, struct tc_err *err);
/* Evidence files (by SHA-256) attached by more than one commune in year:
 * one row per (hash, commune), by hash then unit: name = the hash (64 hex),
 * item = the indicator it was attached to (the smallest if several). */
int store_dash_shared_evidence(struct store *st, int year, const struct store_scope *scope,
			       store_dash_row_cb cb, void *ctx, struct tc_err *err);
/* Assessments where the self-assessed and reviewed points of the indicators
 * having both differ in sum by at least `threshold`: a = self, b = reviewed.
 * (Per reviewer: store_dash_reviewer_gaps.) */
int store_dash_review_gaps(struct store *st, int year, const struct store_scope *scope,
			   tc_pts threshold, store_dash_row_cb cb, void *ctx,
			   struct tc_err *err);
/* Effective points of every indicator of the assessments still in draft or
 * self-assessed (the year's draft figures), by unit then item: a = points. */
int store_dash_draft_points(struct store *st, int year, const struct store_scope *scope,
			    store_dash_row_cb cb, void *ctx, struct tc_err *err);

/* ---- Pilot models and programme management (pilot, migration 005) ------
 *
 * Plans of a province (kế hoạch), their pilot communes, tasks in the six
 * groups of work (+ replication), duty assignment per commune and year with
 * handover history, training sessions and inspection visits. Dates are
 * 'YYYY-MM-DD'. Scope: a plan belongs to its province (province_code);
 * STORE_SCOPE_DISTRICT/UNIT scopes see the plans of their province. Every
 * change is one transaction and audited (entity "plan", "plan_task",
 * "duty", "training", "inspection").
 */

#define STORE_TASK_GROUPS 7 /* 1..6 the six groups of work, 7 replication */

struct store_plan {
	int64_t id;
	char number[64];        /* "198/KH-STP" */
	char issued_on[11];
	char issuer[160];
	char province[4];
	int year;
	char title[512];
	char legal_basis[512];
	char file_sha256[65];   /* "" = none; set by store_plan_file (migration 007) */
	int64_t parent_id;      /* 0 = none */
	char parent_number[64]; /* filled on read */
	char status[12];        /* draft active done cancelled */
	char lessons[2048];
	char source[16];
	char file_name[256];    /* the attached document's name, "" = none (007) */
	char file_mime[80];
};

struct store_plan_pilot {
	int64_t plan_id;
	char vintage[8];        /* filled by the store from target_year when "" */
	char unit_code[8];
	char name[160];         /* "Xã Sóc Hà", filled on read */
	int target_year;
	int ntm_year;           /* 0 = none */
	char kind[8];           /* "pilot" or "next" */
};

struct store_plan_task {
	int64_t id;
	int64_t plan_id;
	int grp;                /* 1..STORE_TASK_GROUPS */
	char title[512];
	char unit_code[8];      /* "" = province level */
	char responsible[160];
	char person[128];
	char deadline[11];
	char status[12];        /* open in_progress done */
	int illustrative;
};

struct store_task_note {
	int64_t task_id;
	char on_date[11];
	char status[12];
	char note[1024];
	char actor[64];
};

struct store_duty {
	char unit_code[8];
	int year;
	char item[32];          /* "" = focal point */
	int64_t official_id;
	char official_name[128]; /* filled on read */
	char since[11];
};

struct store_handover {
	int64_t id;
	char unit_code[8];
	int year;
	char item[32];
	int64_t from_id, to_id;
	char from_name[128], to_name[128]; /* filled on read */
	char on_date[11];
	char reason[512];
};

struct store_training {
	int64_t id;
	int64_t plan_id;        /* 0 = none */
	char province[4];
	char held_on[11];
	char place[256];
	char topic[512];
	char trainer[160];
	char materials[512];
};

struct store_inspection {
	int64_t id;
	int64_t plan_id;        /* 0 = none */
	char unit_code[8];
	char visited_on[11];
	char findings[2048];
	char follow_up[2048];
};

/* TC_EINPUT (message names the field) on a bad date, number, year or an
 * unknown parent; TC_ECONFLICT if the number exists. */
int store_plan_add(struct store *st, const struct store_plan *p, int64_t *id,
		   struct tc_err *err);
/* Replaces the editable fields of plan p->id (not its province). */
int store_plan_update(struct store *st, const struct store_plan *p, struct tc_err *err);
int store_plan_get(struct store *st, int64_t id, const struct store_scope *scope,
		   struct store_plan *out, struct tc_err *err);
typedef int (*store_plan_cb)(const struct store_plan *p, void *ctx);
/* year 0 = all; by year, date, number. */
int store_plan_list(struct store *st, int year, const struct store_scope *scope,
		    store_plan_cb cb, void *ctx, struct tc_err *err);

/* The commune must exist in the vintage in force in target_year. */
int store_plan_pilot_add(struct store *st, const struct store_plan_pilot *pp,
			 struct tc_err *err);
typedef int (*store_plan_pilot_cb)(const struct store_plan_pilot *pp, void *ctx);
int store_plan_pilot_list(struct store *st, int64_t plan_id, store_plan_pilot_cb cb,
			  void *ctx, struct tc_err *err);

int store_plan_task_add(struct store *st, const struct store_plan_task *t, int64_t *id,
			struct tc_err *err);
int store_plan_task_get(struct store *st, int64_t id, struct store_plan_task *out,
			struct tc_err *err);
/* Sets the status and appends a progress note dated on_date. */
int store_plan_task_progress(struct store *st, int64_t task_id, const char *status,
			     const char *on_date, const char *note, struct tc_err *err);
typedef int (*store_plan_task_cb)(const struct store_plan_task *t, void *ctx);
/* plan_id 0 = every plan's tasks within scope; by deadline then id. */
int store_plan_task_list(struct store *st, int64_t plan_id, const struct store_scope *scope,
			 store_plan_task_cb cb, void *ctx, struct tc_err *err);
typedef int (*store_task_note_cb)(const struct store_task_note *n, void *ctx);
int store_task_note_list(struct store *st, int64_t task_id, store_task_note_cb cb,
			 void *ctx, struct tc_err *err);

/* Assigns (unit, year, item) to an official of that commune. If someone
 * else held it, a handover (from, to, on_date, reason) is recorded. */
int store_duty_assign(struct store *st, const char *unit_code, int year, const char *item,
		      int64_t official_id, const char *on_date, const char *reason,
		      struct tc_err *err);
/* Hands every duty of official `from` in (unit, year) to `to`; *n = how many. */
int store_duty_handover_all(struct store *st, const char *unit_code, int year,
			    int64_t from, int64_t to, const char *on_date, const char *reason,
			    long *n, struct tc_err *err);
typedef int (*store_duty_cb)(const struct store_duty *d, void *ctx);
int store_duty_list(struct store *st, const char *unit_code, int year, store_duty_cb cb,
		    void *ctx, struct tc_err *err);
typedef int (*store_handover_cb)(const struct store_handover *h, void *ctx);
int store_handover_list(struct store *st, const char *unit_code, int year,
			store_handover_cb cb, void *ctx, struct tc_err *err);

/* A training session with its attendees (official ids). */
int store_training_add(struct store *st, const struct store_training *t,
		       const int64_t *attendees, size_t n, int64_t *id, struct tc_err *err);
typedef int (*store_training_cb)(const struct store_training *t, void *ctx);
/* official_id 0 = every session within scope; else the official's history. */
int store_training_list(struct store *st, int64_t official_id, const struct store_scope *scope,
			store_training_cb cb, void *ctx, struct tc_err *err);
int store_training_attendees(struct store *st, int64_t training_id, store_official_cb cb,
			     void *ctx, struct tc_err *err);

int store_inspection_add(struct store *st, const struct store_inspection *i, int64_t *id,
			 struct tc_err *err);
/* Replaces the findings and follow-up actions of inspection i->id. */
int store_inspection_update(struct store *st, const struct store_inspection *i,
			    struct tc_err *err);
typedef int (*store_inspection_cb)(const struct store_inspection *i, void *ctx);
/* plan_id 0 = all within scope; newest first. */
int store_inspection_list(struct store *st, int64_t plan_id, const struct store_scope *scope,
			  store_inspection_cb cb, void *ctx, struct tc_err *err);

/* ---- Whole database ---------------------------------------------------- */

/* PRAGMA integrity_check + foreign keys + audit chain. *n_audit = entries. */
int store_check(struct store *st, long *n_audit, struct tc_err *err);

/* 1 if a tiepcan database exists at `path`: the file, or for a postgres://
 * URL the tiepcan schema in that database (an unreachable server counts as
 * existing, so opening it reports why). Commands that create a database
 * (init, demo) refuse an existing one. */
int store_exists(const char *path);

/* Copies a whole database (every table, row and id, the audit log as is)
 * into an empty one, SQLite or PostgreSQL either way, in one transaction on
 * the target, and verifies it: cb (may be NULL) is called per table with
 * the row count and checksum of the source and of the target (see
 * store_copy.c for the checksum). TC_ECONFLICT if the target has data;
 * nothing is written on any failure. */
typedef void (*store_copy_cb)(const char *table, long rows_from, const char *sum_from,
			      long rows_to, const char *sum_to, void *ctx);
int store_copy(const char *from, const char *to, store_copy_cb cb, void *ctx,
	       struct tc_err *err);
/* Applies pending migrations; *before and *after = schema versions. PostgreSQL:
 * an empty database gets the whole schema. */
int store_migrate(const char *path, int *before, int *after, struct tc_err *err);

/* Online backup to `path` (overwritten). PostgreSQL: refused with a message
 * naming pg_dump and 'tiepcan copy'. progress(done, total, ctx) may be NULL. */
int store_backup(struct store *st, const char *path,
		 void (*progress)(long done, long total, void *ctx), void *ctx,
		 struct tc_err *err);

/* ---- Assessment workflow: sign-off, posting, submissions, settings,
 *      holidays, objections (migration 003; owner: the `assess` work) ------ */

/* Replaces every raw input of an assessment with `in` (n rows), records each
 * indicator's points (`ind`, m rows: computed/self/comment/official) and the
 * total and verdict, bumping the version ONCE, in one transaction with one
 * audit entry. TC_ECONFLICT when the version is not expected_version. The
 * caller validates everything with the engine first (all-or-nothing). */
int store_assessment_save(struct store *st, int64_t id, int64_t expected_version,
			  const struct store_input *in, size_t n,
			  const struct store_indicator *ind, size_t m, tc_pts total,
			  int recognised, struct tc_err *err);

struct store_signoff {
	char signed_on[11];        /* YYYY-MM-DD: completion of self-scoring */
	char signer_name[128];
	char signer_position[128];
	char posting_start[11];    /* YYYY-MM-DD */
	char posting_end[11];      /* YYYY-MM-DD, computed by the caller (calendar) */
	int posting_days;
	char posting_unit[16];     /* "days" or "working_days" */
	char posting_place[256];
	char signed_at[21];        /* filled by the store */
};

/* Records the sign-off and moves the assessment to "signed" (stamping
 * self_assessed_at and posted_at), one transaction; a previous sign-off row
 * (after a reopen) is replaced. The caller checks the workflow. */
int store_assessment_sign_off(struct store *st, int64_t id, int64_t expected_version,
			      const struct store_signoff *so, struct tc_err *err);
/* TC_ENOTFOUND when the assessment was never signed off. */
int store_signoff_get(struct store *st, int64_t assessment_id, struct store_signoff *out,
		      struct tc_err *err);

struct store_submission {
	int64_t id;
	char kind[12];             /* "submit" or "resubmit" */
	char at[21];
	char actor[64];
	long n_inputs, n_evidence;
	tc_pts total;
};

/* Moves the assessment to "submitted" and records a submission (kind
 * "submit" or "resubmit") with the current counts, one transaction. */
int store_assessment_submit(struct store *st, int64_t id, int64_t expected_version,
			    const char *kind, struct tc_err *err);
typedef int (*store_submission_cb)(const struct store_submission *s, void *ctx);
int store_submission_list(struct store *st, int64_t assessment_id, store_submission_cb cb,
			  void *ctx, struct tc_err *err);

/* Per-year settings (year 0 = default for every year). get: the year's
 * value, else year 0's, else TC_ENOTFOUND. set: audited upsert. */
int store_setting_get(struct store *st, int year, const char *key, char *out, size_t n,
		      struct tc_err *err);
int store_setting_set(struct store *st, int year, const char *key, const char *value,
		      struct tc_err *err);

/* Holidays added by administrators (on top of data/holidays.csv). basis:
 * announced|statutory|provisional; type: off|workday. Audited upsert. */
int store_holiday_set(struct store *st, const char *day, const char *name, const char *basis,
		      const char *type, struct tc_err *err);
/* Appends them to `out` as holidays.csv rows ("date,name,basis,type\n"),
 * ready for cal_holidays_parse after the shipped list. */
int store_holiday_csv(struct store *st, struct buf *out, struct tc_err *err);

struct store_objection {
	int64_t id;
	int64_t assessment_id;
	char name[128];            /* "" = anonymous */
	char contact[256];
	char body[5001];
	char at[21];               /* filled by the store */
	char status[16];           /* new considered dismissed */
	char note[1024];
};

/* Adds a public objection (audited, actor as set). TC_EINPUT when contact or
 * body is empty or too long. */
int store_objection_add(struct store *st, const struct store_objection *o, int64_t *id,
			struct tc_err *err);
typedef int (*store_objection_cb)(const struct store_objection *o, void *ctx);
int store_objection_list(struct store *st, int64_t assessment_id, store_objection_cb cb,
			 void *ctx, struct tc_err *err);
long store_objection_count(struct store *st, int64_t assessment_id, struct tc_err *err);
long store_evidence_count(struct store *st, int64_t assessment_id, struct tc_err *err);

/* ---- Bulk import of assessments (imports; bench) ------------------------ */

/* Adds one assessment with its n_in inputs and n_ind indicator values (and
 * a->total, a->recognised) in one call: the rows of store_assessment_add,
 * store_input_set and store_indicator_set, but ONE audit entry (action
 * "import", entity "assessment", key the new id) whose `after` is
 * {"assessment":{row},"inputs":[[item,field,value],...],
 *  "indicators":[[item,computed],...]} (computed in hundredths, null for
 * none; an indicator with self, reviewed, comment or official set is
 * [item,computed,self,reviewed,comment,official_id]) instead of one per row,
 * which made the audit log 25 times the data and the import 100 times
 * slower than the file (bench/README.md). Same checks and errors as
 * store_assessment_add.
 * `unit`: the unit store_unit_at_year() gave for (a->unit_code, a->year)
 * when the caller has already looked it up (the import checks it first for
 * its FILE:LINE message), or NULL to look it up here; its level is checked
 * either way, and the foreign key checks that it exists.
 * Transactions: called outside a transaction it is one (all or nothing).
 * Called inside one the caller opened with store_begin() (an import of a
 * whole file) it adds no savepoint of its own: on failure part of the
 * assessment may be written and the caller MUST store_rollback() (which
 * scores_import does: one file, one transaction). */
int store_assessment_import(struct store *st, const struct store_assessment *a,
			    const struct store_unit *unit, const struct store_input *in,
			    size_t n_in, const struct store_indicator *ind, size_t n_ind,
			    int64_t *id, struct tc_err *err);

/* ---- Uploaded rule sets (webgaps, migration 006) ------------------------- */

/* A rule-set file an administrator uploaded (app/registry.h loads them).
 * Rows are never changed or deleted; a new version is a new row. */
#define STORE_RULESET_MAX ((size_t)1 << 20)   /* bytes of one file */

struct store_ruleset {
	int64_t id;              /* upload number; the highest is the generation */
	char ruleset_id[64];
	char version[64];
	char title[512];
	int year_from, year_to;
	char file_name[256];
	char sha256[65];
	int64_t size;
	char uploaded_at[21];
	char uploaded_by[64];
	const char *text;        /* the file; valid during the callback only (list) */
};

/* Stores one validated rule-set file (the caller parsed it: r->ruleset_id,
 * version, title and years come from the file; r->sha256, size, uploaded_*
 * and id are filled here) in one transaction with its audit entry (action
 * "insert", entity "ruleset", key "ID@VERSION"; the text itself is not
 * copied into the audit log, its SHA-256 is).
 * Conflicts: the same ruleset_id and version already stored with the same
 * text is not an error: nothing is written and *existed is set to 1 (r->id
 * is the stored row); with another text it is TC_ECONFLICT. TC_EINPUT for an
 * empty or oversized text, or a field that is empty or too long. */
int store_ruleset_add(struct store *st, struct store_ruleset *r, const char *text,
		      size_t len, int *existed, struct tc_err *err);
/* Every stored upload in upload order (id ascending), text included. cb
 * returning nonzero stops the walk. */
typedef int (*store_ruleset_cb)(const struct store_ruleset *r, void *ctx);
int store_ruleset_list(struct store *st, store_ruleset_cb cb, void *ctx, struct tc_err *err);
/* The highest upload id (0 = none): cheap, read on every request that uses
 * rule sets to notice another process's upload. -1 on a database error. */
int64_t store_ruleset_generation(struct store *st, struct tc_err *err);

/* ---- Pilot: edits and attachments (pilot, migration 007) ----------------
 * Owner: the pilot work (src/web/pilotpages.c). Each change is one
 * transaction, audited like the rest of the pilot section. Files are stored
 * like evidence (evidence_blob, same types and size limit, SHA-256). */

/* Replaces name, position, phone and e-mail of official o->id (not its
 * commune). TC_ENOTFOUND if there is none; TC_EINPUT on an empty name. */
int store_official_update(struct store *st, const struct store_official *o,
			  struct tc_err *err);
/* Replaces date, place, topic, trainer, materials and plan of training
 * t->id and its attendee list (n ids). TC_EINPUT on an unknown attendee. */
int store_training_update(struct store *st, const struct store_training *t,
			  const int64_t *attendees, size_t n, struct tc_err *err);
/* Replaces group, title, commune, responsible unit and person and deadline
 * of task t->id (its status changes only through progress notes). */
int store_plan_task_update(struct store *st, const struct store_plan_task *t,
			   struct tc_err *err);
/* Attaches (replaces) the plan's official document. TC_EINPUT like
 * store_evidence_add (empty, too big, refused type, bad name). */
int store_plan_file(struct store *st, int64_t plan_id, const char *name, const char *mime,
		    const void *data, size_t len, struct tc_err *err);

struct store_task_file {
	int64_t id;
	int64_t task_id;
	char sha256[65];
	char original_name[256];
	char mime_type[80];
	int64_t size;
	char uploaded_at[21];
	char uploaded_by[64];
};
/* An evidence file of a task; TC_ECONFLICT if the same content is already
 * attached to it. *out may be NULL. */
int store_task_file_add(struct store *st, int64_t task_id, const char *name, const char *mime,
			const void *data, size_t len, struct store_task_file *out,
			struct tc_err *err);
typedef int (*store_task_file_cb)(const struct store_task_file *f, void *ctx);
int store_task_file_list(struct store *st, int64_t task_id, store_task_file_cb cb, void *ctx,
			 struct tc_err *err);
/* Changes target year, New Rural year and kind of a pilot commune already
 * in the plan (the commune must exist in the new target year's list).
 * TC_ENOTFOUND if the plan does not have it. */
int store_plan_pilot_update(struct store *st, const struct store_plan_pilot *pp,
			    struct tc_err *err);
/* The inspection with that id (any scope: callers gate on its commune). */
int store_inspection_get(struct store *st, int64_t id, struct store_inspection *out,
			 struct tc_err *err);
/* The training with that id within scope (NULL = any). */
int store_training_get(struct store *st, int64_t id, const struct store_scope *scope,
		       struct store_training *out, struct tc_err *err);

/* ---- Change counter (web response cache) ------------------------------- */

/* The number of write transactions committed to this database so far, by
 * any process (table store_change, migration 008): it grows by one inside
 * every committed store transaction, so two equal readings mean no committed
 * data changed in between. One indexed single-row read. `tiepcan serve`
 * keys its response cache by it (web/rcache.h). */
int store_change_seq(struct store *st, int64_t *seq, struct tc_err *err);

/* ---- Dashboard: pilot communes and reviewers (reports) ------------------
 *
 * Two more live aggregates for the dashboard (report/dash.h), portable SQL
 * (no casts, no division: sums and counts come back and the caller divides
 * exactly, so SQLite and PostgreSQL give the same figures).
 */

struct store_dash_pilot {
	int pilot;          /* 1 = pilot communes, 0 = the rest */
	long assessed, scored, recognised, decided;
	int64_t sum_total;  /* sum of the totals of the scored ones (hundredths) */
};
typedef int (*store_dash_pilot_cb)(const struct store_dash_pilot *p, void *ctx);
/* The year's assessments in scope split into pilot communes and the rest,
 * pilot group first (a group without assessments is not reported). A
 * commune is a pilot in `year` when a plan of that year or earlier, not
 * cancelled, lists it as kind 'pilot' (plan_pilot), or when it descends from
 * such a commune through unit_lineage (same code carried into a later list,
 * or a merger that absorbed it). */
int store_dash_pilot(struct store *st, int year, const struct store_scope *scope,
		     store_dash_pilot_cb cb, void *ctx, struct tc_err *err);

struct store_dash_reviewer {
	char reviewer[128];  /* review_item.reviewer: the actor who wrote the review */
	long dossiers;       /* assessments with at least one indicator having both
				self-assessed and reviewed points by this reviewer */
	long large;          /* of which |self - reviewed| >= threshold */
	int64_t sum_abs;     /* sum over those dossiers of |self - reviewed| */
	int64_t max_abs;     /* the largest |self - reviewed| */
	int64_t sum_signed;  /* sum of (self - reviewed): > 0 = reviewer cut points */
};
typedef int (*store_dash_reviewer_cb)(const struct store_dash_reviewer *r, void *ctx);
/* Gaps between self-assessed and reviewed points per reviewer, for the
 * year's assessments in scope. Per dossier and reviewer the gap is the sum
 * of self_pts minus the sum of the reviewer's reviewed_pts over the
 * indicators that reviewer scored (review_item) and the commune
 * self-assessed. Rows in no particular order. */
int store_dash_reviewer_gaps(struct store *st, int year, const struct store_scope *scope,
			     tc_pts threshold, store_dash_reviewer_cb cb, void *ctx,
			     struct tc_err *err);

/* ---- Pilot: deletions (pilotdel) ------------------------------------------
 * Owner: the pilot work (src/web/pilotdel.c). Each deletion is one
 * transaction with one audit entry (action "delete", the row as it was in
 * `before`, no `after`). TC_ENOTFOUND when there is nothing to delete.
 * Evidence blobs (evidence_blob) are never removed: they are content-addressed
 * and may be shared; the audit entry keeps the hashes of the files let go. */

/* Deletes task `id` with its progress notes and its files' rows. */
int store_plan_task_delete(struct store *st, int64_t id, struct tc_err *err);
/* Deletes training `id` with its attendee rows (the officials stay). */
int store_training_delete(struct store *st, int64_t id, struct tc_err *err);
/* Deletes inspection `id` (its checklist lives in the row's text). */
int store_inspection_delete(struct store *st, int64_t id, struct tc_err *err);
/* Takes commune `unit_code` out of plan `plan_id`. Duty assignments are per
 * commune and year (table duty), not per plan, and stay. */
int store_plan_pilot_delete(struct store *st, int64_t plan_id, const char *unit_code,
			    struct tc_err *err);
/* Detaches the plan's document (the plan row stays; TC_ENOTFOUND if the plan
 * has none). Audited as ("delete", "plan_file"). */
int store_plan_file_delete(struct store *st, int64_t plan_id, struct tc_err *err);

/* What still refers to an official. */
struct store_official_refs {
	long duties;      /* duty: indicators (or focal point) it answers for */
	long handovers;   /* duty_handover rows naming it (history) */
	long trainings;   /* training_attendee rows */
	long accounts;    /* app_user rows linked to it */
	long indicators;  /* indicator_value rows naming it responsible */
};
int store_official_refs(struct store *st, int64_t id, struct store_official_refs *out,
			struct tc_err *err);
/* Deletes official `id` only when nothing refers to it (store_official_refs
 * all zero, checked inside the transaction); TC_ECONFLICT otherwise. */
int store_official_delete(struct store *st, int64_t id, struct tc_err *err);

#endif
