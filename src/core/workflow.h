/* workflow.h — the life of one assessment (one commune, one year), as a pure
 * state machine: which step may follow which, and which role may take it.
 *
 *   draft ──sign_off──▶ signed ──submit──▶ submitted ──review──▶ reviewed
 *     ▲  (commune)        (commune,          │  ▲   (reviewer)      │
 *     │                    after posting)    │  │                   │ council
 *     └─────────── returned ◀──return────────┘  │                   ▼ (reviewer|council)
 *     (edit allowed)   │      (reviewer)        │               council
 *                      └────resubmit────────────┘                   │ decide
 *                           (commune)                               ▼ (reviewer|admin)
 *                                                     recognised | not_recognised
 *
 * - draft:     the commune fills in figures (edit allowed).
 * - signed:    the chairman signed off the self-assessment: that date is the
 *              completion of self-scoring and starts the public posting period
 *              (its end is computed in working days by core/calendar).
 * - submitted: the dossier is with the reviewer (district/province justice).
 * - returned:  the reviewer asked for a supplement with a deadline; the
 *              commune may edit again, then resubmits.
 * - reviewed:  every indicator has a reviewed score; ready for the council.
 * - council:   the evaluation council met (members, opinions, outcome).
 * - recognised / not_recognised: the competent chairman's decision.
 * `reopen` (admin only) puts a decided or stuck assessment back to draft;
 * it is audited like every transition.
 *
 * Pure: no I/O, no clock. Time rules (submit only after the posting period,
 * supplement deadlines) are checked by the caller with core/calendar, because
 * they need dates and holidays. Owner: workflow.c.
 */
#ifndef TC_WORKFLOW_H
#define TC_WORKFLOW_H

#include <stdbool.h>

enum wf_state {
	WF_DRAFT,
	WF_SIGNED,
	WF_SUBMITTED,
	WF_RETURNED,
	WF_REVIEWED,
	WF_COUNCIL,
	WF_RECOGNISED,
	WF_NOT_RECOGNISED,
	WF_N_STATES
};

enum wf_event {
	WF_EDIT,      /* change figures, comments, evidence (no state change) */
	WF_SIGN_OFF,
	WF_SUBMIT,
	WF_RETURN,
	WF_RESUBMIT,
	WF_REVIEW,    /* reviewer finished the per-indicator review */
	WF_COUNCIL_RECORD,
	WF_DECIDE,    /* outcome chooses recognised / not_recognised */
	WF_REOPEN,
	WF_N_EVENTS
};

enum wf_role { WF_ROLE_COMMUNE, WF_ROLE_REVIEWER, WF_ROLE_COUNCIL, WF_ROLE_ADMIN, WF_N_ROLES };

/* Stable ASCII names (stored in the database, used in the API):
 * "draft", "signed", ...; events "edit", "sign_off", ...; roles "commune",
 * "reviewer", "council", "admin". */
const char *wf_state_name(enum wf_state s);
const char *wf_event_name(enum wf_event e);
const char *wf_role_name(enum wf_role r);
/* Vietnamese labels for pages: "Dự thảo", "Đã ký duyệt tự đánh giá", ... */
const char *wf_state_label(enum wf_state s);
const char *wf_event_label(enum wf_event e);

/* Parse a stable name; -1 if unknown. */
int wf_state_parse(const char *name, enum wf_state *out);
int wf_event_parse(const char *name, enum wf_event *out);
int wf_role_parse(const char *name, enum wf_role *out);

/* May `role` take `event` in state `s`? (Scope — whose commune — is the
 * caller's check; this is only about the step.) */
bool wf_allowed(enum wf_state s, enum wf_event e, enum wf_role role);

/* The state after `event` in `s`; `recognised` picks the outcome of
 * WF_DECIDE. Returns -1 (and leaves *out) if the event is not possible in
 * `s` for any role. WF_EDIT leaves the state unchanged. */
int wf_next(enum wf_state s, enum wf_event e, bool recognised, enum wf_state *out);

/* Whether the commune may change figures and evidence in this state. */
bool wf_editable(enum wf_state s);

#endif
