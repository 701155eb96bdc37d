// SPDX-License-Identifier: GPL-2.0
/*
 * The event history: a ring of the most recent namespace and device
 * events, numbered by a sequence that never goes back.  Event n sits in
 * slot (n - 1) % size, so a reader resumes at any sequence in O(1).  The
 * ring is allocated once at load, so logging an event never allocates.
 *
 * Each event is also handed to the events multicast group as it is
 * logged, under the same lock, so listeners get them in sequence order.
 * A device move is the exception: "ip link set X netns N name Y" renames
 * the device after moving it, within the same RTNL section, and the
 * notification should carry the final name.  So a move waits as the
 * "pending" notification until the next event is logged or a work item
 * gets RTNL (the moving request is then over), whichever comes first.
 *
 * Everything here runs under nstrack_registry_lock.
 */

#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include <uapi/linux/nstrack.h>

#include "events.h"
#include "netlink.h"
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

/* a move whose notification waits for its request to finish */
static struct nstrack_event pending;
static bool have_pending;

static void send_pending(void)
{
	lockdep_assert_held(&nstrack_registry_lock);
	if (!have_pending)
		return;
	have_pending = false;
	nstrack_netlink_notify(&pending);
}

static void pending_work_fn(struct work_struct *work)
{
	/* the move's request holds RTNL until it is done with the device */
	rtnl_lock();
	spin_lock(&nstrack_registry_lock);
	send_pending();
	spin_unlock(&nstrack_registry_lock);
	rtnl_unlock();
}

static DECLARE_WORK(pending_work, pending_work_fn);

int nstrack_events_init(void)
{
	ring_size = nstrack_event_history_size;
	last_seq = 0;
	have_pending = false;
	if (!ring_size)
		return 0;
	ring = kvcalloc(ring_size, sizeof(*ring), GFP_KERNEL);
	return ring ? 0 : -ENOMEM;
}

void nstrack_events_exit(void)
{
	unsigned int i;

	cancel_work_sync(&pending_work);
	have_pending = false;
	for (i = 0; ring && i < ring_size; i++)
		put_pid(ring[i].task);
	kvfree(ring);
	ring = NULL;
}

unsigned int nstrack_event_ring_size(void)
{
	return ring_size;
}

/**
 * nstrack_event_log() - number an event, keep it and notify listeners
 * @ev: the event, its type, reason and endpoints filled in; the rest is
 *	set here (sequence number, time, and the task, taken from current)
 *
 * The caller holds the registry lock.  When the ring is full the oldest
 * event is overwritten; when no history is kept the sequence number still
 * advances, so readers can tell events were missed.
 *
 * Return: the sequence number of the event.
 */
u64 nstrack_event_log(struct nstrack_event *ev)
{
	struct nstrack_event *slot;

	lockdep_assert_held(&nstrack_registry_lock);

	/* whatever is pending was logged first and goes first */
	send_pending();

	ev->seq = ++last_seq;
	ev->time_ns = ktime_get_boottime_ns();
	ev->pid = task_tgid_nr(current);
	ev->task = NULL;
	get_task_comm(ev->comm, current);
	if (ring_size) {
		slot = &ring[(last_seq - 1) % ring_size];
		put_pid(slot->task);
		*slot = *ev;
		slot->task = get_pid(task_tgid(current));
	}

	if (!nstrack_netlink_listening())
		return ev->seq;
	if (ev->type == NSTRACK_EVENT_DEV_MOVE) {
		pending = *ev;
		have_pending = true;
		schedule_work(&pending_work);
	} else {
		nstrack_netlink_notify(ev);
	}
	return ev->seq;
}

/**
 * nstrack_event_rename() - give the device of the newest event a new name
 * @seq: that event's sequence number; nothing happens if another event has
 *	been logged since
 * @name: the device's name now
 *
 * For a move followed by a rename in the same request; the notification
 * of the move has not been sent yet if it is still the newest event.
 */
void nstrack_event_rename(u64 seq, const char *name)
{
	struct nstrack_event *ev;

	lockdep_assert_held(&nstrack_registry_lock);
	if (seq != last_seq)
		return;
	ev = nstrack_event_get(seq);
	if (ev)
		strscpy(ev->to.name, name, sizeof(ev->to.name));
	if (have_pending && pending.seq == seq)
		strscpy(pending.to.name, name, sizeof(pending.to.name));
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
