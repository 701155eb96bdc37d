// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the event stream of "monitor" (user/monitor.c), driven by
 * fake hooks: a ring of events standing for the module's history, a
 * record of what is shown, and of every history read and resync.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "monitor.h"
#include "testutil.h"
#include "util.h"

#define MAXSEQ		64
#define INIT_COOKIE	1ULL
#define BLUE_COOKIE	4097ULL
#define RED_COOKIE	4098ULL

/*
 * The fake module: ev[s] is event number s; the history holds the events
 * oldest..last that are not holes.  Every hook call is appended to trace:
 * "H<after>" for a history read, "E<seq>" for an event shown, "R<lost>"
 * for a resync.
 */
static struct {
	struct nstrack_event ev[MAXSEQ + 1];
	uint64_t oldest, last;
	bool hole[MAXSEQ + 1];
	char trace[2048];
	unsigned int history_calls, resync_calls, emit_calls;
	int history_err, resync_err, emit_err;
	uint64_t emit_fail_seq;		/* emit of it fails with emit_err */
} ring;

static void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void trace(const char *fmt, ...)
{
	size_t len = strlen(ring.trace);
	va_list ap;

	if (len) {
		assert_true(len + 1 < sizeof(ring.trace));
		ring.trace[len++] = ' ';
		ring.trace[len] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(ring.trace + len, sizeof(ring.trace) - len, fmt, ap);
	va_end(ap);
}

static int fake_emit(void *ctx, const struct nstrack_event *ev)
{
	assert_ptr_equal(ctx, &ring);
	ring.emit_calls++;
	if (ring.emit_err && ev->seq == ring.emit_fail_seq)
		return ring.emit_err;
	trace("E%" PRIu64, ev->seq);
	return 0;
}

static int fake_history(void *ctx, uint64_t after, struct nstrack_event **v,
			size_t *n)
{
	uint64_t s;
	size_t k = 0;

	assert_ptr_equal(ctx, &ring);
	ring.history_calls++;
	trace("H%" PRIu64, after);
	*v = NULL;
	*n = 0;
	if (ring.history_err) {
		nstrack_err("fake history failed");
		return ring.history_err;
	}
	assert_true(ring.last <= MAXSEQ);
	*v = calloc(MAXSEQ + 1, sizeof(**v));
	assert_non_null(*v);
	for (s = ring.oldest > after ? ring.oldest : after + 1;
	     s <= ring.last; s++)
		if (!ring.hole[s])
			(*v)[k++] = ring.ev[s];
	if (!k) {
		free(*v);
		*v = NULL;
	}
	*n = k;
	return 0;
}

static int fake_resync(void *ctx, uint64_t lost, uint64_t seq)
{
	(void)seq;
	assert_ptr_equal(ctx, &ring);
	ring.resync_calls++;
	trace("R%" PRIu64, lost);
	if (ring.resync_err) {
		nstrack_err("fake resync failed");
		return ring.resync_err;
	}
	return 0;
}

static const struct nstrack_monitor_hooks hooks = {
	.emit = fake_emit,
	.history = fake_history,
	.resync = fake_resync,
};

static void endpoint(struct nstrack_endpoint *ep, uint64_t cookie)
{
	memset(ep, 0, sizeof(*ep));
	ep->present = true;
	ep->has_cookie = ep->has_inode = true;
	ep->cookie = cookie;
	ep->inode = 4026531840u + (uint32_t)cookie;
}

/* every event: a device registered in init_net */
static int ring_setup(void **state)
{
	uint64_t s;

	(void)state;
	memset(&ring, 0, sizeof(ring));
	for (s = 0; s <= MAXSEQ; s++) {
		ring.ev[s].seq = s;
		ring.ev[s].time_ns = 1000000000ULL + s;
		ring.ev[s].type = NSTRACK_EVENT_DEV_REGISTER;
		ring.ev[s].has_reason = true;
		ring.ev[s].reason = NSTRACK_REASON_REGISTER;
		endpoint(&ring.ev[s].to, INIT_COOKIE);
	}
	test_err_start();
	return 0;
}

static int ring_teardown(void **state)
{
	(void)state;
	test_err_stop();
	return 0;
}

static void mon_init(struct nstrack_monitor *m)
{
	memset(m, 0xa5, sizeof(*m));	/* start must set the state */
	m->has_cookie = false;
	m->cookie = 0;
	m->types = NSTRACK_MONITOR_ALL_TYPES;
	m->count = 0;
	m->hooks = &hooks;
	m->ctx = &ring;
}

static int live(struct nstrack_monitor *m, uint64_t seq)
{
	assert_true(seq <= MAXSEQ);
	return nstrack_monitor_event(m, &ring.ev[seq]);
}

/* forget the trace and the error output so far */
static void clear_trace(void)
{
	ring.trace[0] = '\0';
	test_err_start();
}

/* ---- start ---- */

static void start_from_now(void **state)
{
	struct nstrack_monitor m;
	uint64_t s;

	(void)state;
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	assert_true(m.next == 11);
	assert_true(m.shown == 0 && m.lost == 0 && m.recovered == 0);
	assert_int_equal(ring.history_calls, 0);

	/* notifications of events before the start: already past */
	for (s = 1; s <= 10; s++)
		assert_int_equal(live(&m, s), 0);
	assert_string_equal(ring.trace, "");
	assert_true(m.next == 11);

	/* then every live one, in order, with nothing read back */
	ring.last = 14;
	for (s = 11; s <= 14; s++)
		assert_int_equal(live(&m, s), 0);
	assert_string_equal(ring.trace, "E11 E12 E13 E14");
	assert_true(m.next == 15);
	assert_true(m.shown == 4);
	assert_int_equal(ring.history_calls, 0);
	assert_int_equal(ring.resync_calls, 0);

	/* a repeat of one shown is not shown again */
	assert_int_equal(live(&m, 13), 0);
	assert_int_equal(live(&m, 14), 0);
	assert_string_equal(ring.trace, "E11 E12 E13 E14");
	assert_string_equal(test_err_text(), "");

	/* nothing happened yet at all: the first event is 1 */
	mon_init(&m);
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 0), 0);
	assert_true(m.next == 1);
}

