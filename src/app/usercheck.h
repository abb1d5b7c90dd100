/* usercheck.h — the rules for a web account, shared by `tiepcan user` and
 * the admin pages: login syntax, role, the unit that scopes the role, the
 * display name. Each problem has an English message (CLI) and a Vietnamese
 * one (web forms, shown next to the field).
 *
 *   commune           --unit = a commune code (5 digits): scope that unit
 *   reviewer, council --unit = a province (2 digits) or district (3 digits)
 *   admin             no unit: scope everything
 */
#ifndef TC_USERCHECK_H
#define TC_USERCHECK_H

#include <stdbool.h>

#include "store/store.h"
#include "util/err.h"

enum uc_problem {
	UC_OK,
	UC_LOGIN_EMPTY,
	UC_LOGIN_CHARS,
	UC_LOGIN_LONG,
	UC_ROLE,
	UC_UNIT_MISSING,
	UC_UNIT_COMMUNE,    /* not 5 digits for a commune account */
	UC_UNIT_AREA,       /* not 2 or 3 digits for a reviewer/council */
	UC_UNIT_ADMIN,      /* a unit given for an admin */
	UC_UNIT_UNKNOWN,    /* no such unit in any vintage (uc_unit_exists) */
	UC_NAME,            /* not UTF-8 or over 127 bytes */
};

/* Per-field problems of one account (UC_OK = fine). */
struct uc_problems {
	enum uc_problem login, role, unit, name;
};

const char *uc_message_en(enum uc_problem p);
const char *uc_message_vi(enum uc_problem p);

/* Normalises a login (trim spaces, lower-case ASCII) into out and checks its
 * syntax: 1-64 of a-z 0-9 . _ - . Returns the problem. */
enum uc_problem uc_check_login(const char *in, char out[65]);

/* Checks every field and fills u's username, display_name (login when name
 * is NULL/empty), role, scope and active=1. true if all are fine. */
bool uc_check(struct store_user *u, const char *login, const char *role, const char *unit,
	      const char *name, struct uc_problems *p);

/* CLI forms: uc_check / uc_check_login with the first problem as a
 * TC_EINPUT error naming the option. */
int uc_fill(struct store_user *u, const char *login, const char *role, const char *unit,
	    const char *name, struct tc_err *err);
int uc_login(const char *in, char out[65], struct tc_err *err);

/* The scope's unit exists (at the right level) in some vintage: TC_EINPUT
 * (UC_UNIT_UNKNOWN's message) if not. Admins need nothing. */
int uc_unit_exists(struct store *st, const struct store_user *u, struct tc_err *err);

#endif
