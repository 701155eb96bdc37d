// SPDX-License-Identifier: GPL-2.0
/*
 * Socket counts of any namespace, read when asked from the same per-cpu
 * in-use counters that /proc/net/sockstat and /proc/net/protocols show,
 * so nothing is added to the socket fast paths.  Reading one namespace
 * costs O(protocols x possible CPUs).
 *
 * Most struct proto are not exported, but every socket points at its own:
 * at load, one short-lived kernel socket per protocol tells us the
 * struct proto to read, and a module reference keeps it from going away.
 */

#include <linux/module.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/refcount.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/sock.h>

#include <uapi/linux/nstrack.h>

#include "sockets.h"

struct proto_probe {
	int family;
	int type;
	int protocol;
};

/* What /proc/net/protocols lists for the families users ask about. */
static const struct proto_probe probes[] = {
	{ AF_INET, SOCK_STREAM, IPPROTO_TCP },
	{ AF_INET, SOCK_DGRAM, IPPROTO_UDP },
	{ AF_INET, SOCK_RAW, IPPROTO_ICMP },
	{ AF_INET6, SOCK_STREAM, IPPROTO_TCP },
	{ AF_INET6, SOCK_DGRAM, IPPROTO_UDP },
	{ AF_INET6, SOCK_RAW, IPPROTO_ICMPV6 },
	{ AF_UNIX, SOCK_STREAM, 0 },
	{ AF_UNIX, SOCK_DGRAM, 0 },
	{ AF_NETLINK, SOCK_RAW, NETLINK_ROUTE },
	{ AF_PACKET, SOCK_RAW, 0 },
};

static struct proto *protos[ARRAY_SIZE(probes)];
static unsigned int nprotos;

static struct proto *proto_probe(const struct proto_probe *p)
{
	struct proto *prot = NULL;
	struct socket *sock;

	if (sock_create_kern(&init_net, p->family, p->type, p->protocol,
			     &sock))
		return NULL;
	if (try_module_get(sock->sk->sk_prot->owner))
		prot = sock->sk->sk_prot;
	sock_release(sock);
	return prot;
}

/* A family the kernel lacks (IPv6 disabled, say) is left out, not fatal. */
int nstrack_sockets_init(void)
{
	struct proto *prot;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		prot = proto_probe(&probes[i]);
		if (prot)
			protos[nprotos++] = prot;
	}
	return 0;
}

void nstrack_sockets_exit(void)
{
	while (nprotos)
		module_put(protos[--nprotos]->owner);
}

/* The death row holds one reference of its own, none without IPv4. */
static u32 time_wait(struct net *net)
{
	return max_t(int, refcount_read(&net->ipv4.tcp_death_row.tw_refcount) - 1,
		     0);
}

/**
 * nstrack_sockets_put() - put the socket counts of a namespace in a nest
 * @skb: message being built
 * @type: attribute type of the nest
 * @net: the namespace; it must not have passed nstrack's exit hook (the
 *	core's counters are freed only after it)
 * @by_protocol: also one NSTRACK_A_SOCKETS_PROTO nest per protocol
 *
 * Return: 0, or -EMSGSIZE when @skb is full.
 */
int nstrack_sockets_put(struct sk_buff *skb, int type, struct net *net,
			bool by_protocol)
{
	struct nlattr *nest, *proto;
	unsigned int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	/* per-cpu sums can be transiently negative */
	if (nla_put_u32(skb, NSTRACK_A_SOCKETS_TOTAL,
			max(sock_inuse_get(net), 0)) ||
	    nla_put_u32(skb, NSTRACK_A_SOCKETS_TCP_TIME_WAIT, time_wait(net)))
		goto cancel;
	for (i = 0; by_protocol && i < nprotos; i++) {
		proto = nla_nest_start(skb, NSTRACK_A_SOCKETS_PROTO);
		if (!proto ||
		    nla_put_string(skb, NSTRACK_A_PROTO_NAME, protos[i]->name) ||
		    nla_put_u32(skb, NSTRACK_A_PROTO_INUSE,
				max(sock_prot_inuse_get(net, protos[i]), 0)))
			goto cancel;
		nla_nest_end(skb, proto);
	}
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
