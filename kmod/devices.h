/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_DEVICES_H
#define _NSTRACK_DEVICES_H

#include <linux/netdevice.h>
#include <linux/rbtree.h>
#include <linux/types.h>

#include "events.h"

struct nstrack_netns;

#define NSTRACK_KIND_LEN 16

/**
 * struct nstrack_dev - what nstrack knows about one network device
 * @dev_node: in the hash of devices by their struct net_device
 * @serial_node: in the tree of devices by @serial (the dump cursor)
 * @dev: the device; a key only, never followed outside the notifier
 * @netns: record of the namespace the device is in, NULL while it moves
 *	or if that namespace is untracked
 * @serial: record number, ascending in the order devices were seen
 * @at: namespace, ifindex and name where the device is now
 * @move_from: where a device in the middle of a move came from
 * @moving: between the two halves of a namespace move
 * @move_reason: enum nstrack_event_reason of the move in progress
 * @move_seq: the move event last logged for this device, so that a rename
 *	that the same request makes right after the move completes it
 * @move_tgid: the task that made that move
 * @addr_len: length of @addr
 * @kind: rtnl_link_ops kind, "loopback" or "physical"
 * @addr: link-layer address
 */
struct nstrack_dev {
	struct hlist_node dev_node;
	struct rb_node serial_node;
	const struct net_device *dev;
	struct nstrack_netns *netns;
	u64 serial;
	struct nstrack_endpoint at;
	struct nstrack_endpoint move_from;
	bool moving;
	u8 move_reason;
	u64 move_seq;
	pid_t move_tgid;
	u8 addr_len;
	char kind[NSTRACK_KIND_LEN];
	u8 addr[MAX_ADDR_LEN];
};

int nstrack_devices_init(void);
void nstrack_devices_exit(void);

struct nstrack_dev *nstrack_dev_next(u64 after_serial);
int nstrack_dev_records(void);
unsigned int nstrack_dev_record_size(void);
u8 nstrack_dev_reason(const struct nstrack_netns *from, bool move);

#endif /* _NSTRACK_DEVICES_H */
