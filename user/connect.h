/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - "connect" and "disconnect": a named namespace on a bridge of
 * the current namespace, in one command (cmd_connect.c).
 *
 * What connect NS --bridge BR --addr CIDR makes, and how disconnect finds
 * it again:
 *
 *   current netns                         netns NS (/run/netns/NS)
 *   BR (bridge, alias "nstrack connect")
 *    gateway address GW/prefix
 *    └ port vh-NS  <───── veth ─────>     eth0 CIDR, up; lo up;
 *                                         default via GW
 *   --nat: nstrack's nft table, a masquerade rule for CIDR's subnet
 *          tagged "nstrack connect NS"; IPv4 forwarding on
 *
 * The host end's name is derived from NS alone (nstrack_connect_host_end),
 * so disconnect NS needs nothing but NS; the alias marks a bridge connect
 * made, which disconnect deletes once its last port is gone.
 */
#ifndef NSTRACK_CONNECT_H
#define NSTRACK_CONNECT_H

#include <stdbool.h>
#include <net/if.h>

#include "cmd.h"
#include "rtnl.h"

/* the alias of a bridge that connect created */
#define NSTRACK_CONNECT_ALIAS	"nstrack connect"
/* the namespace's end of the veth pair */
#define NSTRACK_CONNECT_NS_END	"eth0"

/* What "connect" was asked, checked. */
struct nstrack_connect {
	const char *ns;			/* a name under /run/netns */
	const char *bridge;
	struct nstrack_ipaddr addr;	/* the namespace's, with the prefix */
	struct nstrack_ipaddr gw;	/* the bridge's, with addr's prefix */
	bool gw_given;			/* --gw, else the first host address */
	bool nat;
	char host_end[IFNAMSIZ];
};

/*
 * The host end of NS's veth: "vh-NS" if NS has at most 12 bytes, all of
 * them allowed in a device name; else "vh-" + the first 6 bytes of NS
 * (each one not allowed replaced by '_') + "-" + 5 hex digits of a hash
 * (FNV-1a, 32 bits) of all of NS: 15 bytes.
 */
void nstrack_connect_host_end(const char *ns, char buf[IFNAMSIZ]);

/*
 * The gateway for addr: gw (a bare address, may be NULL) or, without it,
 * the first host address of addr's subnet; it gets addr's prefix.  addr
 * must be a host address of a subnet with room for two (IPv4 /30 or
 * shorter, not the network or broadcast address; IPv6 /126 or shorter,
 * not the subnet-router anycast address), and gw an address of that
 * subnet other than addr (and for IPv4 not the network or broadcast
 * address).  0, or -EINVAL with *why saying what is wrong.
 */
int nstrack_connect_gateway(const struct nstrack_ipaddr *addr, const char *gw,
			    struct nstrack_ipaddr *out, const char **why);

/*
 * Parse the arguments of "connect" (argv[0] is "connect").  0,
 * NSTRACK_NETCMD_HELP (usage printed), or -1 after one error line.
 */
int nstrack_connect_parse(struct nstrack_opts *o, int argc, char **argv,
			  struct nstrack_connect *c);

/*
 * Remove the NAT rules tagged for ns from the current namespace (and the
 * table if it is left empty): how "disconnect" and "del" take back what
 * "connect --nat" added.  A kernel without nftables has no rules.  The
 * number of rules removed, or -errno after one error line starting with
 * cmd.
 */
int nstrack_connect_nat_forget(const char *cmd, const char *ns);

int cmd_connect(struct nstrack_opts *o, int argc, char **argv);
int cmd_disconnect(struct nstrack_opts *o, int argc, char **argv);

#endif /* NSTRACK_CONNECT_H */