static void start_since_replays_then_live(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 10;
	/* since is inclusive: the history after since - 1 */
	assert_int_equal(nstrack_monitor_start(&m, 4, 1, 10), 0);
	assert_string_equal(ring.trace, "H3 E4 E5 E6 E7 E8 E9 E10");
	assert_true(m.next == 11);
	assert_true(m.shown == 7);
	assert_true(m.lost == 0 && m.recovered == 0);
	assert_int_equal(ring.resync_calls, 0);

	/*
	 * The notifications of 8..10 were queued while the history was
	 * read: no repeat.  11 comes next: no gap.
	 */
	ring.last = 12;
	assert_int_equal(live(&m, 8), 0);
	assert_int_equal(live(&m, 9), 0);
	assert_int_equal(live(&m, 10), 0);
	assert_int_equal(live(&m, 11), 0);
	assert_int_equal(live(&m, 12), 0);
	assert_string_equal(ring.trace,
			    "H3 E4 E5 E6 E7 E8 E9 E10 E11 E12");
	assert_int_equal(ring.history_calls, 1);
	assert_string_equal(test_err_text(), "");

	/* the history grew between INFO and its read: all of it is shown */
	ring_setup(NULL);
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 13;
	assert_int_equal(nstrack_monitor_start(&m, 9, 1, 10), 0);
	assert_string_equal(ring.trace, "H8 E9 E10 E11 E12 E13");
	assert_true(m.next == 14);
	assert_int_equal(live(&m, 11), 0);
	assert_int_equal(live(&m, 13), 0);
	ring.last = 14;
	assert_int_equal(live(&m, 14), 0);
	assert_string_equal(ring.trace, "H8 E9 E10 E11 E12 E13 E14");
	assert_string_equal(test_err_text(), "");
}

