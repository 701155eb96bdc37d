/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the supported kernels lives here, so that the
 * .c files read the same on all of them.
 */
#ifndef _NSTRACK_COMPAT_H
#define _NSTRACK_COMPAT_H

#include <linux/slab.h>
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

/*
 * The record caches stay out of slab merging where the kernel allows it
 * (6.5+), so that /proc/slabinfo shows them by name; on 6.1 only the
 * slab_nomerge boot option does that.
 */
#ifdef SLAB_NO_MERGE
#define NSTRACK_SLAB_FLAGS SLAB_NO_MERGE
#else
#define NSTRACK_SLAB_FLAGS 0
#endif

#endif /* _NSTRACK_COMPAT_H */
