/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_NETLINK_H
#define _NSTRACK_NETLINK_H

#include <linux/types.h>

struct sk_buff;
struct net;
struct user_namespace;
struct nstrack_netns;

int nstrack_netlink_init(void);
void nstrack_netlink_exit(void);

int nstrack_netns_fill(struct sk_buff *skb, const struct nstrack_netns *rec,
		       struct net *caller_net,
		       struct user_namespace *caller_userns);

#endif /* _NSTRACK_NETLINK_H */