static void start_since_edges(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	ring.oldest = 1;
	ring.last = 10;

	/* since = last: the newest event only */
	mon_init(&m);
	assert_int_equal(nstrack_monitor_start(&m, 10, 1, 10), 0);
	assert_string_equal(ring.trace, "H9 E10");
	assert_true(m.next == 11);

	/* since = last + 1: nothing to read back, the next event on */
	clear_trace();
	mon_init(&m);
	assert_int_equal(nstrack_monitor_start(&m, 11, 1, 10), 0);
	assert_string_equal(ring.trace, "");
	assert_true(m.next == 11);

	/* since in the future: the events before it are not shown */
	mon_init(&m);
	assert_int_equal(nstrack_monitor_start(&m, 13, 1, 10), 0);
	assert_true(m.next == 13);
	ring.last = 13;
	assert_int_equal(live(&m, 11), 0);
	assert_int_equal(live(&m, 12), 0);
	assert_int_equal(live(&m, 13), 0);
	assert_string_equal(ring.trace, "E13");

	/* no event ever: since 1 waits for the first */
	clear_trace();
	mon_init(&m);
	assert_int_equal(nstrack_monitor_start(&m, 1, 1, 0), 0);
	assert_true(m.next == 1);
	assert_string_equal(ring.trace, "");
	assert_string_equal(test_err_text(), "");
}

static void start_since_older_than_history(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	mon_init(&m);
	ring.oldest = 6;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 1, 6, 10), 0);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: events 1 to 5 are no longer in the history\n");
	/* replayed from the oldest kept, without a resync */
	assert_string_equal(ring.trace, "H5 E6 E7 E8 E9 E10");
	assert_true(m.next == 11);
	assert_true(m.lost == 0);
	assert_int_equal(ring.resync_calls, 0);

	/* a history that keeps nothing: every event since is gone */
	ring_setup(NULL);
	mon_init(&m);
	ring.oldest = 11;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 3, 11, 10), 0);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: events 3 to 10 are no longer in the history\n");
	assert_string_equal(ring.trace, "");
	assert_true(m.next == 11);
	ring.last = 11;
	assert_int_equal(live(&m, 11), 0);
	assert_string_equal(ring.trace, "E11");
	assert_int_equal(ring.resync_calls, 0);

	/* the same with since = last: the one event is gone, no loss later */
	ring_setup(NULL);
	mon_init(&m);
	ring.oldest = 11;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 10, 11, 10), 0);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: events 10 to 10 are no longer in the history\n");
	assert_true(m.next == 11);
	ring.last = 11;
	assert_int_equal(live(&m, 11), 0);
	assert_string_equal(ring.trace, "E11");
	assert_true(m.lost == 0);
}

/*
 * INFO said the history starts at 6, but by the time it is read events
 * up to 8 were dropped: those two are lost, and the state is re-read.
 */
static void start_since_history_moved_on(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	mon_init(&m);
	ring.oldest = 8;
	ring.last = 12;
	assert_int_equal(nstrack_monitor_start(&m, 6, 6, 10), 0);
	assert_string_equal(ring.trace, "H5 E8 E9 E10 E11 E12 R2");
	assert_true(m.lost == 2);
	assert_true(m.recovered == 0);	/* a replay, not a recovery */
	assert_int_equal(ring.resync_calls, 1);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: lost 2 events (no longer in the history); 0 read back; re-reading the current state\n");
}

/* ---- gaps in the notifications ---- */

static void gap_read_back(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	assert_int_equal(live(&m, 11), 0);

	/* 12..14 never arrived; 15 (and 16, logged since) are in history */
	ring.last = 16;
	assert_int_equal(live(&m, 15), 0);
	assert_string_equal(ring.trace, "E11 H11 E12 E13 E14 E15");
	assert_true(m.lost == 0);
	assert_true(m.recovered == 3);
	assert_true(m.next == 16);
	assert_int_equal(ring.resync_calls, 0);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: 3 undelivered events read back from the history\n");

	/* 16 was not shown from the history: its notification is */
	assert_int_equal(live(&m, 16), 0);
	assert_string_equal(ring.trace, "E11 H11 E12 E13 E14 E15 E16");
	assert_true(m.shown == 6);

	/* a late duplicate of a read-back one is dropped */
	assert_int_equal(live(&m, 13), 0);
	assert_string_equal(ring.trace, "E11 H11 E12 E13 E14 E15 E16");
}

