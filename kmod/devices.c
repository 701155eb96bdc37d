// SPDX-License-Identifier: GPL-2.0
/*
 * Device inventory and device history, from one netdevice notifier.
 *
 * A move through dev_change_net_namespace() shows up as NETDEV_UNREGISTER
 * while the device is still NETREG_REGISTERED, then NETDEV_REGISTER in the
 * target namespace; both halves meet in the record kept for that
 * struct net_device.  A real unregistration comes with the device already
 * NETREG_UNREGISTERING.  When a namespace is dismantled, its devices are
 * deleted or sent back to init_net by the pernet device operations, which
 * run after nstrack's pre_exit and before its exit: the namespace's record
 * is then "dying", which is how those events get the reason netns-exit.
 *
 * No device reference is taken: the records only remember the pointer as a
 * key, and the notifier tells us before the device goes away.
 */

#include <linux/hashtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

#include <uapi/linux/nstrack.h>

#include "compat.h"
#include "devices.h"
#include "events.h"
#include "pernet.h"
#include "registry.h"

#define NSTRACK_DEV_HASH_BITS 10

static DEFINE_HASHTABLE(by_dev, NSTRACK_DEV_HASH_BITS);
static struct rb_root by_serial = RB_ROOT;
static u64 last_serial;
static struct kmem_cache *dev_cache;
static atomic_t devs_allocated = ATOMIC_INIT(0);

/*
 * register_netdevice_notifier() replays NETDEV_REGISTER for every existing
 * device in the registering task, and unregistering replays
 * NETDEV_UNREGISTER in the unloading task: neither is a real event.
 */
static struct task_struct *registrar;
static struct task_struct *unloader;

static struct nstrack_dev *dev_find(const struct net_device *dev)
{
	struct nstrack_dev *d;

	hash_for_each_possible(by_dev, d, dev_node, (unsigned long)dev)
		if (d->dev == dev)
			return d;
	return NULL;
}

static bool serial_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct nstrack_dev, serial_node)->serial <
	       rb_entry(b, struct nstrack_dev, serial_node)->serial;
}

/**
 * nstrack_dev_reason() - why a device leaves its namespace
 * @from: record of the namespace it leaves, NULL if untracked
 * @move: it moves to another namespace rather than going away
 *
 * Return: NSTRACK_REASON_NETNS_EXIT if that namespace is being dismantled
 * (the pernet device exits run between nstrack's pre_exit and exit),
 * otherwise USER for a move and UNREGISTER for a removal; UNKNOWN for a
 * move out of an untracked namespace.
 */
u8 nstrack_dev_reason(const struct nstrack_netns *from, bool move)
{
	if (from && from->state != NSTRACK_NETNS_STATE_ALIVE)
		return NSTRACK_REASON_NETNS_EXIT;
	if (!move)
		return NSTRACK_REASON_UNREGISTER;
	return from ? NSTRACK_REASON_USER : NSTRACK_REASON_UNKNOWN;
}

static void dev_copy_state(struct nstrack_dev *d, struct net_device *dev)
{
	d->at.ifindex = dev->ifindex;
	strscpy(d->at.name, dev->name, sizeof(d->at.name));
	d->addr_len = min_t(unsigned int, dev->addr_len, sizeof(d->addr));
	memcpy(d->addr, dev->dev_addr, d->addr_len);
}

/* The device arrives in its namespace (registration or end of a move). */
static void dev_enter(struct nstrack_dev *d, struct net_device *dev)
{
	struct net *net = dev_net(dev);

	d->netns = nstrack_pernet_record(net);
	d->at.cookie = net->net_cookie;
	d->at.inode = net->ns.inum;
	dev_copy_state(d, dev);
	if (d->netns)
		d->netns->devices++;
}

static void dev_leave(struct nstrack_dev *d)
{
	if (d->netns)
		d->netns->devices--;
	d->netns = NULL;
}

static u64 dev_log(u8 type, u8 reason, const struct nstrack_endpoint *from,
		   const struct nstrack_endpoint *to)
{
	struct nstrack_event ev = { .type = type, .reason = reason };

	if (from) {
		ev.has_from = true;
		ev.from = *from;
	}
	if (to) {
		ev.has_to = true;
		ev.to = *to;
	}
	return nstrack_event_log(&ev);
}

static void dev_free(struct nstrack_dev *d)
{
	kmem_cache_free(dev_cache, d);
	atomic_dec(&devs_allocated);
}

