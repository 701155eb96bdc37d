/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - the event stream of "monitor": which events to show, and how
 * missed ones are found again.
 *
 * Events carry sequence numbers that rise by one.  The monitor keeps the
 * number of the next event it expects (next): an event below it was
 * already shown (read back from the history before its notification
 * arrived), one above it means notifications were missed.  Missed events
 * are read back from the module's history, in order; those the history no
 * longer holds are lost, counted, and followed by a re-read of the state.
 *
 * The transport is left to the caller (hooks), so that all of this can be
 * driven by unit tests.
 */
#ifndef NSTRACK_MONITOR_H
#define NSTRACK_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

/* bits of nstrack_monitor.types: 1 << enum nstrack_event_type */
#define NSTRACK_MONITOR_ALL_TYPES	0xffffffffu

struct nstrack_monitor;

struct nstrack_monitor_hooks {
	/* show one event that passed the filters; 0 or -errno */
	int (*emit)(void *ctx, const struct nstrack_event *ev);
	/*
	 * The history after sequence number after, oldest first, in a
	 * malloc()ed array (*v NULL when empty).  0, or -errno after one
	 * error line.
	 */
	int (*history)(void *ctx, uint64_t after, struct nstrack_event **v,
		       size_t *n);
	/*
	 * The newest sequence number now (INFO).  May be NULL.  0, or
	 * -errno after one error line.
	 */
	int (*newest)(void *ctx, uint64_t *last);
	/*
	 * lost events could not be found again: re-read and show the
	 * current state, which must reflect every event up to seq (0: the
	 * hook reads the newest itself).  0, or -errno after one error line.
	 */
	int (*resync)(void *ctx, uint64_t lost, uint64_t seq);
};

struct nstrack_monitor {
	/* filters: set before use */
	bool has_cookie;
	uint64_t cookie;	/* only events that involve this namespace */
	uint32_t types;		/* NSTRACK_MONITOR_ALL_TYPES or type bits */
	uint64_t count;		/* stop after this many shown; 0: never */

	const struct nstrack_monitor_hooks *hooks;
	void *ctx;

	/* state */
	uint64_t next;		/* sequence number of the next event */
	uint64_t shown;		/* events that passed the filters */
	uint64_t lost;		/* events missed and not found again */
	uint64_t recovered;	/* events missed, then read back */
};

/*
 * Parse a --type list ("netns_new,dev_move", or the groups "netns" and
 * "dev") into type bits.  0, or -1 after one error line.
 */
int nstrack_monitor_parse_types(const char *list, uint32_t *types);

/*
 * Start at sequence number since (0: with the first event after last,
 * the newest event at start); oldest is the oldest one the history holds.
 * With since, the history from there is shown first.  Returns 0, 1 once
 * count events have been shown, or -errno after one error line.
 */
int nstrack_monitor_start(struct nstrack_monitor *m, uint64_t since,
			  uint64_t oldest, uint64_t last);

/* One notification.  Same return values. */
int nstrack_monitor_event(struct nstrack_monitor *m,
			  const struct nstrack_event *ev);

/*
 * The socket dropped notifications (ENOBUFS): catch up from the history.
 * Same return values.
 */
int nstrack_monitor_overflow(struct nstrack_monitor *m);

/*
 * Nothing arrived for a while after an overflow: later drops are silent
 * (the socket reports ENOBUFS once per overflow), so catch up to last,
 * the newest event now.  Same return values.
 */
int nstrack_monitor_idle(struct nstrack_monitor *m, uint64_t last);

/* true if ev passes the NS and --type filters */
bool nstrack_monitor_wants(const struct nstrack_monitor *m,
			   const struct nstrack_event *ev);

#endif /* NSTRACK_MONITOR_H */
