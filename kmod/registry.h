/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NSTRACK_REGISTRY_H
#define _NSTRACK_REGISTRY_H

#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>

struct net;
struct pid;
struct user_namespace;

/**
 * struct nstrack_netns - what nstrack knows about one network namespace
 * @serial_node: in the registry's tree ordered by @serial (the dump cursor)
 * @cookie_node: in the registry's hash of records by @cookie
 * @inode_node: in the registry's hash of records by @inode
 * @dead_node: in the FIFO of dead records, oldest first, once @state is dead
 * @net: the namespace itself while it is not dead; a weak pointer that is
 *	cleared by the exit hook, so it may only be followed under the
 *	registry lock and never kept beyond it
 * @serial: record number, ascending in the order records were made
 * @cookie: netns cookie
 * @inode: nsfs inode number
 * @owner: the owning user namespace, referenced for as long as the record
 *	lives, to decide who may see it (see access.c); NULL if unknown
 * @owner_userns: inode of the owning user namespace
 * @owner_uid: owner of that user namespace
 * @seen_ns: boottime when the record was made
 * @created_ns: boottime of creation (0 when @flags has PREEXISTING)
 * @pre_exit_ns: boottime of pre_exit, 0 before
 * @exit_ns: boottime of exit, 0 before
 * @flags: NSTRACK_NETNS_F_* bits
 * @devices: number of network devices in it
 * @creator: struct pid of the creating task's thread group, referenced,
 *	to give its pid in the requester's pid namespace; NULL if unknown
 * @creator_tgid: tgid of the creating task in the initial pid namespace
 * @state: enum nstrack_netns_state
 * @creator_comm: comm of the creating task
 */
struct nstrack_netns {
	struct rb_node serial_node;
	struct hlist_node cookie_node;
	struct hlist_node inode_node;
	struct list_head dead_node;
	struct net *net;
	struct user_namespace *owner;
	struct pid *creator;
	u64 serial;
	u64 cookie;
	u32 inode;
	u32 owner_userns;
	kuid_t owner_uid;
	u64 seen_ns;
	u64 created_ns;
	u64 pre_exit_ns;
	u64 exit_ns;
	u32 flags;
	u32 devices;
	pid_t creator_tgid;
	u8 state;
	char creator_comm[TASK_COMM_LEN];
};

/*
 * Every reader and writer of the registry holds this lock.  It is a spinlock
 * so that the pernet hooks never sleep on a dump in progress; holders only
 * walk a bounded part of the registry.
 */
extern spinlock_t nstrack_registry_lock;
/* Dead records kept; the module parameter history_size. */
extern unsigned int nstrack_history_size;

int nstrack_registry_init(void);
void nstrack_registry_exit(void);

struct nstrack_netns *nstrack_registry_alloc(gfp_t gfp);
void nstrack_registry_insert(struct nstrack_netns *rec);
void nstrack_registry_set_dying(struct nstrack_netns *rec, u64 now);
void nstrack_registry_set_dead(struct nstrack_netns *rec, u64 now);

struct nstrack_netns *nstrack_registry_find_cookie(u64 cookie);
struct nstrack_netns *nstrack_registry_find_inode(u32 inode);
struct nstrack_netns *nstrack_registry_next(u64 after_serial);
u32 nstrack_registry_generation(void);
void nstrack_registry_changed(void);
int nstrack_registry_records(void);
unsigned int nstrack_registry_record_size(void);

#endif /* _NSTRACK_REGISTRY_H */
