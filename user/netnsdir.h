/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - the on-disk contract of named network namespaces, the one
 * "ip netns" (iproute2) keeps:
 *
 *  - a name is a file NAME in /run/netns on which the namespace's nsfs
 *    file is bind-mounted; the bind mount holds the namespace alive;
 *  - /run/netns is itself a mount point with shared propagation, so the
 *    bind mounts (and their removal) reach every mount namespace that was
 *    copied from ours; it is made one (bound on itself, in a peer group
 *    of its own) under an exclusive flock() of the directory;
 *  - the file is created with O_EXCL before anything else, so two
 *    creators of one name cannot both succeed; deleting is a lazy
 *    unmount (MNT_DETACH) and an unlink;
 *  - commands run "in" a namespace get a mount namespace of their own
 *    where /sys shows that namespace and every /etc/netns/NAME/ENTRY is
 *    bind-mounted over /etc/ENTRY.
 *
 * The directory is a parameter (NSTRACK_NETNS_RUN_DIR, from names.h, in
 * the tool) so that tests can use another one.  Every function that can
 * fail prints exactly one line on the error output, starting with cmd
 * (the command, e.g. "add") and the name, and returns a negative errno;
 * on failure nothing it created is left behind.
 */
#ifndef NSTRACK_NETNSDIR_H
#define NSTRACK_NETNSDIR_H

#include <stddef.h>
#include <sys/types.h>

#define NSTRACK_NETNS_ETC_DIR	"/etc/netns"

/* Why a name is refused. */
enum nstrack_name_check {
	NSTRACK_NAME_OK = 0,
	NSTRACK_NAME_EMPTY,
	NSTRACK_NAME_TOO_LONG,		/* more than NAME_MAX bytes */
	NSTRACK_NAME_SLASH,		/* contains '/' */
	NSTRACK_NAME_DOT,		/* "." or ".." */
};

/* A valid name is a file name: 1..NAME_MAX bytes, no '/', not . or .. */
enum nstrack_name_check nstrack_netns_name_check(const char *name);

/* What is wrong with the name, as the end of a sentence. */
const char *nstrack_netns_name_problem(enum nstrack_name_check why);

/*
 * name as it may appear in a message: control characters replaced, and
 * cut to fit len bytes with "..." at the end if it is longer.
 */
void nstrack_netns_name_shown(char *dst, size_t len, const char *name);

/*
 * Check name; if it is invalid, print "<cmd>: invalid name '<name>':
 * <problem>" and return -EINVAL.
 */
int nstrack_netns_name_valid(const char *cmd, const char *name);

/*
 * Make sure dir exists and is a mount point with shared propagation,
 * under an exclusive flock() of dir (a lock that cannot be taken is only
 * a warning, as with iproute2).  A bind mount made here is undone if the
 * propagation cannot be set.
 */
int nstrack_netnsdir_prepare(const char *cmd, const char *dir);

/* Create a new network namespace and name it. */
int nstrack_netnsdir_add(const char *cmd, const char *dir, const char *name);

/* Name the network namespace of process pid. */
int nstrack_netnsdir_attach(const char *cmd, const char *dir,
			    const char *name, pid_t pid);

/*
 * Remove a name (also a file left behind that is not a bind mount).  The
 * namespace itself goes away once nothing else holds it.
 */
int nstrack_netnsdir_delete(const char *cmd, const char *dir,
			    const char *name);

/*
 * Remove every name in dir.  Goes on after a failure (one error line
 * each); returns 0 or the first error.  A missing dir has no names.
 */
int nstrack_netnsdir_delete_all(const char *cmd, const char *dir);

/*
 * Every entry of dir (named namespaces and whatever else is there, as
 * "ip netns list" shows them), sorted, in a malloc()ed array of malloc()ed
 * strings (free with nstrack_netnsdir_list_free()).  A missing dir has no
 * entries.
 */
int nstrack_netnsdir_list(const char *cmd, const char *dir, char ***names,
			  size_t *n);
void nstrack_netnsdir_list_free(char **names, size_t n);

/*
 * Open the namespace called name (O_RDONLY | O_CLOEXEC) and check that it
 * is a network namespace.  Returns the file descriptor.
 */
int nstrack_netnsdir_open(const char *cmd, const char *dir, const char *name);

/*
 * Move the calling process into the namespace called name the way
 * "ip netns exec" does: join it, unshare the mount namespace, make every
 * mount a slave (nothing propagates back), replace /sys with a sysfs of
 * the namespace, and bind-mount each entry of /etc/netns/NAME over its
 * namesake in /etc (a failure there is a warning, as with iproute2).
 * Irreversible: the caller runs a command next, or exits.
 */
int nstrack_netnsdir_enter(const char *cmd, const char *dir, const char *name);

#endif /* NSTRACK_NETNSDIR_H */