static void gap_lost(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);

	/* 11..14 missed, and the history has moved past them */
	ring.oldest = 16;
	ring.last = 20;
	assert_int_equal(live(&m, 15), 0);
	assert_string_equal(ring.trace, "H10 R4 E15");
	assert_true(m.lost == 4);
	assert_true(m.recovered == 0);
	assert_int_equal(ring.resync_calls, 1);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: lost 4 events (no longer in the history); 0 read back; re-reading the current state\n");
	assert_true(m.next == 16);

	/* and on without a gap */
	assert_int_equal(live(&m, 16), 0);
	assert_string_equal(ring.trace, "H10 R4 E15 E16");
	assert_int_equal(ring.history_calls, 1);

	/* a second loss adds up, with one more resync */
	clear_trace();
	ring.oldest = 30;
	ring.last = 30;
	assert_int_equal(live(&m, 30), 0);
	assert_string_equal(ring.trace, "H16 R13 E30");
	assert_true(m.lost == 17);
	assert_int_equal(ring.resync_calls, 2);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: lost 13 events (no longer in the history); 0 read back; re-reading the current state\n");
}

static void gap_partially_overwritten(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);

	/* 11..19 missed: 11..13 are gone, 14..19 still kept */
	ring.oldest = 14;
	ring.last = 25;
	assert_int_equal(live(&m, 20), 0);
	assert_string_equal(ring.trace,
			    "H10 E14 E15 E16 E17 E18 E19 R3 E20");
	assert_true(m.lost == 3);
	assert_true(m.recovered == 6);
	assert_int_equal(ring.resync_calls, 1);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: lost 3 events (no longer in the history); 6 read back; re-reading the current state\n");
	assert_true(m.next == 21);

	/* holes inside what is read back count too, each only once */
	ring_setup(NULL);
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	ring.last = 20;
	ring.hole[13] = ring.hole[14] = ring.hole[17] = true;
	assert_int_equal(live(&m, 19), 0);
	assert_string_equal(ring.trace, "H10 E11 E12 E15 E16 E18 R3 E19");
	assert_true(m.lost == 3);
	assert_true(m.recovered == 5);
	assert_int_equal(ring.resync_calls, 1);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: lost 3 events (no longer in the history); 5 read back; re-reading the current state\n");
}

/* ---- receive queue overflow (ENOBUFS) ---- */

static void overflow_read_back(void **state)
{
	struct nstrack_monitor m;
	uint64_t s;

	(void)state;
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	assert_int_equal(live(&m, 11), 0);
	assert_int_equal(live(&m, 12), 0);

	/* everything after the last shown, whatever the queue still holds */
	ring.last = 18;
	assert_int_equal(nstrack_monitor_overflow(&m), 0);
	assert_string_equal(ring.trace, "E11 E12 H12 E13 E14 E15 E16 E17 E18");
	assert_true(m.recovered == 6);
	assert_true(m.lost == 0);
	assert_true(m.next == 19);
	assert_int_equal(ring.resync_calls, 0);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: receive queue overflowed; 6 missed events read back from the history\n");

	/* what the queue held before the drop comes after: not repeated */
	for (s = 13; s <= 18; s++)
		assert_int_equal(live(&m, s), 0);
	ring.last = 19;
	assert_int_equal(live(&m, 19), 0);
	assert_string_equal(ring.trace,
			    "E11 E12 H12 E13 E14 E15 E16 E17 E18 E19");
	assert_int_equal(ring.history_calls, 1);

	/* an overflow with nothing new */
	clear_trace();
	assert_int_equal(nstrack_monitor_overflow(&m), 0);
	assert_string_equal(ring.trace, "H19");
	assert_true(m.next == 20);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: receive queue overflowed; 0 missed events read back from the history\n");
}

