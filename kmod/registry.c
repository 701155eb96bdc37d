// SPDX-License-Identifier: GPL-2.0
/*
 * The registry: one record per network namespace, live ones and a bounded
 * history of dead ones.  Records are found by cookie or inode through two
 * hashes and walked in creation order through a tree keyed by serial, so
 * that a dump can resume after the last serial it sent in O(log n).
 */

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>

#include <uapi/linux/nstrack.h>

#include "compat.h"
#include "events.h"
#include "registry.h"

unsigned int nstrack_history_size = 1024;
module_param_named(history_size, nstrack_history_size, uint, 0444);
MODULE_PARM_DESC(history_size,
		 "Number of dead namespaces kept for queries (default 1024)");

#define NSTRACK_HASH_BITS 10

DEFINE_SPINLOCK(nstrack_registry_lock);

static DEFINE_HASHTABLE(by_cookie, NSTRACK_HASH_BITS);
static DEFINE_HASHTABLE(by_inode, NSTRACK_HASH_BITS);
static struct rb_root by_serial = RB_ROOT;
static LIST_HEAD(dead_fifo);
static unsigned int dead_count;
static u64 last_serial;
/* Bumped on every change; dumps compare it to flag NLM_F_DUMP_INTR. */
static u32 generation = 1;

static struct kmem_cache *netns_cache;
/* Every record ever allocated and not yet freed; must be zero at unload. */
static atomic_t records_allocated = ATOMIC_INIT(0);

void nstrack_registry_changed(void)
{
	lockdep_assert_held(&nstrack_registry_lock);
	/* 0 would disable the consistency check of nl_dump_check_consistent */
	if (++generation == 0)
		generation = 1;
}

struct nstrack_netns *nstrack_registry_alloc(gfp_t gfp)
{
	struct nstrack_netns *rec;

	rec = kmem_cache_zalloc(netns_cache, gfp);
	if (!rec)
		return NULL;
	RB_CLEAR_NODE(&rec->serial_node);
	INIT_HLIST_NODE(&rec->cookie_node);
	INIT_HLIST_NODE(&rec->inode_node);
	INIT_LIST_HEAD(&rec->dead_node);
	atomic_inc(&records_allocated);
	return rec;
}

static void registry_log(const struct nstrack_netns *rec, u8 type)
{
	struct nstrack_event ev = {
		.type = type,
		.has_from = true,
		.from.cookie = rec->cookie,
		.from.inode = rec->inode,
	};

	nstrack_event_log(&ev);
}

/* Also under the registry lock: dropping either reference never sleeps. */
static void registry_free(struct nstrack_netns *rec)
{
	put_user_ns(rec->owner);
	put_pid(rec->creator);
	kmem_cache_free(netns_cache, rec);
	atomic_dec(&records_allocated);
}

static bool serial_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct nstrack_netns, serial_node)->serial <
	       rb_entry(b, struct nstrack_netns, serial_node)->serial;
}

void nstrack_registry_insert(struct nstrack_netns *rec)
{
	spin_lock(&nstrack_registry_lock);
	rec->serial = ++last_serial;
	rb_add(&rec->serial_node, &by_serial, serial_less);
	hash_add(by_cookie, &rec->cookie_node, rec->cookie);
	hash_add(by_inode, &rec->inode_node, rec->inode);
	if (!(rec->flags & NSTRACK_NETNS_F_PREEXISTING))
		registry_log(rec, NSTRACK_EVENT_NETNS_NEW);
	nstrack_registry_changed();
	spin_unlock(&nstrack_registry_lock);
}

static void registry_unlink(struct nstrack_netns *rec)
{
	rb_erase(&rec->serial_node, &by_serial);
	hash_del(&rec->cookie_node);
	hash_del(&rec->inode_node);
	list_del(&rec->dead_node);
}

