// SPDX-License-Identifier: GPL-2.0
/*
 * Who sees what.  A namespace is visible to a requester with CAP_NET_ADMIN
 * over the user namespace that owns it, the rule rtnetlink applies to
 * requests that reach into another namespace.  Root of the host passes it
 * for every namespace; root of a container only for those its user
 * namespace (or one below it) owns.  Records keep a reference on their
 * owning user namespace so that dead ones are judged the same way.
 *
 * The checks run under the registry lock: ns_capable() and the LSM hooks
 * behind it do not sleep.
 */

#include <linux/capability.h>
#include <linux/netlink.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/user_namespace.h>

#include "access.h"
#include "registry.h"

/**
 * nstrack_viewer_init() - describe the requester of @skb
 * @viewer: filled in
 * @skb: the request (a dump's cb->skb, or a doit's skb)
 *
 * Runs in the requester's context: doit, and every part of a dump (they
 * run in sendmsg or recvmsg of the requesting socket).
 */
void nstrack_viewer_init(struct nstrack_viewer *viewer,
			 const struct sk_buff *skb)
{
	viewer->skb = skb;
	viewer->pidns = task_active_pid_ns(current);
	viewer->all = netlink_capable(skb, CAP_NET_ADMIN);
}

/**
 * nstrack_viewer_sees() - whether @rec may appear in an answer
 * @viewer: the requester; NULL when there is none to filter for (the
 *	events group, whose members all see everything)
 * @rec: a record; the registry lock is held
 */
bool nstrack_viewer_sees(const struct nstrack_viewer *viewer,
			 const struct nstrack_netns *rec)
{
	if (!viewer || viewer->all)
		return true;
	return rec->owner &&
	       netlink_ns_capable(viewer->skb, rec->owner, CAP_NET_ADMIN);
}

/**
 * nstrack_viewer_sees_cookie() - nstrack_viewer_sees() by cookie
 * @viewer: the requester
 * @cookie: a namespace cookie from a device or an event
 *
 * A namespace whose record is gone (evicted, or never made) has no known
 * owner: only a requester who sees everything sees it.  The registry lock
 * is held.
 */
bool nstrack_viewer_sees_cookie(const struct nstrack_viewer *viewer,
				u64 cookie)
{
	const struct nstrack_netns *rec;

	if (!viewer || viewer->all)
		return true;
	rec = nstrack_registry_find_cookie(cookie);
	return rec && nstrack_viewer_sees(viewer, rec);
}

/**
 * nstrack_viewer_pid() - a task's pid as the requester knows it
 * @viewer: the requester; NULL for notifications, which go to the initial
 *	network namespace and keep initial pid namespace numbers
 * @pid: the task's struct pid, NULL if none was kept
 * @init_nr: its number in the initial pid namespace
 *
 * Return: the number, or 0 if the task is not visible from the requester's
 * pid namespace (the attribute is then left out).
 */
pid_t nstrack_viewer_pid(const struct nstrack_viewer *viewer,
			 struct pid *pid, pid_t init_nr)
{
	if (!viewer || viewer->pidns == &init_pid_ns)
		return init_nr;
	return pid ? pid_nr_ns(pid, viewer->pidns) : 0;
}