static void overflow_ring_overwritten(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);

	ring.oldest = 15;
	ring.last = 18;
	assert_int_equal(nstrack_monitor_overflow(&m), 0);
	assert_string_equal(ring.trace, "H10 E15 E16 E17 E18 R4");
	assert_true(m.lost == 4);
	assert_true(m.recovered == 4);
	assert_true(m.next == 19);
	assert_int_equal(ring.resync_calls, 1);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: lost 4 events (no longer in the history); 4 read back; re-reading the current state\n");

	/* queued notifications of what was read back: skipped */
	assert_int_equal(live(&m, 16), 0);
	assert_int_equal(live(&m, 18), 0);
	ring.last = 19;
	assert_int_equal(live(&m, 19), 0);
	assert_string_equal(ring.trace, "H10 E15 E16 E17 E18 R4 E19");
}

/* ---- filters ---- */

static void filter_wants(void **state)
{
	struct nstrack_monitor m;
	struct nstrack_event ev;

	(void)state;
	mon_init(&m);
	memset(&ev, 0, sizeof(ev));
	ev.type = NSTRACK_EVENT_DEV_MOVE;
	assert_true(nstrack_monitor_wants(&m, &ev));

	/* a namespace: its cookie in NETNS, FROM or TO */
	m.has_cookie = true;
	m.cookie = BLUE_COOKIE;
	assert_false(nstrack_monitor_wants(&m, &ev));
	endpoint(&ev.from, BLUE_COOKIE);
	assert_true(nstrack_monitor_wants(&m, &ev));
	endpoint(&ev.from, INIT_COOKIE);
	endpoint(&ev.to, BLUE_COOKIE);
	assert_true(nstrack_monitor_wants(&m, &ev));
	endpoint(&ev.to, RED_COOKIE);
	assert_false(nstrack_monitor_wants(&m, &ev));
	ev.type = NSTRACK_EVENT_NETNS_NEW;
	memset(&ev.from, 0, sizeof(ev.from));
	memset(&ev.to, 0, sizeof(ev.to));
	endpoint(&ev.netns, BLUE_COOKIE);
	assert_true(nstrack_monitor_wants(&m, &ev));

	/* a cookie value that was not sent does not count */
	ev.netns.has_cookie = false;
	assert_false(nstrack_monitor_wants(&m, &ev));
	endpoint(&ev.netns, BLUE_COOKIE);
	ev.netns.present = false;
	assert_false(nstrack_monitor_wants(&m, &ev));
	/* nor does the inode */
	endpoint(&ev.netns, RED_COOKIE);
	ev.netns.inode = (uint32_t)BLUE_COOKIE;
	assert_false(nstrack_monitor_wants(&m, &ev));

	/* type bits */
	m.has_cookie = false;
	m.types = 1u << NSTRACK_EVENT_NETNS_EXIT | 1u << NSTRACK_EVENT_DEV_MOVE;
	ev.type = NSTRACK_EVENT_NETNS_NEW;
	assert_false(nstrack_monitor_wants(&m, &ev));
	ev.type = NSTRACK_EVENT_NETNS_EXIT;
	assert_true(nstrack_monitor_wants(&m, &ev));
	ev.type = NSTRACK_EVENT_DEV_MOVE;
	assert_true(nstrack_monitor_wants(&m, &ev));
	ev.type = NSTRACK_EVENT_DEV_REGISTER;
	assert_false(nstrack_monitor_wants(&m, &ev));

	/* both filters at once */
	m.has_cookie = true;
	ev.type = NSTRACK_EVENT_NETNS_EXIT;
	endpoint(&ev.netns, BLUE_COOKIE);
	assert_true(nstrack_monitor_wants(&m, &ev));
	endpoint(&ev.netns, RED_COOKIE);
	assert_false(nstrack_monitor_wants(&m, &ev));
	m.has_cookie = false;

	/* a type past the bits: never taken for a small one (no wrap) */
	m.types = 1u << 0 | 1u << 1 | 1u << 31;
	ev.type = 31;
	assert_true(nstrack_monitor_wants(&m, &ev));
	ev.type = 32;
	assert_false(nstrack_monitor_wants(&m, &ev));
	ev.type = 33;
	assert_false(nstrack_monitor_wants(&m, &ev));
	ev.type = 255;
	assert_false(nstrack_monitor_wants(&m, &ev));
}

