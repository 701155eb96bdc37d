// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite nstrack_events: sequence numbers and the bounded ring of the
 * event history (kmod/events.c).
 *
 * The ring's size is read by nstrack_events_init() only, so each case
 * remakes the ring with the size it needs; nstrack_kunit_exit() frees it
 * and restores the module parameter.  Every call into events.c is made
 * under the registry lock, as the module makes it, and the results are
 * checked after the lock is dropped, so that a failed assertion never
 * leaves it held.
 */

#include <linux/sched.h>
#include <linux/timekeeping.h>

#include "nstrack_kunit.h"

/* An empty ring of @size events in place of the one the init made. */
static void events_remake(struct kunit *test, unsigned int size)
{
	struct nstrack_kunit_ctx *ctx = test->priv;

	nstrack_events_exit();
	ctx->events_up = false;
	nstrack_event_history_size = size;
	KUNIT_ASSERT_EQ(test, nstrack_events_init(), 0);
	ctx->events_up = true;
}

/* Log an event of @type; returns the record kept for it, if any. */
static struct nstrack_event *ev_add(u8 type)
{
	struct nstrack_event ev = { .type = type };
	struct nstrack_event *kept;

	spin_lock(&nstrack_registry_lock);
	kept = nstrack_event_get(nstrack_event_log(&ev));
	spin_unlock(&nstrack_registry_lock);
	return kept;
}

static struct nstrack_event *ev_get(u64 seq)
{
	struct nstrack_event *ev;

	spin_lock(&nstrack_registry_lock);
	ev = nstrack_event_get(seq);
	spin_unlock(&nstrack_registry_lock);
	return ev;
}

static u64 ev_last(void)
{
	u64 seq;

	spin_lock(&nstrack_registry_lock);
	seq = nstrack_event_last();
	spin_unlock(&nstrack_registry_lock);
	return seq;
}

static u64 ev_oldest(void)
{
	u64 seq;

	spin_lock(&nstrack_registry_lock);
	seq = nstrack_event_oldest();
	spin_unlock(&nstrack_registry_lock);
	return seq;
}

/* Events are numbered 1, 2, 3... from a fresh ring, never 0. */
static void seq_starts_at_one_and_ascends(struct kunit *test)
{
	struct nstrack_event *ev[4];
	unsigned int i;

	events_remake(test, 8);
	KUNIT_EXPECT_EQ(test, ev_last(), 0ull);
	KUNIT_EXPECT_EQ(test, ev_oldest(), 1ull);
	KUNIT_EXPECT_NULL(test, ev_get(0));
	KUNIT_EXPECT_NULL(test, ev_get(1));

	for (i = 0; i < ARRAY_SIZE(ev); i++) {
		ev[i] = ev_add(NSTRACK_EVENT_NETNS_NEW);
		KUNIT_ASSERT_NOT_NULL(test, ev[i]);
		KUNIT_EXPECT_EQ(test, ev[i]->seq, (u64)i + 1);
		KUNIT_EXPECT_EQ(test, ev_last(), (u64)i + 1);
		KUNIT_EXPECT_EQ(test, ev_oldest(), 1ull);
	}
	for (i = 0; i < ARRAY_SIZE(ev); i++)
		KUNIT_EXPECT_PTR_EQ(test, ev_get(i + 1), ev[i]);
	KUNIT_EXPECT_NULL(test, ev_get(0));
	KUNIT_EXPECT_NULL(test, ev_get(ARRAY_SIZE(ev) + 1));

	/* a new ring starts the sequence over */
	events_remake(test, 8);
	KUNIT_EXPECT_EQ(test, ev_last(), 0ull);
	KUNIT_EXPECT_NULL(test, ev_get(1));
	ev[0] = ev_add(NSTRACK_EVENT_NETNS_NEW);
	KUNIT_ASSERT_NOT_NULL(test, ev[0]);
	KUNIT_EXPECT_EQ(test, ev[0]->seq, 1ull);
}

/*
 * A ring of 3 after 5 events keeps 3..5: 1 and 2 were overwritten, 6 is
 * not there yet, 0 is never an event.  Each kept record is the event of
 * its number (its own type), not another one sharing its slot.
 */
