/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - open the network namespace a command is to work in.
 *
 * The NS argument of the commands that change links, addresses and
 * routes is one of (see nsarg.h):
 *
 *   NAME      a name under /run/netns ("ip netns add NAME")
 *   PATH      anything containing '/': an nsfs file such as
 *             /proc/PID/ns/net or a bind mount of one
 *   pid:PID   the network namespace of process PID
 *
 * inode:N and cookie:N name a namespace but give no way into it, so they
 * are refused here.
 */
#ifndef NSTRACK_NSOPEN_H
#define NSTRACK_NSOPEN_H

/*
 * Open the namespace arg names (names are looked up in netns_dir, normally
 * NSTRACK_NETNS_RUN_DIR) with O_RDONLY | O_CLOEXEC and check that it is a
 * network namespace.  Returns the file descriptor, or -errno after exactly
 * one error line naming arg as the user wrote it.
 */
int nstrack_netns_open_arg(const char *arg, const char *netns_dir);

#endif /* NSTRACK_NSOPEN_H */
