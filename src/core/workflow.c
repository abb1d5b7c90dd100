/* workflow.c — see workflow.h. Tables, not code paths: one row per event. */
#include "core/workflow.h"

#include <string.h>

static const char *const state_names[WF_N_STATES] = {
	"draft", "signed", "submitted", "returned", "reviewed", "council",
	"recognised", "not_recognised",
};

static const char *const state_labels[WF_N_STATES] = {
	"Dự thảo",
	"Đã ký duyệt tự đánh giá",
	"Đã gửi hồ sơ",
	"Trả lại để bổ sung",
	"Đã thẩm định",
	"Đã họp Hội đồng",
	"Được công nhận đạt chuẩn",
	"Không được công nhận",
};

static const char *const event_names[WF_N_EVENTS] = {
	"edit", "sign_off", "submit", "return", "resubmit", "review",
	"council", "decide", "reopen",
};

static const char *const event_labels[WF_N_EVENTS] = {
	"Cập nhật số liệu",
	"Chủ tịch ký duyệt tự đánh giá",
	"Gửi hồ sơ đề nghị công nhận",
	"Trả lại để bổ sung",
	"Gửi lại hồ sơ đã bổ sung",
	"Hoàn thành thẩm định",
	"Ghi nhận kết quả họp Hội đồng",
	"Ghi nhận quyết định công nhận",
	"Mở lại hồ sơ",
};

static const char *const role_names[WF_N_ROLES] = {"commune", "reviewer", "council", "admin"};

#define R(x) (1u << (x))
#define ANY_STATE 0xFFFFu

/* One row per event: the states it may start from, the state it leads to
 * (-1: unchanged, -2: decided by the outcome), and the roles allowed. */
struct rule {
	unsigned from;   /* bit set of wf_state */
	int to;
	unsigned roles;  /* bit set of wf_role */
};

static const struct rule rules[WF_N_EVENTS] = {
	[WF_EDIT] = {R(WF_DRAFT) | R(WF_RETURNED), -1, R(WF_ROLE_COMMUNE)},
	[WF_SIGN_OFF] = {R(WF_DRAFT), WF_SIGNED, R(WF_ROLE_COMMUNE)},
	[WF_SUBMIT] = {R(WF_SIGNED), WF_SUBMITTED, R(WF_ROLE_COMMUNE)},
	[WF_RETURN] = {R(WF_SUBMITTED), WF_RETURNED, R(WF_ROLE_REVIEWER)},
	[WF_RESUBMIT] = {R(WF_RETURNED), WF_SUBMITTED, R(WF_ROLE_COMMUNE)},
	[WF_REVIEW] = {R(WF_SUBMITTED), WF_REVIEWED, R(WF_ROLE_REVIEWER)},
	[WF_COUNCIL_RECORD] = {R(WF_REVIEWED), WF_COUNCIL,
			       R(WF_ROLE_REVIEWER) | R(WF_ROLE_COUNCIL)},
	[WF_DECIDE] = {R(WF_COUNCIL), -2, R(WF_ROLE_REVIEWER) | R(WF_ROLE_ADMIN)},
	[WF_REOPEN] = {ANY_STATE & ~R(WF_DRAFT), WF_DRAFT, R(WF_ROLE_ADMIN)},
};

const char *wf_state_name(enum wf_state s)
{
	return (unsigned)s < WF_N_STATES ? state_names[s] : "?";
}

const char *wf_event_name(enum wf_event e)
{
	return (unsigned)e < WF_N_EVENTS ? event_names[e] : "?";
}

const char *wf_role_name(enum wf_role r)
{
	return (unsigned)r < WF_N_ROLES ? role_names[r] : "?";
}

const char *wf_state_label(enum wf_state s)
{
	return (unsigned)s < WF_N_STATES ? state_labels[s] : "?";
}

const char *wf_event_label(enum wf_event e)
{
	return (unsigned)e < WF_N_EVENTS ? event_labels[e] : "?";
}

static int find(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int wf_state_parse(const char *name, enum wf_state *out)
{
	int i = find(state_names, WF_N_STATES, name);
	if (i < 0)
		return -1;
	*out = (enum wf_state)i;
	return 0;
}

int wf_event_parse(const char *name, enum wf_event *out)
{
	int i = find(event_names, WF_N_EVENTS, name);
	if (i < 0)
		return -1;
	*out = (enum wf_event)i;
	return 0;
}

int wf_role_parse(const char *name, enum wf_role *out)
{
	int i = find(role_names, WF_N_ROLES, name);
	if (i < 0)
		return -1;
	*out = (enum wf_role)i;
	return 0;
}

bool wf_allowed(enum wf_state s, enum wf_event e, enum wf_role role)
{
	if ((unsigned)s >= WF_N_STATES || (unsigned)e >= WF_N_EVENTS ||
	    (unsigned)role >= WF_N_ROLES)
		return false;
	return (rules[e].from & R(s)) && (rules[e].roles & R(role));
}

int wf_next(enum wf_state s, enum wf_event e, bool recognised, enum wf_state *out)
{
	if ((unsigned)s >= WF_N_STATES || (unsigned)e >= WF_N_EVENTS ||
	    !(rules[e].from & R(s)))
		return -1;
	if (rules[e].to == -1)
		*out = s;
	else if (rules[e].to == -2)
		*out = recognised ? WF_RECOGNISED : WF_NOT_RECOGNISED;
	else
		*out = (enum wf_state)rules[e].to;
	return 0;
}

bool wf_editable(enum wf_state s)
{
	return (unsigned)s < WF_N_STATES && (rules[WF_EDIT].from & R(s));
}
