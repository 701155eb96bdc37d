/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the supported kernels lives here, so that the
 * .c files read the same on all of them.
 */
#ifndef _NSTRACK_COMPAT_H
#define _NSTRACK_COMPAT_H

#include <linux/version.h>
#include <net/genetlink.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "nstrack needs Linux 6.1 or later"
#endif

/* 6.2 moved a dump's parsed attributes into an embedded struct genl_info. */
static inline struct nlattr **nstrack_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->attrs;
#else
	return genl_dumpit_info(cb)->info.attrs;
#endif
}

#endif /* _NSTRACK_COMPAT_H */
