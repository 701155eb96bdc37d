/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - names given to network namespaces with "ip netns" (bind mounts
 * of nsfs files under /run/netns).
 */
#ifndef NSTRACK_NAMES_H
#define NSTRACK_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define NSTRACK_NETNS_RUN_DIR	"/run/netns"

struct nstrack_name {
	uint64_t ino;
	char *name;
};

/* Names sorted by inode, then by name.  Zero-initialise before use. */
struct nstrack_names {
	struct nstrack_name *v;
	size_t n;
};

/*
 * Fill *m with every entry of dir whose own inode (not following symlinks)
 * lives on device nsfs_dev; such an entry is a bind mount of that nsfs
 * inode.  A missing dir gives an empty map.  "." and ".." and entries that
 * vanish while scanning are skipped.  *m must be empty (zeroed).
 * Returns 0 or -errno (then *m is empty); prints nothing.
 */
int nstrack_names_scan(struct nstrack_names *m, const char *dir,
		       dev_t nsfs_dev);

/*
 * nstrack_names_scan() of dir (normally NSTRACK_NETNS_RUN_DIR) with the
 * device of /proc/self/ns/net, i.e. nsfs.  On failure prints one error line
 * and returns -errno.
 */
int nstrack_names_load(struct nstrack_names *m, const char *dir);

/*
 * Number of names for inode ino; *first is set to the index in m->v of the
 * first of them (they are consecutive and sorted by name).
 */
size_t nstrack_names_find(const struct nstrack_names *m, uint64_t ino,
			  size_t *first);

void nstrack_names_free(struct nstrack_names *m);

#endif /* NSTRACK_NAMES_H */
