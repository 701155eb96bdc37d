/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - the thin rtnetlink (NETLINK_ROUTE) layer: links, bridges,
 * addresses and routes in one network namespace at a time, over libmnl.
 *
 * A handle is bound to one network namespace: its socket is opened inside
 * that namespace (setns there, socket, setns back), and a socket stays in
 * the namespace it was created in, so the process itself never stays
 * anywhere else.  Every request asks for an ack, with NETLINK_EXT_ACK, so
 * the kernel's own text for a refusal reaches the message.
 *
 * Every public function that can fail prints exactly one line on the error
 * output (see util.h), naming the object and the namespace ("veth0: name
 * already exists in netns blue", "eth9: no such device in netns red",
 * "br0: not a bridge in netns red"), and returns a negative errno; callers
 * only pass the status on.  The parsers at the end print nothing.
 */
#ifndef NSTRACK_RTNL_H
#define NSTRACK_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <net/if.h>
#include <libmnl/libmnl.h>

/* receive buffer: one RTM_NEWLINK with everything the kernel puts in it */
#define NSTRACK_RTNL_RXBUF	32768
#define NSTRACK_RTNL_TXBUF	1024
/* "netns " + a namespace argument as the user wrote it, shortened */
#define NSTRACK_RTNL_WHERE	128

struct nstrack_rtnl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	/*
	 * The namespace, open O_CLOEXEC (also the current one's): what
	 * IFLA_NET_NS_FD names when another handle sends a device or a veth
	 * peer here.  -1 when there is none (unit tests).
	 */
	int nsfd;
	/* how messages name the namespace: "netns blue", "the current netns" */
	char where[NSTRACK_RTNL_WHERE];

	/*
	 * Transport.  nstrack_rtnl_open() points these at the socket; unit
	 * tests set their own after nstrack_rtnl_init().  Both return a byte
	 * count or -1 with errno set.
	 */
	ssize_t (*send)(struct nstrack_rtnl *rt, const void *buf, size_t len);
	ssize_t (*recv)(struct nstrack_rtnl *rt, void *buf, size_t len);
	void *priv;

	/* text of the kernel's extended ack for the last error, or "" */
	char extack[256];

	char *rx;
	char tx[NSTRACK_RTNL_TXBUF];
};

/* a handle with nothing open: nstrack_rtnl_close() may be called on it */
#define NSTRACK_RTNL_CLOSED	{ .nsfd = -1 }

/*
 * Zero *rt, allocate the buffers and set the namespace's name for
 * messages: ns is the namespace argument as the user wrote it ("blue",
 * "pid:42", a path), NULL for the current namespace.  No socket, nsfd -1.
 * 0 or -ENOMEM (prints nothing).
 */
int nstrack_rtnl_init(struct nstrack_rtnl *rt, const char *ns);

/*
 * nstrack_rtnl_init() and a NETLINK_ROUTE socket inside the namespace
 * netns_fd refers to (not taken over: the handle keeps its own copy), or
 * in the current one if netns_fd < 0; ns as for nstrack_rtnl_init().
 * On failure *rt is already closed.
 */
int nstrack_rtnl_open(struct nstrack_rtnl *rt, int netns_fd, const char *ns);

/* Safe on a handle that nstrack_rtnl_init() or _open() failed on. */
void nstrack_rtnl_close(struct nstrack_rtnl *rt);

/* ---- lookups ---- */

#define NSTRACK_LINK_KIND_LEN	32
#define NSTRACK_LINK_ALIAS_LEN	64

/* What a lookup tells about one link. */
struct nstrack_link {
	int ifindex;
	char name[IFNAMSIZ];
	/* IFLA_INFO_KIND: "veth", "bridge", ...; "" for lo and hardware */
	char kind[NSTRACK_LINK_KIND_LEN];
	/* IFLA_INFO_SLAVE_KIND: "bridge" for a bridge port, else "" */
	char slave_kind[NSTRACK_LINK_KIND_LEN];
	/* ifindex of the master (bridge, bond, vrf), 0 if none */
	int master;
	/* ifi_flags: IFF_UP, IFF_LOOPBACK, ... */
	unsigned int flags;
	bool up;		/* IFF_UP: administratively up */
	/* IFLA_IFALIAS ("ip link set DEV alias TEXT"), cut to fit; "" if none */
	char alias[NSTRACK_LINK_ALIAS_LEN];
};

/*
 * Look name up: 1 and *l filled if the namespace has such a device (as its
 * name or one of its alternative names), 0 if not (no message), -errno
 * after one error line.
 */
int nstrack_rtnl_link_find(struct nstrack_rtnl *rt, const char *name,
			   struct nstrack_link *l);

/* As _find(), but a missing device is an error: "eth9: no such device in ...". */
int nstrack_rtnl_link_get(struct nstrack_rtnl *rt, const char *name,
			  struct nstrack_link *l);

/* The device with ifindex; a missing one is "ifindex N: no such device in ...". */
int nstrack_rtnl_link_get_index(struct nstrack_rtnl *rt, int ifindex,
				struct nstrack_link *l);

static inline bool nstrack_link_is_bridge(const struct nstrack_link *l)
{
	return !strcmp(l->kind, "bridge");
}

/* ---- changes ---- */

/*
 * Create the veth pair name <-> peer: name in rt's namespace, peer in
 * peer_ns's (IFLA_NET_NS_FD in the peer's info), or in rt's if peer_ns is
 * NULL.  Both names are checked first (valid, free in their namespace, not
 * equal within one namespace), so nothing is sent for bad input.  With up,
 * both ends are then brought up; if that fails, the pair is deleted again
 * (one request: deleting one end deletes the other): either the whole pair
 * exists afterwards or nothing does.
 */
