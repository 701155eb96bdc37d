/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_PERNET_H
#define _NSTRACK_PERNET_H

struct net;
struct nstrack_netns;

int nstrack_pernet_init(void);
struct nstrack_netns *nstrack_pernet_record(struct net *net);
void nstrack_pernet_exit(void);

#endif /* _NSTRACK_PERNET_H */
