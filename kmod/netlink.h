/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_NETLINK_H
#define _NSTRACK_NETLINK_H

#include <linux/types.h>

#include <net/netlink.h>
#include <uapi/linux/nstrack.h>

struct netlink_callback;
struct sk_buff;
struct net;
struct user_namespace;
struct nstrack_netns;
struct nstrack_dev;
struct nstrack_event;
struct nstrack_viewer;

int nstrack_netlink_init(void);
void nstrack_netlink_exit(void);

extern const struct nla_policy nstrack_netns_policy[NSTRACK_A_NETNS_MAX + 1];
extern const struct nla_policy nstrack_dev_policy[NSTRACK_A_DEV_MAX + 1];
extern const struct nla_policy
	nstrack_sockets_policy[NSTRACK_A_SOCKETS_MAX + 1];
extern const struct nla_policy
	nstrack_endpoint_policy[NSTRACK_A_ENDPOINT_MAX + 1];
extern const struct nla_policy nstrack_event_policy[NSTRACK_A_EVENT_MAX + 1];
extern const struct nla_policy nstrack_info_policy[NSTRACK_A_INFO_MAX + 1];

int nstrack_netns_fill(struct sk_buff *skb, const struct nstrack_netns *rec,
		       struct net *caller_net,
		       struct user_namespace *caller_userns,
		       const struct nstrack_viewer *viewer);

int nstrack_netns_dump_fill(struct sk_buff *skb, struct netlink_callback *cb,
			    struct net *caller_net,
			    struct user_namespace *caller_userns,
			    const struct nstrack_viewer *viewer);

int nstrack_dev_fill(struct sk_buff *skb, const struct nstrack_dev *d);
int nstrack_event_fill(struct sk_buff *skb, const struct nstrack_event *ev,
		       const struct nstrack_viewer *viewer);

bool nstrack_netlink_listening(void);
void nstrack_netlink_notify(const struct nstrack_event *ev);

#endif /* _NSTRACK_NETLINK_H */
