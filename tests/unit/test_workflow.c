/* Unit tests for the assessment workflow state machine (core/workflow). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/workflow.h"

/* The whole happy path with a return for supplement, step by step. */
static void test_journey(void **state)
{
	(void)state;
	static const struct {
		enum wf_event e;
		enum wf_role who;
		enum wf_state after;
	} steps[] = {
		{WF_EDIT, WF_ROLE_COMMUNE, WF_DRAFT},
		{WF_SIGN_OFF, WF_ROLE_COMMUNE, WF_SIGNED},
		{WF_SUBMIT, WF_ROLE_COMMUNE, WF_SUBMITTED},
		{WF_RETURN, WF_ROLE_REVIEWER, WF_RETURNED},
		{WF_EDIT, WF_ROLE_COMMUNE, WF_RETURNED},
		{WF_RESUBMIT, WF_ROLE_COMMUNE, WF_SUBMITTED},
		{WF_REVIEW, WF_ROLE_REVIEWER, WF_REVIEWED},
		{WF_COUNCIL_RECORD, WF_ROLE_COUNCIL, WF_COUNCIL},
		{WF_DECIDE, WF_ROLE_REVIEWER, WF_RECOGNISED},
	};
	enum wf_state s = WF_DRAFT;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		assert_true(wf_allowed(s, steps[i].e, steps[i].who));
		assert_int_equal(wf_next(s, steps[i].e, true, &s), 0);
		assert_int_equal(s, steps[i].after);
	}
}

static void test_forbidden(void **state)
{
	(void)state;
	/* A commune cannot review, decide or edit a submitted dossier. */
	assert_false(wf_allowed(WF_SUBMITTED, WF_REVIEW, WF_ROLE_COMMUNE));
	assert_false(wf_allowed(WF_COUNCIL, WF_DECIDE, WF_ROLE_COMMUNE));
	assert_false(wf_allowed(WF_SUBMITTED, WF_EDIT, WF_ROLE_COMMUNE));
	/* A reviewer cannot sign off for the commune. */
	assert_false(wf_allowed(WF_DRAFT, WF_SIGN_OFF, WF_ROLE_REVIEWER));
	/* Steps cannot be skipped. */
	enum wf_state s = WF_DRAFT;
	assert_int_equal(wf_next(WF_DRAFT, WF_SUBMIT, false, &s), -1);
	assert_int_equal(wf_next(WF_SUBMITTED, WF_DECIDE, true, &s), -1);
	assert_int_equal(s, WF_DRAFT);
	/* Only an admin reopens, and not a draft. */
	assert_true(wf_allowed(WF_RECOGNISED, WF_REOPEN, WF_ROLE_ADMIN));
	assert_false(wf_allowed(WF_RECOGNISED, WF_REOPEN, WF_ROLE_REVIEWER));
	assert_false(wf_allowed(WF_DRAFT, WF_REOPEN, WF_ROLE_ADMIN));
	assert_int_equal(wf_next(WF_COUNCIL, WF_DECIDE, false, &s), 0);
	assert_int_equal(s, WF_NOT_RECOGNISED);
}

static void test_names(void **state)
{
	(void)state;
	for (int i = 0; i < WF_N_STATES; i++) {
		enum wf_state s;
		assert_int_equal(wf_state_parse(wf_state_name((enum wf_state)i), &s), 0);
		assert_int_equal(s, i);
	}
	for (int i = 0; i < WF_N_EVENTS; i++) {
		enum wf_event e;
		assert_int_equal(wf_event_parse(wf_event_name((enum wf_event)i), &e), 0);
		assert_int_equal(e, i);
	}
	enum wf_role r;
	assert_int_equal(wf_role_parse("council", &r), 0);
	assert_int_equal(r, WF_ROLE_COUNCIL);
	assert_int_equal(wf_role_parse("public", &r), -1);
	assert_string_equal(wf_state_label(WF_RETURNED), "Trả lại để bổ sung");
	assert_true(wf_editable(WF_RETURNED));
	assert_false(wf_editable(WF_SIGNED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_journey),
		cmocka_unit_test(test_forbidden),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