void nstrack_registry_set_dying(struct nstrack_netns *rec, u64 now)
{
	spin_lock(&nstrack_registry_lock);
	rec->state = NSTRACK_NETNS_STATE_DYING;
	rec->pre_exit_ns = now;
	registry_log(rec, NSTRACK_EVENT_NETNS_PRE_EXIT);
	nstrack_registry_changed();
	spin_unlock(&nstrack_registry_lock);
}

void nstrack_registry_set_dead(struct nstrack_netns *rec, u64 now)
{
	struct nstrack_netns *oldest;

	spin_lock(&nstrack_registry_lock);
	rec->state = NSTRACK_NETNS_STATE_DEAD;
	rec->exit_ns = now;
	rec->net = NULL;
	registry_log(rec, NSTRACK_EVENT_NETNS_EXIT);
	list_add_tail(&rec->dead_node, &dead_fifo);
	dead_count++;
	/* At most one eviction per death: the hook stays O(1). */
	if (dead_count > nstrack_history_size) {
		oldest = list_first_entry(&dead_fifo, struct nstrack_netns,
					  dead_node);
		registry_unlink(oldest);
		dead_count--;
		registry_free(oldest);
	}
	nstrack_registry_changed();
	spin_unlock(&nstrack_registry_lock);
}

struct nstrack_netns *nstrack_registry_find_cookie(u64 cookie)
{
	struct nstrack_netns *rec;

	lockdep_assert_held(&nstrack_registry_lock);
	hash_for_each_possible(by_cookie, rec, cookie_node, cookie)
		if (rec->cookie == cookie)
			return rec;
	return NULL;
}

/* Inodes are reused once a namespace is gone: prefer the one not dead. */
struct nstrack_netns *nstrack_registry_find_inode(u32 inode)
{
	struct nstrack_netns *rec, *found = NULL;

	lockdep_assert_held(&nstrack_registry_lock);
	hash_for_each_possible(by_inode, rec, inode_node, inode) {
		if (rec->inode != inode)
			continue;
		if (rec->state != NSTRACK_NETNS_STATE_DEAD)
			return rec;
		if (!found || rec->serial > found->serial)
			found = rec;
	}
	return found;
}

struct nstrack_netns *nstrack_registry_next(u64 after_serial)
{
	struct rb_node *node = by_serial.rb_node;
	struct nstrack_netns *rec, *best = NULL;

	lockdep_assert_held(&nstrack_registry_lock);
	while (node) {
		rec = rb_entry(node, struct nstrack_netns, serial_node);
		if (rec->serial > after_serial) {
			best = rec;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return best;
}

/* Records allocated and not yet freed, for leak checks. */
int nstrack_registry_records(void)
{
	return atomic_read(&records_allocated);
}

/* Bytes one record takes in its cache. */
unsigned int nstrack_registry_record_size(void)
{
	return kmem_cache_size(netns_cache);
}

u32 nstrack_registry_generation(void)
{
	lockdep_assert_held(&nstrack_registry_lock);
	return generation;
}

int nstrack_registry_init(void)
{
	netns_cache = KMEM_CACHE(nstrack_netns, NSTRACK_SLAB_FLAGS);
	if (!netns_cache)
		return -ENOMEM;
	return 0;
}

/* Called once nothing (no hook, no netlink op) can reach the registry. */
void nstrack_registry_exit(void)
{
	struct nstrack_netns *rec, *tmp;

	rbtree_postorder_for_each_entry_safe(rec, tmp, &by_serial, serial_node)
		registry_free(rec);
	by_serial = RB_ROOT;
	hash_init(by_cookie);
	hash_init(by_inode);
	INIT_LIST_HEAD(&dead_fifo);
	dead_count = 0;
	WARN(atomic_read(&records_allocated) != 0,
	     "nstrack: %d namespace records leaked\n",
	     atomic_read(&records_allocated));
	kmem_cache_destroy(netns_cache);
	netns_cache = NULL;
}
