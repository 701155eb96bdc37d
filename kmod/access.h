/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_ACCESS_H
#define _NSTRACK_ACCESS_H

#include <linux/types.h>

struct pid;
struct pid_namespace;
struct sk_buff;
struct nstrack_netns;

/**
 * struct nstrack_viewer - who is asking, to decide what the answer holds
 * @skb: the request; its socket's opener and the current task must both
 *	have the capability (netlink_ns_capable())
 * @pidns: pid namespace the answer's pids are translated into
 * @all: CAP_NET_ADMIN in the initial user namespace: sees every namespace
 *	and the system-wide counters
 */
struct nstrack_viewer {
	const struct sk_buff *skb;
	struct pid_namespace *pidns;
	bool all;
};

void nstrack_viewer_init(struct nstrack_viewer *viewer,
			 const struct sk_buff *skb);
bool nstrack_viewer_sees(const struct nstrack_viewer *viewer,
			 const struct nstrack_netns *rec);
bool nstrack_viewer_sees_cookie(const struct nstrack_viewer *viewer,
				u64 cookie);
pid_t nstrack_viewer_pid(const struct nstrack_viewer *viewer,
			 struct pid *pid, pid_t init_nr);

#endif /* _NSTRACK_ACCESS_H */