static void filtered_events_advance_next(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	mon_init(&m);
	m.has_cookie = true;
	m.cookie = BLUE_COOKIE;
	/* 12 and 15 are blue's: a device moved there, and it died */
	ring.ev[12].type = NSTRACK_EVENT_DEV_MOVE;
	endpoint(&ring.ev[12].from, INIT_COOKIE);
	endpoint(&ring.ev[12].to, BLUE_COOKIE);
	ring.ev[15].type = NSTRACK_EVENT_NETNS_EXIT;
	memset(&ring.ev[15].to, 0, sizeof(ring.ev[15].to));
	endpoint(&ring.ev[15].netns, BLUE_COOKIE);
	ring.oldest = 1;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	ring.last = 16;
	assert_int_equal(live(&m, 11), 0);
	assert_int_equal(live(&m, 12), 0);
	assert_int_equal(live(&m, 13), 0);
	assert_int_equal(live(&m, 14), 0);
	assert_int_equal(live(&m, 15), 0);
	assert_int_equal(live(&m, 16), 0);
	/* the others were skipped, but counted: no gap, no read back */
	assert_string_equal(ring.trace, "E12 E15");
	assert_int_equal(ring.history_calls, 0);
	assert_true(m.next == 17);
	assert_true(m.shown == 2);
	assert_string_equal(test_err_text(), "");

	/* read back from the history: the same filter */
	ring.last = 25;
	ring.ev[22].type = NSTRACK_EVENT_DEV_UNREGISTER;
	memset(&ring.ev[22].to, 0, sizeof(ring.ev[22].to));
	endpoint(&ring.ev[22].from, BLUE_COOKIE);
	assert_int_equal(live(&m, 24), 0);
	assert_string_equal(ring.trace, "E12 E15 H16 E22");
	assert_true(m.recovered == 7);	/* 17..23, shown or not */
	assert_true(m.next == 25);
	assert_true(m.shown == 3);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: 7 undelivered events read back from the history\n");

	/* by type */
	ring_setup(NULL);
	mon_init(&m);
	m.types = 1u << NSTRACK_EVENT_NETNS_NEW;
	ring.ev[13].type = NSTRACK_EVENT_NETNS_NEW;
	ring.ev[14].type = NSTRACK_EVENT_NETNS_PRE_EXIT;
	ring.oldest = 1;
	ring.last = 14;
	assert_int_equal(nstrack_monitor_start(&m, 11, 1, 14), 0);
	assert_string_equal(ring.trace, "H10 E13");
	assert_true(m.next == 15);
	ring.last = 15;
	assert_int_equal(live(&m, 15), 0);
	assert_string_equal(ring.trace, "H10 E13");
	assert_true(m.next == 16);
	assert_int_equal(ring.history_calls, 1);
}