static void ring_keeps_the_newest(struct kunit *test)
{
	struct nstrack_event *ev;
	u64 seq;

	events_remake(test, 3);
	for (seq = 1; seq <= 5; seq++) {
		ev = ev_add(100 + seq);
		KUNIT_ASSERT_NOT_NULL(test, ev);
		KUNIT_EXPECT_EQ(test, ev->seq, seq);
	}
	KUNIT_EXPECT_EQ(test, ev_last(), 5ull);
	KUNIT_EXPECT_EQ(test, ev_oldest(), 3ull);

	KUNIT_EXPECT_NULL(test, ev_get(0));
	KUNIT_EXPECT_NULL(test, ev_get(1));
	KUNIT_EXPECT_NULL(test, ev_get(2));
	KUNIT_EXPECT_NULL(test, ev_get(6));
	KUNIT_EXPECT_NULL(test, ev_get(U64_MAX));
	for (seq = 3; seq <= 5; seq++) {
		ev = ev_get(seq);
		KUNIT_ASSERT_NOT_NULL_MSG(test, ev, "event %llu", seq);
		KUNIT_EXPECT_EQ(test, ev->seq, seq);
		KUNIT_EXPECT_EQ(test, ev->type, 100 + seq);
	}

	/* one more pushes 3 out */
	KUNIT_ASSERT_NOT_NULL(test, ev_add(106));
	KUNIT_EXPECT_EQ(test, ev_oldest(), 4ull);
	KUNIT_EXPECT_NULL(test, ev_get(3));
	ev = ev_get(6);
	KUNIT_ASSERT_NOT_NULL(test, ev);
	KUNIT_EXPECT_EQ(test, ev->seq, 6ull);
	KUNIT_EXPECT_EQ(test, ev->type, 106);
}

/*
 * A new record has its type, a boot time taken when it was added, and
 * current's tgid and comm; everything else is what the caller gave (zero
 * here), even when the slot held an older event.
 */
static void add_records_type_time_and_task(struct kunit *test)
{
	char comm[TASK_COMM_LEN];
	struct nstrack_event *ev;
	u64 before, after, prev = 0;
	unsigned int i;

	get_task_comm(comm, current);
	events_remake(test, 2);
	for (i = 0; i < 5; i++) {
		before = ktime_get_boottime_ns();
		ev = ev_add(NSTRACK_EVENT_DEV_MOVE);
		after = ktime_get_boottime_ns();
		KUNIT_ASSERT_NOT_NULL(test, ev);

		KUNIT_EXPECT_EQ(test, ev->type, NSTRACK_EVENT_DEV_MOVE);
		KUNIT_EXPECT_NE(test, ev->time_ns, 0ull);
		KUNIT_EXPECT_GE(test, ev->time_ns, before);
		KUNIT_EXPECT_LE(test, ev->time_ns, after);
		KUNIT_EXPECT_GE(test, ev->time_ns, prev);
		prev = ev->time_ns;
		KUNIT_EXPECT_EQ(test, ev->pid, task_tgid_nr(current));
		KUNIT_EXPECT_STREQ(test, ev->comm, comm);
		KUNIT_EXPECT_EQ(test, ev->reason, 0);
		KUNIT_EXPECT_FALSE(test, ev->has_from);
		KUNIT_EXPECT_FALSE(test, ev->has_to);
		KUNIT_EXPECT_EQ(test, ev->from.cookie, 0ull);
		KUNIT_EXPECT_EQ(test, ev->to.ifindex, 0u);

		/* dirty the record: the slot comes round again at i + 2 */
		ev->reason = NSTRACK_REASON_USER;
		ev->has_from = true;
		ev->has_to = true;
		ev->from.cookie = 42;
		ev->to.ifindex = 7;
	}
}

/* No history: nothing is kept, but the numbers still go on. */
static void size_zero_keeps_nothing(struct kunit *test)
{
	u64 seq;

	events_remake(test, 0);
	KUNIT_EXPECT_EQ(test, ev_last(), 0ull);
	for (seq = 1; seq <= 3; seq++) {
		KUNIT_EXPECT_NULL(test, ev_add(NSTRACK_EVENT_NETNS_NEW));
		KUNIT_EXPECT_EQ(test, ev_last(), seq);
		/* the oldest kept is last + 1: none */
		KUNIT_EXPECT_EQ(test, ev_oldest(), seq + 1);
		KUNIT_EXPECT_NULL(test, ev_get(seq));
		KUNIT_EXPECT_NULL(test, ev_get(seq + 1));
	}
	KUNIT_EXPECT_NULL(test, ev_get(0));
}

