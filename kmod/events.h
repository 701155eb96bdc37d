/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_EVENTS_H
#define _NSTRACK_EVENTS_H

#include <linux/if.h>
#include <linux/sched.h>
#include <linux/types.h>

struct pid;

/**
 * struct nstrack_endpoint - a namespace, and a device's place in it
 * @cookie: netns cookie
 * @inode: nsfs inode of the namespace
 * @ifindex: the device's ifindex there (0 for namespace events)
 * @name: the device's name there (empty for namespace events)
 */
struct nstrack_endpoint {
	u64 cookie;
	u32 inode;
	u32 ifindex;
	char name[IFNAMSIZ];
};

/**
 * struct nstrack_event - one history record
 * @seq: sequence number, +1 per event
 * @time_ns: CLOCK_BOOTTIME of the event
 * @type: enum nstrack_event_type
 * @reason: enum nstrack_event_reason, device events only
 * @has_from: @from is set (namespace events keep their namespace there)
 * @has_to: @to is set
 * @pid: tgid of the task the event happened in (initial pid namespace)
 * @task: struct pid of that thread group; only the copy in the ring has
 *	it, with a reference dropped when the slot is reused
 * @comm: its comm
 * @from: where a device was, or the namespace of a namespace event
 * @to: where a device is now
 */
struct nstrack_event {
	u64 seq;
	u64 time_ns;
	u8 type;
	u8 reason;
	bool has_from;
	bool has_to;
	pid_t pid;
	struct pid *task;
	char comm[TASK_COMM_LEN];
	struct nstrack_endpoint from;
	struct nstrack_endpoint to;
};

/* Events kept; the module parameter event_history_size. */
extern unsigned int nstrack_event_history_size;
/* Size of the ring in use (the parameter as it was at load). */
unsigned int nstrack_event_ring_size(void);

int nstrack_events_init(void);
void nstrack_events_exit(void);

u64 nstrack_event_log(struct nstrack_event *ev);
void nstrack_event_rename(u64 seq, const char *name);
struct nstrack_event *nstrack_event_get(u64 seq);
u64 nstrack_event_oldest(void);
u64 nstrack_event_last(void);

#endif /* _NSTRACK_EVENTS_H */
