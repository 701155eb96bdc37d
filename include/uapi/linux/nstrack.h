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
 *
 * NSTRACK_CMD_DEV_GET
 *   dump: one message per network device, with the NSTRACK_A_DEV_*
 *         attributes; with NSTRACK_A_DEV_NETNS_COOKIE in the request only
 *         the devices of that namespace.
 *
 * NSTRACK_CMD_HISTORY_GET
 *   dump: the history of namespace and device events, oldest first, one
 *         message per event with the NSTRACK_A_EVENT_* attributes.  With
 *         NSTRACK_A_EVENT_SEQ in the request, only events after that
 *         sequence number; with NSTRACK_A_EVENT_NETNS, only the events
 *         that involve that namespace (the nest's cookie).  The history is
 *         bounded (module parameter event_history_size): the oldest events
 *         are dropped first, and their sequence numbers are not reused.
 *
 * NSTRACK_CMD_SOCKETS_GET
 *   dump: one message per live namespace with NSTRACK_A_NETNS_COOKIE,
 *         NSTRACK_A_NETNS_INODE and NSTRACK_A_NETNS_SOCKETS holding the
 *         total and one NSTRACK_A_SOCKETS_PROTO nest per protocol; with
 *         NSTRACK_A_NETNS_COOKIE in the request, only that namespace.
 *         Counts are read when asked, from the kernel's per-namespace
 *         in-use counters (those of /proc/net/sockstat and
 *         /proc/net/protocols).
 *
 * NSTRACK_CMD_INFO_GET
 *   do:   no attributes; one message with the NSTRACK_A_INFO_* attributes:
 *         the module's version, the sequence numbers of the newest and the
 *         oldest event kept, and the sizes of the histories.  A listener
 *         reads it after joining the events group to know where the
 *         stream starts.
 *
 * NSTRACK_CMD_EVENT_NTF
 *   notification only, on the multicast group NSTRACK_MCGRP_EVENTS: every
 *   event of the history, as it is logged, with the same NSTRACK_A_EVENT_*
 *   attributes as in NSTRACK_CMD_HISTORY_GET.  Sequence numbers rise by
 *   exactly one per event, so a gap tells a listener how many it missed
 *   (a full receive queue, ENOBUFS, or a notification that could not be
 *   allocated); the missed ones can be read back from the history while
 *   it still holds them.  The group is joined with CAP_NET_ADMIN and is
 *   only sent to in the initial network namespace (NSTRACK_A_INFO_EVENTS_HERE
 *   says whether the caller is there).  A device move is sent once the
 *   request that moved it is finished, so that it carries the name the
 *   device ended up with ("ip link set X netns N name Y").
 *
 * Permissions
 * -----------
 *   The family works from any network namespace.  Every command requires
 *   CAP_NET_ADMIN over the user namespace that owns the caller's network
 *   namespace, and every answer only holds the namespaces over whose owning
 *   user namespace the caller has CAP_NET_ADMIN: a container's root sees
 *   the namespaces its user namespace owns, the host's root sees them all.
 *   A namespace the caller may not see is answered as if it did not exist.
 *   Device events that cross into a hidden namespace omit that side.  The
 *   events group is joined with CAP_NET_ADMIN in the initial user namespace
 *   (its sockets live in the initial network namespace).  Pids in answers
 *   are those of the caller's pid namespace, and absent where the task is
 *   not visible from there; nsids are those of the caller's namespace.
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
 *                                      in the caller's pid namespace; absent
 *                                      when pre-existing or not visible
 *                                      from there
 *   NSTRACK_A_NETNS_CREATOR_COMM  string  comm of the creating task; absent
 *                                      when pre-existing
 *   NSTRACK_A_NETNS_PRE_EXIT_NS   u64  CLOCK_BOOTTIME ns of pre_exit; only
 *                                      once dying
 *   NSTRACK_A_NETNS_EXIT_NS       u64  CLOCK_BOOTTIME ns of exit; only once
 *                                      dead
 *   NSTRACK_A_NETNS_DEVICES       u32  number of network devices in it
 *   NSTRACK_A_NETNS_SOCKETS       nest live namespaces: NSTRACK_A_SOCKETS_*
 *                                      (in NETNS_GET answers only the total
 *                                      and the TCP TIME_WAIT count)
 *   NSTRACK_A_NETNS_PAD                padding for 64-bit attributes
 *
 * Socket counts (NSTRACK_A_SOCKETS_*)
 * -----------------------------------
 *   TOTAL u32          sockets in use ("sockets: used" of /proc/net/sockstat)
 *   TCP_TIME_WAIT u32  TCP sockets in TIME_WAIT ("tw" of sockstat)
 *   PROTO nest         repeated: NSTRACK_A_PROTO_NAME string (as in
 *                      /proc/net/protocols) and NSTRACK_A_PROTO_INUSE u32
 *
 * Attributes of NSTRACK_CMD_DEV_GET (NSTRACK_A_DEV_*)
 * --------------------------------------------------
 *   NETNS_COOKIE u64, NETNS_INODE u32: the namespace the device is in
 *   IFINDEX u32, NAME string, KIND string (rtnl_link_ops kind, "loopback",
 *   or "physical" for devices without link ops), ADDRESS binary (the
 *   link-layer address, absent when the device has none)
 *
 * Attributes of NSTRACK_CMD_HISTORY_GET (NSTRACK_A_EVENT_*)
 * --------------------------------------------------------
 *   SEQ u64        sequence number, +1 per event, never reused
 *   TIME_NS u64    CLOCK_BOOTTIME ns
 *   TYPE u8        enum nstrack_event_type
 *   REASON u8      enum nstrack_event_reason (device events)
 *   TASK_PID u32, TASK_COMM string: the task in whose context the event
 *                  happened (the creator, the mover, the cleanup worker);
 *                  the pid is the caller's view (initial pid namespace in
 *                  notifications) and absent if the task is not visible
 *   NETNS nest     namespace events: the namespace (NSTRACK_A_ENDPOINT_*)
 *   FROM nest      device events: where the device was (absent for
 *                  register): NSTRACK_A_ENDPOINT_COOKIE, _INODE,
 *                  _IFINDEX, _NAME
 *   TO nest        device events: where it is now (absent for unregister)
 *
 * Attribute numbers are never reused; new attributes are only appended.
 */
