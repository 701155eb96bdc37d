// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - the life of one namespace, step by step ("show --timeline").
 */
#include <inttypes.h>
#include <stdio.h>

#include "output.h"
#include "print.h"
#include "util.h"

/* What happened, told from the namespace's side. */
static void describe(char *buf, size_t len, const struct nstrack_event *ev,
		     uint64_t cookie)
{
	const struct nstrack_endpoint *dev = nstrack_event_dev_endpoint(ev);
	const char *name = dev && dev->has_name ? dev->name : "?";
	const char *reason = nstrack_event_reason_name(ev->has_reason ?
						       ev->reason : 0);
	char task[48] = "?";

	if (ev->has_task || ev->task_comm[0])
		nstrack_fmt_task(task, sizeof(task), ev->has_task,
				 ev->task_pid, ev->task_comm);
	switch (ev->type) {
	case NSTRACK_EVENT_NETNS_NEW:
		snprintf(buf, len, "created by %s", task);
		break;
	case NSTRACK_EVENT_NETNS_PRE_EXIT:
		snprintf(buf, len, "pre_exit: the last reference is gone, teardown starts (%s)",
			 task);
		break;
	case NSTRACK_EVENT_NETNS_EXIT:
		snprintf(buf, len, "exit: torn down (%s)", task);
		break;
	case NSTRACK_EVENT_DEV_REGISTER:
		snprintf(buf, len, "device %s registered (ifindex %" PRIu32 ")",
			 name, dev ? dev->ifindex : 0);
		break;
	case NSTRACK_EVENT_DEV_UNREGISTER:
		snprintf(buf, len, "device %s unregistered (%s, %s)", name,
			 reason, task);
		break;
	case NSTRACK_EVENT_DEV_MOVE:
		if (ev->to.present && ev->to.has_cookie && ev->to.cookie == cookie)
			snprintf(buf, len,
				 "device %s arrived from netns %" PRIu32 " where it was %s (%s, %s)",
				 name, ev->from.inode,
				 ev->from.has_name ? ev->from.name : "?",
				 reason, task);
		else
			snprintf(buf, len,
				 "device %s left for netns %" PRIu32 " as %s (%s, %s)",
				 ev->from.has_name ? ev->from.name : "?",
				 ev->to.inode, name, reason, task);
		break;
	default:
		snprintf(buf, len, "%s", nstrack_event_type_name(ev->type));
	}
}

void nstrack_print_timeline(const struct nstrack_netns *ns,
			    const struct nstrack_names *names, uint64_t now_ns,
			    const struct nstrack_event *v, size_t n)
{
	uint64_t start, prev, t;
	char what[160], off[32], dlt[32];
	size_t i;

	/* from its creation event, else from the first thing known of it */
	if (n && v[0].type == NSTRACK_EVENT_NETNS_NEW)
		start = v[0].time_ns;
	else
		start = ns->has_created ? ns->created_ns :
			ns->has_seen ? ns->seen_ns : n ? v[0].time_ns : 0;
	prev = start;

	print_open_object(NULL);
	nstrack_print_netns_fields(ns, names, now_ns);
	print_text("timeline:\n");
	if (!ns->has_created)
		print_text("  %-12s  %-12s  existed before nstrack was loaded; first seen then\n",
			   "+0s", "");
	else if (!n || v[0].type != NSTRACK_EVENT_NETNS_NEW)
		print_text("  %-12s  %-12s  (its first events are no longer in the history)\n",
			   "?", "");

	print_open_array("timeline");
	for (i = 0; i < n; i++) {
		t = v[i].time_ns;
		print_open_object(NULL);
		nstrack_print_event_fields(&v[i]);
		print_u64("offset_ns", NULL, t >= start ? t - start : 0);
		print_u64("delta_ns", NULL, t >= prev ? t - prev : 0);
		print_close_object();

		nstrack_fmt_duration(off, sizeof(off), t >= start ? t - start : 0);
		nstrack_fmt_duration(dlt, sizeof(dlt), t >= prev ? t - prev : 0);
		describe(what, sizeof(what), &v[i], ns->cookie);
		/* device names and task names may hold control characters */
		nstrack_sanitize(what, sizeof(what), what);
		print_text("  +%-11s  (+%-9s)  %s\n", off, dlt, what);
		prev = t;
	}
	print_close_array();

	if (ns->state == NSTRACK_NETNS_STATE_DEAD && ns->has_pre_exit &&
	    ns->has_exit && ns->exit_ns >= ns->pre_exit_ns) {
		nstrack_fmt_duration(dlt, sizeof(dlt),
				     ns->exit_ns - ns->pre_exit_ns);
		print_text("teardown (pre_exit to exit) took %s\n", dlt);
	} else if (ns->state == NSTRACK_NETNS_STATE_DYING && ns->has_pre_exit &&
		   now_ns >= ns->pre_exit_ns) {
		nstrack_fmt_duration(dlt, sizeof(dlt),
				     now_ns - ns->pre_exit_ns);
		print_text("being torn down for %s so far\n", dlt);
	}
	print_close_object();
}
