/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_SOCKETS_H
#define _NSTRACK_SOCKETS_H

#include <linux/types.h>

struct net;
struct sk_buff;

int nstrack_sockets_init(void);
void nstrack_sockets_exit(void);

int nstrack_sockets_put(struct sk_buff *skb, int type, struct net *net,
			bool by_protocol);

#endif /* _NSTRACK_SOCKETS_H */