#ifndef _UAPI_LINUX_NSTRACK_H
#define _UAPI_LINUX_NSTRACK_H

#define NSTRACK_FAMILY_NAME	"nstrack"
#define NSTRACK_FAMILY_VERSION	1

/**
 * Attributes of NSTRACK_CMD_INFO_GET (NSTRACK_A_INFO_*)
 * -----------------------------------------------------
 *   VERSION string         module version
 *   EVENT_LAST u64         sequence number of the newest event (0: none yet)
 *   EVENT_OLDEST u64       sequence number of the oldest event kept
 *                          (EVENT_LAST + 1 when none is kept)
 *   EVENT_HISTORY_SIZE u32 events kept at most (event_history_size)
 *   NETNS_HISTORY_SIZE u32 dead namespaces kept at most (history_size)
 *   EVENTS_HERE flag       the events group is sent to the caller's network
 *                          namespace (only the initial one)
 *   NOTIFY_FAILED u64      notifications that could not be allocated
 *   NETNS_RECORDS u32      namespace records allocated (live and dead)
 *   DEV_RECORDS u32        device records allocated
 *   NETNS_RECORD_SIZE u32  bytes of one namespace record (its slab object)
 *   DEV_RECORD_SIZE u32    bytes of one device record (its slab object)
 *   EVENT_RECORD_SIZE u32  bytes of one event in the history ring
 *   The sequence numbers, NOTIFY_FAILED and the record counts describe the
 *   whole system: only a caller who sees every namespace gets them.
 *
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
	NSTRACK_A_NETNS_DEVICES,
	NSTRACK_A_NETNS_SOCKETS,

	__NSTRACK_A_NETNS_MAX,
	NSTRACK_A_NETNS_MAX = (__NSTRACK_A_NETNS_MAX - 1)
};

enum nstrack_a_sockets {
	NSTRACK_A_SOCKETS_UNSPEC,
	NSTRACK_A_SOCKETS_TOTAL,
	NSTRACK_A_SOCKETS_TCP_TIME_WAIT,
	NSTRACK_A_SOCKETS_PROTO,

	__NSTRACK_A_SOCKETS_MAX,
	NSTRACK_A_SOCKETS_MAX = (__NSTRACK_A_SOCKETS_MAX - 1)
};

enum nstrack_a_proto {
	NSTRACK_A_PROTO_UNSPEC,
	NSTRACK_A_PROTO_NAME,
	NSTRACK_A_PROTO_INUSE,

	__NSTRACK_A_PROTO_MAX,
	NSTRACK_A_PROTO_MAX = (__NSTRACK_A_PROTO_MAX - 1)
};

enum nstrack_a_dev {
	NSTRACK_A_DEV_UNSPEC,
	NSTRACK_A_DEV_PAD,
	NSTRACK_A_DEV_NETNS_COOKIE,
	NSTRACK_A_DEV_NETNS_INODE,
	NSTRACK_A_DEV_IFINDEX,
	NSTRACK_A_DEV_NAME,
	NSTRACK_A_DEV_KIND,
	NSTRACK_A_DEV_ADDRESS,

	__NSTRACK_A_DEV_MAX,
	NSTRACK_A_DEV_MAX = (__NSTRACK_A_DEV_MAX - 1)
};

enum nstrack_a_endpoint {
	NSTRACK_A_ENDPOINT_UNSPEC,
	NSTRACK_A_ENDPOINT_PAD,
	NSTRACK_A_ENDPOINT_COOKIE,
	NSTRACK_A_ENDPOINT_INODE,
	NSTRACK_A_ENDPOINT_IFINDEX,
	NSTRACK_A_ENDPOINT_NAME,

	__NSTRACK_A_ENDPOINT_MAX,
	NSTRACK_A_ENDPOINT_MAX = (__NSTRACK_A_ENDPOINT_MAX - 1)
};

enum nstrack_a_event {
	NSTRACK_A_EVENT_UNSPEC,
	NSTRACK_A_EVENT_PAD,
	NSTRACK_A_EVENT_SEQ,
	NSTRACK_A_EVENT_TIME_NS,
	NSTRACK_A_EVENT_TYPE,
	NSTRACK_A_EVENT_REASON,
	NSTRACK_A_EVENT_TASK_PID,
	NSTRACK_A_EVENT_TASK_COMM,
	NSTRACK_A_EVENT_NETNS,
	NSTRACK_A_EVENT_FROM,
	NSTRACK_A_EVENT_TO,

	__NSTRACK_A_EVENT_MAX,
	NSTRACK_A_EVENT_MAX = (__NSTRACK_A_EVENT_MAX - 1)
};

enum nstrack_a_info {
	NSTRACK_A_INFO_UNSPEC,
	NSTRACK_A_INFO_PAD,
	NSTRACK_A_INFO_VERSION,
	NSTRACK_A_INFO_EVENT_LAST,
	NSTRACK_A_INFO_EVENT_OLDEST,
	NSTRACK_A_INFO_EVENT_HISTORY_SIZE,
	NSTRACK_A_INFO_NETNS_HISTORY_SIZE,
	NSTRACK_A_INFO_EVENTS_HERE,
	NSTRACK_A_INFO_NOTIFY_FAILED,
	NSTRACK_A_INFO_NETNS_RECORDS,
	NSTRACK_A_INFO_DEV_RECORDS,
	NSTRACK_A_INFO_NETNS_RECORD_SIZE,
	NSTRACK_A_INFO_DEV_RECORD_SIZE,
	NSTRACK_A_INFO_EVENT_RECORD_SIZE,

	__NSTRACK_A_INFO_MAX,
	NSTRACK_A_INFO_MAX = (__NSTRACK_A_INFO_MAX - 1)
};

/* the multicast group of NSTRACK_CMD_EVENT_NTF */
#define NSTRACK_MCGRP_EVENTS	"events"
/* longest NSTRACK_A_INFO_VERSION, NUL included */
#define NSTRACK_VERSION_LEN	32

