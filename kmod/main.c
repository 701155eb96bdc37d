// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack: follows every network namespace from creation to teardown and
 * answers questions about them over generic netlink.
 *
 * Init order: the registry exists before any hook can add to it, and the
 * hooks run before netlink can read it.  Exit undoes it in reverse, so the
 * registry is freed only when neither a hook nor a netlink op can reach it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "devices.h"
#include "events.h"
#include "netlink.h"
#include "pernet.h"
#include "registry.h"
#include "sockets.h"
#include "version.h"

static int __init nstrack_init(void)
{
	int err;

	err = nstrack_registry_init();
	if (err)
		return err;

	err = nstrack_events_init();
	if (err)
		goto err_registry;

	err = nstrack_sockets_init();
	if (err)
		goto err_events;

	err = nstrack_pernet_init();
	if (err)
		goto err_sockets;

	/* after pernet: a device's namespace must have its record first */
	err = nstrack_devices_init();
	if (err)
		goto err_pernet;

	err = nstrack_netlink_init();
	if (err)
		goto err_devices;

	pr_info("version " NSTRACK_VERSION " loaded\n");
	return 0;

err_devices:
	nstrack_devices_exit();
err_pernet:
	nstrack_pernet_exit();
err_sockets:
	nstrack_sockets_exit();
err_events:
	nstrack_events_exit();
err_registry:
	nstrack_registry_exit();
	return err;
}

static void __exit nstrack_exit(void)
{
	nstrack_netlink_exit();
	nstrack_devices_exit();
	nstrack_pernet_exit();
	nstrack_sockets_exit();
	nstrack_events_exit();
	nstrack_registry_exit();
	/* the exits warn if a record was left; this line is for the tests */
	pr_info("unloaded: %d namespace records, %d device records left\n",
		nstrack_registry_records(), nstrack_dev_records());
}

module_init(nstrack_init);
module_exit(nstrack_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("nstrack developers");
MODULE_DESCRIPTION("Network namespace lifecycle tracking over generic netlink");
MODULE_VERSION(NSTRACK_VERSION);
