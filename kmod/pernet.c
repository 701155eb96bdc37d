// SPDX-License-Identifier: GPL-2.0
/*
 * The pernet hooks: every struct net passes through init when it is set up
 * (or when the module is registered, for namespaces that already exist),
 * through pre_exit when cleanup_net starts dismantling it, and through exit
 * after the RCU grace period that follows.  Each hook does O(1) work.
 */

#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <uapi/linux/nstrack.h>

#include "pernet.h"
#include "registry.h"

struct nstrack_pernet {
	/* NULL if the record could not be allocated */
	struct nstrack_netns *rec;
};

static unsigned int nstrack_net_id __read_mostly;

/*
 * register_pernet_subsys() runs init for every existing namespace in the
 * registering task, and unregister_pernet_subsys() runs pre_exit and exit
 * for every namespace in the unloading task.  Namespaces set up or torn
 * down at the same time run their hooks in other tasks, so the task tells
 * a pre-existing namespace from a new one, and unload from teardown.
 */
static struct task_struct *registrar;
static struct task_struct *unloader;

static struct nstrack_pernet *nstrack_pernet(struct net *net)
{
	return net_generic(net, nstrack_net_id);
}

/**
 * nstrack_pernet_record() - the record of a namespace
 * @net: a namespace the caller holds alive (a notifier for one of its
 *	devices, for instance)
 *
 * Return: its record, or NULL if it is untracked.
 */
struct nstrack_netns *nstrack_pernet_record(struct net *net)
{
	return nstrack_pernet(net)->rec;
}

static int __net_init nstrack_net_init(struct net *net)
{
	struct nstrack_netns *rec;
	u64 now = ktime_get_boottime_ns();

	/*
	 * A namespace must never fail to come up because it could not be
	 * tracked: an allocation failure leaves it untracked.
	 */
	rec = nstrack_registry_alloc(GFP_KERNEL);
	nstrack_pernet(net)->rec = rec;
	if (!rec)
		return 0;

	rec->net = net;
	rec->cookie = net->net_cookie;
	rec->inode = net->ns.inum;
	rec->owner = get_user_ns(net->user_ns);
	rec->owner_userns = net->user_ns->ns.inum;
	rec->owner_uid = net->user_ns->owner;
	rec->seen_ns = now;
	rec->state = NSTRACK_NETNS_STATE_ALIVE;
	if (READ_ONCE(registrar) == current) {
		rec->flags |= NSTRACK_NETNS_F_PREEXISTING;
	} else {
		/* setup_net() runs in the context of the task that asked */
		rec->created_ns = now;
		rec->creator = get_pid(task_tgid(current));
		rec->creator_tgid = task_tgid_nr(current);
		get_task_comm(rec->creator_comm, current);
	}
	nstrack_registry_insert(rec);
	return 0;
}

static void __net_exit nstrack_net_pre_exit(struct net *net)
{
	struct nstrack_netns *rec = nstrack_pernet(net)->rec;

	if (rec && READ_ONCE(unloader) != current)
		nstrack_registry_set_dying(rec, ktime_get_boottime_ns());
}

static void __net_exit nstrack_net_exit(struct net *net)
{
	struct nstrack_netns *rec = nstrack_pernet(net)->rec;

	if (rec && READ_ONCE(unloader) != current)
		nstrack_registry_set_dead(rec, ktime_get_boottime_ns());
}

static struct pernet_operations nstrack_pernet_ops = {
	.init = nstrack_net_init,
	.pre_exit = nstrack_net_pre_exit,
	.exit = nstrack_net_exit,
	.id = &nstrack_net_id,
	.size = sizeof(struct nstrack_pernet),
};

int nstrack_pernet_init(void)
{
	int err;

	WRITE_ONCE(registrar, current);
	err = register_pernet_subsys(&nstrack_pernet_ops);
	WRITE_ONCE(registrar, NULL);
	return err;
}

void nstrack_pernet_exit(void)
{
	WRITE_ONCE(unloader, current);
	unregister_pernet_subsys(&nstrack_pernet_ops);
	WRITE_ONCE(unloader, NULL);
}
