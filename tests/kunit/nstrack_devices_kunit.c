// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite nstrack_devices: why a device leaves its namespace
 * (nstrack_dev_reason() of kmod/devices.c), for every state of the record
 * of that namespace and for a move as well as a removal.
 */

#include "nstrack_kunit.h"
#include "devices.h"

struct reason_case {
	u8 state;	/* of the namespace left; 0: untracked (no record) */
	bool move;
	u8 reason;
	const char *desc;
};

static const struct reason_case reason_cases[] = {
	/* an untracked namespace: a move's cause cannot be told */
	{ 0, true, NSTRACK_REASON_UNKNOWN, "untracked, move" },
	{ 0, false, NSTRACK_REASON_UNREGISTER, "untracked, removal" },
	/* a live namespace: whatever was asked for */
	{ NSTRACK_NETNS_STATE_ALIVE, true, NSTRACK_REASON_USER,
	  "alive, move" },
	{ NSTRACK_NETNS_STATE_ALIVE, false, NSTRACK_REASON_UNREGISTER,
	  "alive, removal" },
	/* a namespace being dismantled pushes or destroys its devices */
	{ NSTRACK_NETNS_STATE_DYING, true, NSTRACK_REASON_NETNS_EXIT,
	  "dying, move" },
	{ NSTRACK_NETNS_STATE_DYING, false, NSTRACK_REASON_NETNS_EXIT,
	  "dying, removal" },
	{ NSTRACK_NETNS_STATE_DEAD, true, NSTRACK_REASON_NETNS_EXIT,
	  "dead, move" },
	{ NSTRACK_NETNS_STATE_DEAD, false, NSTRACK_REASON_NETNS_EXIT,
	  "dead, removal" },
};

KUNIT_ARRAY_PARAM_DESC(reason, reason_cases, desc);

static void dev_reason_by_state_and_move(struct kunit *test)
{
	const struct reason_case *c = test->param_value;
	struct nstrack_netns *from = NULL;

	if (c->state) {
		from = kunit_kzalloc(test, sizeof(*from), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, from);
		from->state = c->state;
		from->cookie = 77;
		from->inode = 0xf0000077;
	}
	KUNIT_EXPECT_EQ_MSG(test, nstrack_dev_reason(from, c->move), c->reason,
			    "%s", c->desc);
}

static struct kunit_case nstrack_devices_cases[] = {
	KUNIT_CASE_PARAM(dev_reason_by_state_and_move, reason_gen_params),
	{}
};

static struct kunit_suite nstrack_devices_suite = {
	.name = "nstrack_devices",
	.test_cases = nstrack_devices_cases,
};

kunit_test_suite(nstrack_devices_suite);