int nstrack_rtnl_veth_add(struct nstrack_rtnl *rt, const char *name,
			  const char *peer, struct nstrack_rtnl *peer_ns,
			  bool up);

/* Create bridge name, up if asked; deleted again if that fails. */
int nstrack_rtnl_bridge_add(struct nstrack_rtnl *rt, const char *name,
			    bool up);

/* Delete name (with a veth, its peer goes too, wherever it is). */
int nstrack_rtnl_link_del(struct nstrack_rtnl *rt, const char *name);

/*
 * Set the alias (IFLA_IFALIAS) of name to alias; "" removes it.  At most
 * NSTRACK_LINK_ALIAS_LEN - 1 bytes, so that a lookup reads it back whole.
 */
int nstrack_rtnl_link_set_alias(struct nstrack_rtnl *rt, const char *name,
				const char *alias);

/*
 * How many devices of rt's namespace have ifindex as their master (the
 * ports of a bridge): a dump of the links, counted here.  The count, or
 * -errno after one error line naming what.
 */
int nstrack_rtnl_ports(struct nstrack_rtnl *rt, int ifindex, const char *what);

/* Bring name up (IFF_UP); a no-op if it already is. */
int nstrack_rtnl_link_set_up(struct nstrack_rtnl *rt, const char *name);

/*
 * Make dev a port of bridge br, both in rt's namespace.  Refused when br
 * is not a bridge, dev is br or a loopback device, or dev is attached to
 * another master ("in use"); a no-op if dev is already a port of br.  dev
 * keeps its up or down state.
 */
int nstrack_rtnl_bridge_attach(struct nstrack_rtnl *rt, const char *br,
			       const char *dev);

/*
 * Move dev from rt's namespace to to's (a no-op if that is the same
 * namespace).  Refused when dev is attached to a master ("in use") or the
 * name is taken there; the kernel refuses devices whose namespace cannot
 * change (lo, bridges).  A device that was up is brought up again in its
 * new namespace (a move takes it down); if that fails, the device stays
 * moved and the error says where it is.
 */
int nstrack_rtnl_link_move(struct nstrack_rtnl *rt, const char *dev,
			   struct nstrack_rtnl *to);

/* An IPv4 or IPv6 address, with its prefix length. */
struct nstrack_ipaddr {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* network byte order; 4 bytes for AF_INET */
	unsigned int prefix;
};

/*
 * Add address a (a.prefix: the subnet) to dev.  IPv4 addresses get the
 * subnet's broadcast address up to /30; 127.0.0.0/8 and ::1 get host
 * scope, the others universe.  An address dev already has is an error.
 */
int nstrack_rtnl_addr_add(struct nstrack_rtnl *rt, const char *dev,
			  const struct nstrack_ipaddr *a);

/*
 * Remove address a (a.prefix: the prefix it has there) from dev.  An
 * address dev does not have is an error ("...: no such address on ...").
 */
int nstrack_rtnl_addr_del(struct nstrack_rtnl *rt, const char *dev,
			  const struct nstrack_ipaddr *a);

/*
 * Does dev have the address a (whatever its prefix)?  1 and *prefix (may
 * be NULL) set to the prefix it has there, 0 if not, -errno after one
 * error line ("eth9: no such device in ...").
 */
int nstrack_rtnl_addr_find(struct nstrack_rtnl *rt, const char *dev,
			   const struct nstrack_ipaddr *a, unsigned int *prefix);

/*
 * Add the default route of gw's family via gw, in the main table; dev
 * (may be NULL) is the output device, required for a link-local IPv6
 * gateway.  An existing default route is an error.
 */
int nstrack_rtnl_route_add_default(struct nstrack_rtnl *rt,
				   const struct nstrack_ipaddr *gw,
				   const char *dev);

/* ---- parsing: pure, no messages (but nstrack_rtnl_check_name) ---- */

/*
 * Why name cannot be a device name ("name too long (at most 15
 * characters)", ...), or NULL if it can: 1..15 bytes, not "." or "..",
 * no '/', ':' or whitespace (the kernel's dev_valid_name()).
 */
const char *nstrack_ifname_invalid(const char *name);

/*
 * 0, or -EINVAL after one error line saying why name cannot be a device
 * name ("veth0123456789abc: name too long (at most 15 characters)").
 * Every function above that takes a device name checks it this way first.
 */
int nstrack_rtnl_check_name(const char *name);

/*
 * Parse "ADDRESS/PREFIX" (IPv4 dotted quad or IPv6, prefix in decimal,
 * 0..32 or 0..128); the address must be unicast (not unspecified,
 * multicast or the IPv4 broadcast address).  0, or -EINVAL with *why
 * (may be NULL) saying what is wrong.
 */
int nstrack_cidr_parse(const char *s, struct nstrack_ipaddr *a,
		       const char **why);

/* Parse a bare unicast address (no prefix); a->prefix is 32 or 128. */
int nstrack_ip_parse(const char *s, struct nstrack_ipaddr *a,
		     const char **why);

/* "10.0.0.1/24" (with_prefix) or "10.0.0.1" into buf (INET6_ADDRSTRLEN + 4). */
void nstrack_ipaddr_format(const struct nstrack_ipaddr *a, bool with_prefix,
			   char *buf, size_t len);

#endif /* NSTRACK_RTNL_H */
