/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nstrack: network namespace lifecycle tracking over generic netlink.
 *
 * Family "nstrack", version 1.
 *
 * The module keeps one record per network namespace (struct net) from the
 * moment its pernet init hook runs until the record is evicted from the
 * bounded history of dead namespaces.  A record is identified by the
 * namespace cookie (NSTRACK_A_NETNS_COOKIE), which the kernel assigns once
 * and never reuses.  The nsfs inode (NSTRACK_A_NETNS_INODE) identifies the
 * namespace for as long as it is alive, but can be reused afterwards.
 *
 * Commands
 * --------
 * NSTRACK_CMD_NETNS_GET
 *   do:   selects exactly one namespace by one of
 *         NSTRACK_A_NETNS_COOKIE  (live or dead record),
 *         NSTRACK_A_NETNS_INODE   (live record preferred over dead ones),
 *         NSTRACK_A_NETNS_PID     (the namespace of that process, in the
 *                                  caller's pid namespace),
 *         NSTRACK_A_NETNS_FD      (an open nsfs file of the caller)
 *         and answers with one NSTRACK_CMD_NETNS_GET message.
 *   dump: no attributes; one message per record, live namespaces and the
 *         dead ones still in history, in the order the module first saw
 *         them (NSTRACK_A_NETNS_SERIAL ascending).  A dump that overlaps a
 *         change of the registry has NLM_F_DUMP_INTR set on its messages.
 *   Both require CAP_NET_ADMIN.
 *
 * Reply attributes of NSTRACK_CMD_NETNS_GET
 * -----------------------------------------
 *   NSTRACK_A_NETNS_SERIAL        u64  record number, ascending in time
 *   NSTRACK_A_NETNS_COOKIE        u64  netns cookie
 *   NSTRACK_A_NETNS_INODE         u32  nsfs inode number
 *   NSTRACK_A_NETNS_NSID          s32  id of the namespace as seen from the
 *                                      requesting socket's namespace; absent
 *                                      when none is assigned or it is dead
 *   NSTRACK_A_NETNS_OWNER_USERNS  u32  inode of the owning user namespace
 *   NSTRACK_A_NETNS_OWNER_UID     u32  uid owning that user namespace, as
 *                                      seen from the caller's user namespace
 *   NSTRACK_A_NETNS_STATE         u8   enum nstrack_netns_state
 *   NSTRACK_A_NETNS_FLAGS         u32  NSTRACK_NETNS_F_* bits
 *   NSTRACK_A_NETNS_SEEN_NS       u64  CLOCK_BOOTTIME ns when the module
 *                                      first saw the namespace
 *   NSTRACK_A_NETNS_CREATED_NS    u64  CLOCK_BOOTTIME ns of creation; absent
 *                                      for namespaces that existed before
 *                                      the module was loaded
 *   NSTRACK_A_NETNS_CREATOR_PID   u32  thread group id of the creating task
 *                                      (initial pid namespace); absent when
 *                                      pre-existing
 *   NSTRACK_A_NETNS_CREATOR_COMM  string  comm of the creating task; absent
 *                                      when pre-existing
 *   NSTRACK_A_NETNS_PRE_EXIT_NS   u64  CLOCK_BOOTTIME ns of pre_exit; only
 *                                      once dying
 *   NSTRACK_A_NETNS_EXIT_NS       u64  CLOCK_BOOTTIME ns of exit; only once
 *                                      dead
 *   NSTRACK_A_NETNS_PAD                padding for 64-bit attributes
 *
 * Attribute numbers are never reused; new attributes are only appended.
 */
#ifndef _UAPI_LINUX_NSTRACK_H
#define _UAPI_LINUX_NSTRACK_H

#define NSTRACK_FAMILY_NAME	"nstrack"
#define NSTRACK_FAMILY_VERSION	1

/**
 * enum nstrack_netns_state - where a namespace is in its lifecycle
 * @NSTRACK_NETNS_STATE_ALIVE: pernet init ran, pre_exit has not
 * @NSTRACK_NETNS_STATE_DYING: pre_exit ran (cleanup_net started), exit has not
 * @NSTRACK_NETNS_STATE_DEAD: exit ran; the record is kept in the history
 */
enum nstrack_netns_state {
	NSTRACK_NETNS_STATE_ALIVE = 1,
	NSTRACK_NETNS_STATE_DYING,
	NSTRACK_NETNS_STATE_DEAD,
};

/**
 * enum nstrack_netns_flags - bits of NSTRACK_A_NETNS_FLAGS
 * @NSTRACK_NETNS_F_PREEXISTING: the namespace existed before the module was
 *	loaded; its creation time and creator are unknown
 */
enum nstrack_netns_flags {
	NSTRACK_NETNS_F_PREEXISTING = 1 << 0,
};

enum nstrack_a_netns {
	NSTRACK_A_NETNS_UNSPEC,
	NSTRACK_A_NETNS_PAD,
	NSTRACK_A_NETNS_SERIAL,
	NSTRACK_A_NETNS_COOKIE,
	NSTRACK_A_NETNS_INODE,
	NSTRACK_A_NETNS_PID,
	NSTRACK_A_NETNS_FD,
	NSTRACK_A_NETNS_NSID,
	NSTRACK_A_NETNS_OWNER_USERNS,
	NSTRACK_A_NETNS_OWNER_UID,
	NSTRACK_A_NETNS_STATE,
	NSTRACK_A_NETNS_FLAGS,
	NSTRACK_A_NETNS_SEEN_NS,
	NSTRACK_A_NETNS_CREATED_NS,
	NSTRACK_A_NETNS_CREATOR_PID,
	NSTRACK_A_NETNS_CREATOR_COMM,
	NSTRACK_A_NETNS_PRE_EXIT_NS,
	NSTRACK_A_NETNS_EXIT_NS,

	__NSTRACK_A_NETNS_MAX,
	NSTRACK_A_NETNS_MAX = (__NSTRACK_A_NETNS_MAX - 1)
};

enum nstrack_cmd {
	NSTRACK_CMD_UNSPEC,
	NSTRACK_CMD_NETNS_GET,

	__NSTRACK_CMD_MAX,
	NSTRACK_CMD_MAX = (__NSTRACK_CMD_MAX - 1)
};

/* CLOCK_BOOTTIME nanoseconds; comm is at most 15 bytes plus NUL */
#define NSTRACK_COMM_LEN	16

#endif /* _UAPI_LINUX_NSTRACK_H */