/*
 * The record kept is a copy of what was logged, with its number, time and
 * task set in the caller's struct too; the endpoints are the caller's.
 */
static void log_keeps_a_copy(struct kunit *test)
{
	struct nstrack_event ev = {
		.type = NSTRACK_EVENT_DEV_MOVE,
		.reason = NSTRACK_REASON_USER,
		.has_from = true,
		.has_to = true,
		.from = { .cookie = 11, .inode = 12, .ifindex = 13,
			  .name = "veth0" },
		.to = { .cookie = 21, .inode = 22, .ifindex = 23,
			.name = "veth0" },
	};
	struct nstrack_event *kept;
	u64 seq;

	events_remake(test, 4);
	spin_lock(&nstrack_registry_lock);
	seq = nstrack_event_log(&ev);
	spin_unlock(&nstrack_registry_lock);
	KUNIT_EXPECT_EQ(test, seq, 1ull);
	KUNIT_EXPECT_EQ(test, ev.seq, 1ull);
	KUNIT_EXPECT_NE(test, ev.time_ns, 0ull);
	KUNIT_EXPECT_EQ(test, ev.pid, task_tgid_nr(current));

	kept = ev_get(1);
	KUNIT_ASSERT_NOT_NULL(test, kept);
	KUNIT_EXPECT_PTR_NE(test, kept, &ev);
	/* only the kept copy holds the task's struct pid, counted */
	KUNIT_EXPECT_PTR_EQ(test, ev.task, NULL);
	KUNIT_EXPECT_PTR_EQ(test, kept->task, task_tgid(current));
	ev.task = kept->task;
	KUNIT_EXPECT_EQ(test, memcmp(kept, &ev, sizeof(ev)), 0);
	ev.task = NULL;

	/* changing the caller's struct afterwards changes nothing kept */
	ev.to.cookie = 99;
	KUNIT_EXPECT_EQ(test, kept->to.cookie, 21ull);
}

/*
 * A rename completes the newest event only: once another event has been
 * logged, the move it belonged to is left alone.
 */
static void rename_amends_the_newest_only(struct kunit *test)
{
	struct nstrack_event move = {
		.type = NSTRACK_EVENT_DEV_MOVE,
		.has_to = true,
		.to = { .cookie = 5, .inode = 6, .ifindex = 2, .name = "v0" },
	};
	struct nstrack_event *kept;
	u64 seq;

	events_remake(test, 4);
	spin_lock(&nstrack_registry_lock);
	seq = nstrack_event_log(&move);
	nstrack_event_rename(seq, "x0");
	spin_unlock(&nstrack_registry_lock);
	kept = ev_get(seq);
	KUNIT_ASSERT_NOT_NULL(test, kept);
	KUNIT_EXPECT_STREQ(test, kept->to.name, "x0");
	KUNIT_EXPECT_EQ(test, kept->to.ifindex, 2u);

	KUNIT_ASSERT_NOT_NULL(test, ev_add(NSTRACK_EVENT_NETNS_NEW));
	spin_lock(&nstrack_registry_lock);
	nstrack_event_rename(seq, "late");
	spin_unlock(&nstrack_registry_lock);
	KUNIT_EXPECT_STREQ(test, ev_get(seq)->to.name, "x0");
	KUNIT_EXPECT_STREQ(test, ev_get(seq + 1)->to.name, "");
}

static struct kunit_case nstrack_events_cases[] = {
	KUNIT_CASE(log_keeps_a_copy),
	KUNIT_CASE(rename_amends_the_newest_only),
	KUNIT_CASE(seq_starts_at_one_and_ascends),
	KUNIT_CASE(ring_keeps_the_newest),
	KUNIT_CASE(add_records_type_time_and_task),
	KUNIT_CASE(size_zero_keeps_nothing),
	{}
};

static struct kunit_suite nstrack_events_suite = {
	.name = "nstrack_events",
	.init = nstrack_kunit_init,
	.exit = nstrack_kunit_exit,
	.test_cases = nstrack_events_cases,
};

kunit_test_suite(nstrack_events_suite);