static void count_stops(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	/* live: 1 on the third shown, not before */
	mon_init(&m);
	m.count = 3;
	m.types = 1u << NSTRACK_EVENT_DEV_REGISTER;
	ring.ev[12].type = NSTRACK_EVENT_DEV_MOVE;	/* not shown */
	ring.oldest = 1;
	ring.last = 14;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	assert_int_equal(live(&m, 11), 0);
	assert_int_equal(live(&m, 12), 0);
	assert_int_equal(live(&m, 13), 0);
	assert_int_equal(live(&m, 14), 1);
	assert_string_equal(ring.trace, "E11 E13 E14");
	assert_true(m.shown == 3);

	/* reached in a replay: start says so and stops there */
	ring_setup(NULL);
	mon_init(&m);
	m.count = 2;
	ring.oldest = 1;
	ring.last = 10;
	assert_int_equal(nstrack_monitor_start(&m, 5, 1, 10), 1);
	assert_string_equal(ring.trace, "H4 E5 E6");
	assert_true(m.shown == 2);

	/* reached while catching up on a gap: the event in hand is not shown */
	ring_setup(NULL);
	mon_init(&m);
	m.count = 2;
	ring.oldest = 1;
	ring.last = 20;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	assert_int_equal(live(&m, 15), 1);
	assert_string_equal(ring.trace, "H10 E11 E12");
	assert_true(m.shown == 2);
	assert_int_equal(ring.resync_calls, 0);

	/* reached while catching up on a loss: no resync, it stops here */
	ring_setup(NULL);
	mon_init(&m);
	m.count = 1;
	ring.oldest = 13;
	ring.last = 20;
	assert_int_equal(nstrack_monitor_start(&m, 0, 13, 10), 0);
	assert_int_equal(live(&m, 16), 1);
	assert_string_equal(ring.trace, "H10 E13");
	assert_int_equal(ring.resync_calls, 0);
	assert_true(m.lost == 2);
	assert_true(!strncmp(test_err_text(), "nstrack: monitor: lost 2 events ",
			     32));

	/* reached in an overflow catch-up */
	ring_setup(NULL);
	mon_init(&m);
	m.count = 1;
	ring.oldest = 1;
	ring.last = 20;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	assert_int_equal(nstrack_monitor_overflow(&m), 1);
	assert_string_equal(ring.trace, "H10 E11");
	assert_true(m.shown == 1);

	/* count 0: never stops */
	ring_setup(NULL);
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 40;
	assert_int_equal(nstrack_monitor_start(&m, 1, 1, 40), 0);
	assert_true(m.shown == 40);
}

/* ---- hook errors ---- */

static void hook_errors_propagate(void **state)
{
	struct nstrack_monitor m;

	(void)state;
	/* the history cannot be read: nothing shown, the error passed on */
	mon_init(&m);
	ring.oldest = 1;
	ring.last = 10;
	ring.history_err = -EIO;
	assert_int_equal(nstrack_monitor_start(&m, 3, 1, 10), -EIO);
	assert_string_equal(ring.trace, "H2");
	assert_true(m.shown == 0);
	assert_string_equal(test_err_text(), "nstrack: fake history failed\n");

	clear_trace();
	mon_init(&m);
	ring.history_err = 0;
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	ring.history_err = -EIO;
	ring.last = 15;
	assert_int_equal(live(&m, 14), -EIO);	/* a gap: 14 not shown */
	assert_int_equal(nstrack_monitor_overflow(&m), -EIO);
	assert_string_equal(ring.trace, "H10 H10");
	assert_int_equal(ring.emit_calls, 0);
	assert_true(m.shown == 0);
	assert_int_equal(ring.resync_calls, 0);
	/* one line per failure, and none of the monitor's own */
	assert_string_equal(test_err_text(),
		"nstrack: fake history failed\nnstrack: fake history failed\n");

	/* emit fails, live or in a catch-up: the stream stops there */
	clear_trace();
	ring.history_err = 0;
	mon_init(&m);
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	ring.emit_err = -EPIPE;
	ring.emit_fail_seq = 11;
	assert_int_equal(live(&m, 11), -EPIPE);
	assert_true(m.shown == 0);
	ring.emit_fail_seq = 13;
	mon_init(&m);
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	assert_int_equal(live(&m, 15), -EPIPE);
	assert_string_equal(ring.trace, "H10 E11 E12");
	assert_true(m.shown == 2);
	/* the emit hook speaks for itself: no line of the monitor's own */
	assert_string_equal(test_err_text(), "");
	ring.emit_fail_seq = 12;
	mon_init(&m);
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	assert_int_equal(nstrack_monitor_overflow(&m), -EPIPE);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(ring.resync_calls, 0);

	/* the resync fails: the loss is counted, the event in hand not shown */
	clear_trace();
	ring.emit_err = 0;
	ring.resync_err = -ENOMEM;
	mon_init(&m);
	assert_int_equal(nstrack_monitor_start(&m, 0, 1, 10), 0);
	ring.oldest = 14;
	ring.last = 15;
	assert_int_equal(live(&m, 15), -ENOMEM);
	assert_string_equal(ring.trace, "H10 E14 R3");
	assert_true(m.lost == 3);
	assert_string_equal(test_err_text(),
		"nstrack: monitor: lost 3 events (no longer in the history); 1 read back; re-reading the current state\n"
		"nstrack: fake resync failed\n");
}