enum nstrack_cmd {
	NSTRACK_CMD_UNSPEC,
	NSTRACK_CMD_NETNS_GET,
	NSTRACK_CMD_DEV_GET,
	NSTRACK_CMD_HISTORY_GET,
	NSTRACK_CMD_SOCKETS_GET,
	NSTRACK_CMD_EVENT_NTF,
	NSTRACK_CMD_INFO_GET,

	__NSTRACK_CMD_MAX,
	NSTRACK_CMD_MAX = (__NSTRACK_CMD_MAX - 1)
};

/**
 * enum nstrack_event_type - what a history record is about
 * @NSTRACK_EVENT_NETNS_NEW: a namespace was set up (pernet init)
 * @NSTRACK_EVENT_NETNS_PRE_EXIT: its teardown started (pre_exit)
 * @NSTRACK_EVENT_NETNS_EXIT: its teardown finished (exit)
 * @NSTRACK_EVENT_DEV_REGISTER: a device was registered
 * @NSTRACK_EVENT_DEV_UNREGISTER: a device was unregistered
 * @NSTRACK_EVENT_DEV_MOVE: a device moved to another namespace
 */
enum nstrack_event_type {
	NSTRACK_EVENT_NETNS_NEW = 1,
	NSTRACK_EVENT_NETNS_PRE_EXIT,
	NSTRACK_EVENT_NETNS_EXIT,
	NSTRACK_EVENT_DEV_REGISTER,
	NSTRACK_EVENT_DEV_UNREGISTER,
	NSTRACK_EVENT_DEV_MOVE,
};

/**
 * enum nstrack_event_reason - why a device event happened
 * @NSTRACK_REASON_REGISTER: an explicit registration
 * @NSTRACK_REASON_UNREGISTER: an explicit unregistration
 * @NSTRACK_REASON_USER: an explicit move to another namespace
 * @NSTRACK_REASON_NETNS_EXIT: its namespace was dismantled: a virtual
 *	device deleted with it, or a device returned to the initial namespace
 * @NSTRACK_REASON_UNKNOWN: the module could not tell
 */
enum nstrack_event_reason {
	NSTRACK_REASON_REGISTER = 1,
	NSTRACK_REASON_UNREGISTER,
	NSTRACK_REASON_USER,
	NSTRACK_REASON_NETNS_EXIT,
	NSTRACK_REASON_UNKNOWN,
};

/* CLOCK_BOOTTIME nanoseconds; comm is at most 15 bytes plus NUL */
#define NSTRACK_COMM_LEN	16
/* a protocol name as in /proc/net/protocols, NUL included */
#define NSTRACK_PROTO_NAME_LEN	32

#endif /* _UAPI_LINUX_NSTRACK_H */