static void dev_registered(struct net_device *dev)
{
	bool replay = READ_ONCE(registrar) == current;
	struct nstrack_dev *d, *fresh;

	/* Allocated up front: the lock is a spinlock. */
	fresh = kmem_cache_zalloc(dev_cache, GFP_KERNEL);
	if (fresh)
		atomic_inc(&devs_allocated);

	spin_lock(&nstrack_registry_lock);
	d = dev_find(dev);
	if (d && d->moving) {
		d->moving = false;
		dev_enter(d, dev);
		d->move_seq = dev_log(NSTRACK_EVENT_DEV_MOVE, d->move_reason,
				      &d->move_from, &d->at);
		d->move_tgid = task_tgid_nr(current);
	} else if (!d && fresh) {
		d = fresh;
		fresh = NULL;
		d->dev = dev;
		d->serial = ++last_serial;
		if (dev->rtnl_link_ops)
			strscpy(d->kind, dev->rtnl_link_ops->kind,
				sizeof(d->kind));
		else
			strscpy(d->kind, dev->flags & IFF_LOOPBACK ?
				"loopback" : "physical", sizeof(d->kind));
		hash_add(by_dev, &d->dev_node, (unsigned long)dev);
		rb_add(&d->serial_node, &by_serial, serial_less);
		dev_enter(d, dev);
		if (!replay)
			dev_log(NSTRACK_EVENT_DEV_REGISTER,
				NSTRACK_REASON_REGISTER, NULL, &d->at);
	}
	nstrack_registry_changed();
	spin_unlock(&nstrack_registry_lock);

	if (fresh)
		dev_free(fresh);
}

static void dev_unregistered(struct net_device *dev)
{
	struct nstrack_dev *d;
	u8 reason;

	if (READ_ONCE(unloader) == current)
		return;

	spin_lock(&nstrack_registry_lock);
	d = dev_find(dev);
	if (!d)
		goto out;
	if (dev->reg_state == NETREG_REGISTERED) {
		/* first half of a move: the target is not known yet */
		d->moving = true;
		d->move_from = d->at;
		d->move_reason = nstrack_dev_reason(d->netns, true);
		dev_leave(d);
	} else {
		reason = nstrack_dev_reason(d->netns, false);
		dev_log(NSTRACK_EVENT_DEV_UNREGISTER, reason, &d->at, NULL);
		dev_leave(d);
		hash_del(&d->dev_node);
		rb_erase(&d->serial_node, &by_serial);
		dev_free(d);
	}
	nstrack_registry_changed();
out:
	spin_unlock(&nstrack_registry_lock);
}

static void dev_changed(struct net_device *dev, unsigned long event)
{
	struct nstrack_dev *d;

	spin_lock(&nstrack_registry_lock);
	d = dev_find(dev);
	if (!d || d->moving)
		goto out;
	/*
	 * "ip link set X netns N name Y" moves, then renames, in one request
	 * under RTNL: a rename by the mover with no event in between is part
	 * of the move, so the move record gets the final name.
	 */
	if (event == NETDEV_CHANGENAME && d->move_seq &&
	    d->move_tgid == task_tgid_nr(current))
		nstrack_event_rename(d->move_seq, dev->name);
	d->move_seq = 0;
	dev_copy_state(d, dev);
	nstrack_registry_changed();
out:
	spin_unlock(&nstrack_registry_lock);
}

static int nstrack_netdev_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_REGISTER:
		dev_registered(dev);
		break;
	case NETDEV_UNREGISTER:
		dev_unregistered(dev);
		break;
	case NETDEV_CHANGENAME:
	case NETDEV_CHANGEADDR:
		dev_changed(dev, event);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block nstrack_netdev_notifier = {
	.notifier_call = nstrack_netdev_event,
};

/* The next device after @after_serial; registry lock held. */
struct nstrack_dev *nstrack_dev_next(u64 after_serial)
{
	struct rb_node *node = by_serial.rb_node;
	struct nstrack_dev *d, *best = NULL;

	lockdep_assert_held(&nstrack_registry_lock);
	while (node) {
		d = rb_entry(node, struct nstrack_dev, serial_node);
		if (d->serial > after_serial) {
			best = d;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return best;
}

int nstrack_dev_records(void)
{
	return atomic_read(&devs_allocated);
}

/* Bytes one device record takes in its cache. */
unsigned int nstrack_dev_record_size(void)
{
	return kmem_cache_size(dev_cache);
}

int nstrack_devices_init(void)
{
	int err;

	dev_cache = KMEM_CACHE(nstrack_dev, NSTRACK_SLAB_FLAGS);
	if (!dev_cache)
		return -ENOMEM;

	WRITE_ONCE(registrar, current);
	err = register_netdevice_notifier(&nstrack_netdev_notifier);
	WRITE_ONCE(registrar, NULL);
	if (err)
		kmem_cache_destroy(dev_cache);
	return err;
}

void nstrack_devices_exit(void)
{
	struct nstrack_dev *d, *tmp;

	WRITE_ONCE(unloader, current);
	unregister_netdevice_notifier(&nstrack_netdev_notifier);
	WRITE_ONCE(unloader, NULL);

	spin_lock(&nstrack_registry_lock);
	rbtree_postorder_for_each_entry_safe(d, tmp, &by_serial, serial_node) {
		dev_leave(d);
		dev_free(d);
	}
	by_serial = RB_ROOT;
	hash_init(by_dev);
	nstrack_registry_changed();
	spin_unlock(&nstrack_registry_lock);

	WARN(nstrack_dev_records() != 0, "nstrack: %d device records leaked\n",
	     nstrack_dev_records());
	kmem_cache_destroy(dev_cache);
}