/* ---- --type ---- */

#define NETNS_BITS (1u << NSTRACK_EVENT_NETNS_NEW | \
		    1u << NSTRACK_EVENT_NETNS_PRE_EXIT | \
		    1u << NSTRACK_EVENT_NETNS_EXIT)
#define DEV_BITS (1u << NSTRACK_EVENT_DEV_REGISTER | \
		  1u << NSTRACK_EVENT_DEV_UNREGISTER | \
		  1u << NSTRACK_EVENT_DEV_MOVE)

static void parse_types(void **state)
{
	static const struct {
		const char *list;
		uint32_t bits;
	} good[] = {
		{ "netns_new", 1u << NSTRACK_EVENT_NETNS_NEW },
		{ "netns_pre_exit", 1u << NSTRACK_EVENT_NETNS_PRE_EXIT },
		{ "netns_exit", 1u << NSTRACK_EVENT_NETNS_EXIT },
		{ "dev_register", 1u << NSTRACK_EVENT_DEV_REGISTER },
		{ "dev_unregister", 1u << NSTRACK_EVENT_DEV_UNREGISTER },
		{ "dev_move", 1u << NSTRACK_EVENT_DEV_MOVE },
		{ "netns_new,dev_move",
		  1u << NSTRACK_EVENT_NETNS_NEW |
		  1u << NSTRACK_EVENT_DEV_MOVE },
		{ "dev_move,netns_exit,dev_move",
		  1u << NSTRACK_EVENT_NETNS_EXIT |
		  1u << NSTRACK_EVENT_DEV_MOVE },
		{ "netns", NETNS_BITS },
		{ "dev", DEV_BITS },
		{ "netns,dev", NETNS_BITS | DEV_BITS },
		{ "dev,netns_new", DEV_BITS | 1u << NSTRACK_EVENT_NETNS_NEW },
	};
	static const char *const bad[] = {
		"", ",", "netns_new,", ",netns_new", "netns_new,,dev_move",
		"bogus", "netns_ne", "netns_newx", "NETNS", "net", "de",
		"netns dev", " netns", "netns_new ,dev",
	};
	char want[256];
	uint32_t types;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		types = 0xdeadbeef;
		assert_int_equal(nstrack_monitor_parse_types(good[i].list,
							     &types), 0);
		assert_int_equal(types, good[i].bits);
	}
	assert_string_equal(test_err_text(), "");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		test_err_start();
		assert_int_equal(nstrack_monitor_parse_types(bad[i], &types),
				 -1);
		snprintf(want, sizeof(want),
			 "nstrack: monitor: invalid event type list '%s' (types: netns_new, netns_pre_exit, netns_exit, dev_register, dev_unregister, dev_move; groups: netns, dev)\n",
			 bad[i]);
		assert_string_equal(test_err_text(), want);
	}

	/* the list is shown on one line */
	test_err_start();
	assert_int_equal(nstrack_monitor_parse_types("dev,x\ny", &types), -1);
	assert_non_null(strstr(test_err_text(), "list 'dev,x?y' (types"));
	assert_string_equal(strchr(test_err_text(), '\n'), "\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, ring_setup, ring_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(start_from_now),
		T(start_since_replays_then_live),
		T(start_since_edges),
		T(start_since_older_than_history),
		T(start_since_history_moved_on),
		T(gap_read_back),
		T(gap_lost),
		T(gap_partially_overwritten),
		T(overflow_read_back),
		T(overflow_ring_overwritten),
		T(filter_wants),
		T(filtered_events_advance_next),
		T(count_stops),
		T(hook_errors_propagate),
		T(parse_types),
	};

	return cmocka_run_group_tests_name("monitor", tests, NULL, NULL);
}
