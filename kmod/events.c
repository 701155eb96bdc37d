// SPDX-License-Identifier: GPL-2.0
/*
 * The event history: a ring of the most recent namespace and device
 * events, numbered by a sequence that never goes back.  Event n sits in
 * slot (n - 1) % size, so a reader resumes at any sequence in O(1).  The
 * ring is allocated once at load, so logging an event never allocates.
 * Everything here runs under nstrack_registry_lock.
 */

#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "events.h"
#include "registry.h"

unsigned int nstrack_event_history_size = 4096;
module_param_named(event_history_size, nstrack_event_history_size, uint,
		   0444);
MODULE_PARM_DESC(event_history_size,
		 "Number of namespace and device events kept (default 4096)");

static struct nstrack_event *ring;
static unsigned int ring_size;
/* sequence number of the newest event; 0 before the first */
static u64 last_seq;

int nstrack_events_init(void)
{
	ring_size = nstrack_event_history_size;
	last_seq = 0;
	if (!ring_size)
		return 0;
	ring = kvcalloc(ring_size, sizeof(*ring), GFP_KERNEL);
	return ring ? 0 : -ENOMEM;
}

void nstrack_events_exit(void)
{
	kvfree(ring);
	ring = NULL;
}

/**
 * nstrack_event_add() - log an event, overwriting the oldest when full
 * @type: enum nstrack_event_type
 *
 * The caller holds the registry lock and fills in the rest of the record
 * before dropping it.  The task is taken from current.
 *
 * Return: the new record, or NULL when no history is kept (the sequence
 * number still advances, so readers can tell events were missed).
 */
struct nstrack_event *nstrack_event_add(u8 type)
{
	struct nstrack_event *ev;

	lockdep_assert_held(&nstrack_registry_lock);
	last_seq++;
	if (!ring_size)
		return NULL;
	ev = &ring[(last_seq - 1) % ring_size];
	memset(ev, 0, sizeof(*ev));
	ev->seq = last_seq;
	ev->time_ns = ktime_get_boottime_ns();
	ev->type = type;
	ev->pid = task_tgid_nr(current);
	get_task_comm(ev->comm, current);
	return ev;
}

/* Sequence number of the oldest event still kept (last + 1 if none). */
u64 nstrack_event_oldest(void)
{
	lockdep_assert_held(&nstrack_registry_lock);
	if (last_seq < ring_size)
		return 1;
	return last_seq - ring_size + 1;
}

u64 nstrack_event_last(void)
{
	lockdep_assert_held(&nstrack_registry_lock);
	return last_seq;
}

/* The event numbered @seq, or NULL if it is not (or no longer) kept. */
struct nstrack_event *nstrack_event_get(u64 seq)
{
	lockdep_assert_held(&nstrack_registry_lock);
	if (!seq || seq > last_seq || seq < nstrack_event_oldest())
		return NULL;
	return &ring[(seq - 1) % ring_size];
}
