/* usercheck.c — account rules shared by the CLI and the admin pages (see
 * usercheck.h). */
#include "app/usercheck.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/workflow.h"
#include "util/utf8.h"

static const char *const MSG_EN[] = {
	[UC_OK] = "",
	[UC_LOGIN_EMPTY] = "--login: give a login name",
	[UC_LOGIN_CHARS] = "--login: use only a-z, 0-9, '.', '_' and '-' (no spaces, no accents)",
	[UC_LOGIN_LONG] = "--login: at most 64 characters",
	[UC_ROLE] = "--role: expected commune, reviewer, council or admin",
	[UC_UNIT_MISSING] = "--unit: required for this role (commune: the commune code; "
			    "reviewer/council: the province or district code)",
	[UC_UNIT_COMMUNE] = "--unit: a commune account needs a commune code of 5 digits "
			    "(e.g. 01417)",
	[UC_UNIT_AREA] = "--unit: a reviewer or council account needs a province code (2 "
			 "digits, e.g. 04) or a district code (3 digits, e.g. 043)",
	[UC_UNIT_ADMIN] = "--unit: an admin sees everything: give no --unit",
	[UC_UNIT_UNKNOWN] = "--unit: no administrative unit with that code at that level in "
			    "any list (see 'tiepcan units')",
	[UC_NAME] = "--name: must be valid UTF-8 text of at most 127 bytes",
};

static const char *const MSG_VI[] = {
	[UC_OK] = "",
	[UC_LOGIN_EMPTY] = "Hãy nhập tên đăng nhập.",
	[UC_LOGIN_CHARS] = "Tên đăng nhập chỉ gồm chữ a-z không dấu, chữ số, dấu chấm, gạch "
			   "dưới và gạch ngang.",
	[UC_LOGIN_LONG] = "Tên đăng nhập dài tối đa 64 ký tự.",
	[UC_ROLE] = "Hãy chọn vai trò: cán bộ xã, cán bộ thẩm định, thành viên Hội đồng hoặc "
		    "quản trị.",
	[UC_UNIT_MISSING] = "Hãy nhập mã đơn vị: mã xã (cán bộ xã) hoặc mã tỉnh, huyện (thẩm "
			    "định, Hội đồng).",
	[UC_UNIT_COMMUNE] = "Tài khoản cán bộ xã cần mã xã gồm 5 chữ số (ví dụ 01417).",
	[UC_UNIT_AREA] = "Tài khoản thẩm định hoặc Hội đồng cần mã tỉnh (2 chữ số, ví dụ 04) "
			 "hoặc mã huyện (3 chữ số).",
	[UC_UNIT_ADMIN] = "Tài khoản quản trị không gắn với đơn vị: để trống mã đơn vị.",
	[UC_UNIT_UNKNOWN] = "Không có đơn vị hành chính nào với mã này ở cấp tương ứng.",
	[UC_NAME] = "Họ tên dài tối đa 127 byte.",
};

const char *uc_message_en(enum uc_problem p)
{
	return (unsigned)p < sizeof MSG_EN / sizeof MSG_EN[0] ? MSG_EN[p] : "";
}

const char *uc_message_vi(enum uc_problem p)
{
	return (unsigned)p < sizeof MSG_VI / sizeof MSG_VI[0] ? MSG_VI[p] : "";
}

enum uc_problem uc_check_login(const char *in, char out[65])
{
	out[0] = '\0';
	while (in && *in == ' ')
		in++;
	size_t n = in ? strlen(in) : 0;
	while (n && in[n - 1] == ' ')
		n--;
	if (n == 0)
		return UC_LOGIN_EMPTY;
	if (n > 64)
		return UC_LOGIN_LONG;
	for (size_t i = 0; i < n; i++) {
		char c = (char)tolower((unsigned char)in[i]);
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return UC_LOGIN_CHARS;
		out[i] = c;
	}
	out[n] = '\0';
	return UC_OK;
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static enum uc_problem check_unit(struct store_user *u, enum wf_role role, const char *unit)
{
	bool empty = unit == NULL || unit[0] == '\0';
	if (role == WF_ROLE_ADMIN) {
		u->scope.kind = STORE_SCOPE_ALL;
		return empty ? UC_OK : UC_UNIT_ADMIN;
	}
	if (empty)
		return UC_UNIT_MISSING;
	if (role == WF_ROLE_COMMUNE) {
		if (!all_digits(unit, 5))
			return UC_UNIT_COMMUNE;
		u->scope.kind = STORE_SCOPE_UNIT;
	} else if (all_digits(unit, 2)) {
		u->scope.kind = STORE_SCOPE_PROVINCE;
	} else if (all_digits(unit, 3)) {
		u->scope.kind = STORE_SCOPE_DISTRICT;
	} else {
		return UC_UNIT_AREA;
	}
	snprintf(u->scope.code, sizeof u->scope.code, "%s", unit);
	return UC_OK;
}

bool uc_check(struct store_user *u, const char *login, const char *role, const char *unit,
	      const char *name, struct uc_problems *p)
{
	memset(p, 0, sizeof *p);
	p->login = uc_check_login(login, u->username);
	enum wf_role r = WF_ROLE_COMMUNE;
	if (role == NULL || wf_role_parse(role, &r) != 0)
		p->role = UC_ROLE;
	else {
		snprintf(u->role, sizeof u->role, "%s", wf_role_name(r));
		p->unit = check_unit(u, r, unit);
	}
	if (name && name[0]) {
		size_t n = strlen(name);
		if (n >= sizeof u->display_name || !utf8_valid(name, n, NULL))
			p->name = UC_NAME;
		else
			memcpy(u->display_name, name, n + 1);
	} else {
		snprintf(u->display_name, sizeof u->display_name, "%s", u->username);
	}
	u->active = 1;
	return !p->login && !p->role && !p->unit && !p->name;
}

int uc_fill(struct store_user *u, const char *login, const char *role, const char *unit,
	    const char *name, struct tc_err *err)
{
	struct uc_problems p;
	if (uc_check(u, login, role, unit, name, &p))
		return 0;
	enum uc_problem first = p.login ? p.login : p.role ? p.role : p.unit ? p.unit : p.name;
	return tc_err_set(err, TC_EINPUT, "%s", uc_message_en(first));
}

int uc_login(const char *in, char out[65], struct tc_err *err)
{
	enum uc_problem p = uc_check_login(in, out);
	return p ? tc_err_set(err, TC_EINPUT, "%s", uc_message_en(p)) : 0;
}

struct level_ctx {
	const char *level;
	bool found;
};

static int level_cb(const struct store_unit *u, void *ctx)
{
	struct level_ctx *l = ctx;
	if (strcmp(u->level, l->level) == 0)
		l->found = true;
	return l->found;
}

int uc_unit_exists(struct store *st, const struct store_user *u, struct tc_err *err)
{
	static const char *const LEVEL[] = {"", "province", "district", "commune"};
	if (u->scope.kind == STORE_SCOPE_ALL)
		return 0;
	struct level_ctx l = {LEVEL[u->scope.kind], false};
	if (store_unit_versions(st, u->scope.code, level_cb, &l, err) != 0)
		return -1;
	if (!l.found)
		return tc_err_set(err, TC_EINPUT, "%s: '%s'", uc_message_en(UC_UNIT_UNKNOWN),
				  u->scope.code);
	return 0;
}
