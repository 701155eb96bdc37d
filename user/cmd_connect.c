// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack connect|disconnect - a named namespace on a bridge of the
 * current namespace in one command, and back (see connect.h).
 *
 * connect checks everything it can before it changes anything, then
 * records each step it took; when a step fails, the steps taken are
 * undone in reverse order, so a failed connect leaves what it found.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "connect.h"
#include "names.h"
#include "netcmd.h"
#include "netnsdir.h"
#include "nft.h"
#include "rtnl.h"
#include "util.h"

#define HOST_PREFIX	"vh-"

static void connect_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack connect NS --bridge BR --addr CIDR [--gw ADDR] [--nat]\n"
		"       nstrack disconnect NS [--del]\n"
		"\n"
		"connect: put the named namespace NS (made if there is none) on\n"
		"the bridge BR of the current namespace (made if there is none,\n"
		"brought up, marked with the alias '" NSTRACK_CONNECT_ALIAS "'):\n"
		"a veth pair vh-NS (on BR) <-> " NSTRACK_CONNECT_NS_END " (in NS),\n"
		"CIDR on " NSTRACK_CONNECT_NS_END ", lo and " NSTRACK_CONNECT_NS_END
		" up, and a default route in NS via the\n"
		"gateway, which BR gets (with CIDR's prefix) if it lacks it.  The\n"
		"gateway is --gw, or the first host address of CIDR's subnet.\n"
		"--nat (IPv4) turns forwarding on and masquerades what leaves from\n"
		"the subnet through any device but BR, with a rule in nstrack's own\n"
		"nftables table tagged for NS.  If a step fails, the steps taken\n"
		"are undone.\n"
		"\n"
		"disconnect: delete vh-NS (and so " NSTRACK_CONNECT_NS_END
		"), NS's NAT rule (the table\n"
		"and forwarding go back as they were with the last rule), and the\n"
		"bridge if connect made it and it has no port left; with --del,\n"
		"the name NS too ('nstrack del NS' also removes NS's NAT rule).\n"
		"\n"
		"The host end is vh-NS if NS has at most 12 characters allowed in\n"
		"a device name; else vh- + 6 characters of NS + - + 5 hex digits\n"
		"of a hash of NS.\n"
		"\n"
		"Options:\n"
		"  -h, --help     show this help\n"
		"\n"
		"Nothing is printed on success.  On failure one line on stderr says\n"
		"what and where, and the exit status is 1.\n");
}

/* ---- names and addresses (no side effects) ---- */

static bool ifname_char_ok(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '/' && c != ':';
}

void nstrack_connect_host_end(const char *ns, char buf[IFNAMSIZ])
{
	size_t len = strlen(ns), i;
	bool plain = len <= IFNAMSIZ - 1 - strlen(HOST_PREFIX);
	uint32_t h = 2166136261u;

	for (i = 0; i < len; i++) {
		if (!ifname_char_ok((unsigned char)ns[i]))
			plain = false;
		h = (h ^ (unsigned char)ns[i]) * 16777619u;
	}
	if (plain) {
		snprintf(buf, IFNAMSIZ, HOST_PREFIX "%s", ns);
		return;
	}
	memcpy(buf, HOST_PREFIX, strlen(HOST_PREFIX));
	for (i = 0; i < 6; i++) {
		unsigned char c = i < len ? (unsigned char)ns[i] : '_';

		buf[strlen(HOST_PREFIX) + i] = ifname_char_ok(c) ? (char)c : '_';
	}
	snprintf(buf + strlen(HOST_PREFIX) + 6, IFNAMSIZ - strlen(HOST_PREFIX) - 6,
		 "-%05x", (unsigned int)(h & 0xfffff));
}

static size_t alen(const struct nstrack_ipaddr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

/* Is bit i (0: the most significant of byte 0) of a set? */
static bool bit(const uint8_t *a, unsigned int i)
{
	return a[i / 8] & (0x80 >> (i % 8));
}

/* Are the host bits of a (after prefix) all v (false: 0, true: 1)? */
static bool host_bits_all(const struct nstrack_ipaddr *a, unsigned int prefix,
			  bool v)
{
	unsigned int i;

	for (i = prefix; i < alen(a) * 8; i++)
		if (bit(a->addr, i) != v)
			return false;
	return true;
}

static bool same_subnet(const struct nstrack_ipaddr *a,
			const struct nstrack_ipaddr *b, unsigned int prefix)
{
	unsigned int i;

	if (a->family != b->family)
		return false;
	for (i = 0; i < prefix; i++)
		if (bit(a->addr, i) != bit(b->addr, i))
			return false;
	return true;
}

int nstrack_connect_gateway(const struct nstrack_ipaddr *addr, const char *gw,
			    struct nstrack_ipaddr *out, const char **why)
{
	unsigned int max = addr->family == AF_INET ? 30 : 126;
	bool v4 = addr->family == AF_INET;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (addr->prefix > max) {
		*why = v4 ? "the subnet has no room for a gateway (at most /30)" :
			    "the subnet has no room for a gateway (at most /126)";
		return -EINVAL;
	}
	if (host_bits_all(addr, addr->prefix, false)) {
		*why = "a subnet's own address, not a host address";
		return -EINVAL;
	}
	if (v4 && host_bits_all(addr, addr->prefix, true)) {
		*why = "the subnet's broadcast address, not a host address";
		return -EINVAL;
	}
	if (!gw) {
		unsigned int i;

		*out = *addr;
		for (i = addr->prefix; i < alen(addr) * 8; i++)
			out->addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
		out->addr[alen(addr) - 1] |= 1;
	} else {
		if (nstrack_ip_parse(gw, out, why))
			return -EINVAL;
		out->prefix = addr->prefix;
		if (!same_subnet(addr, out, addr->prefix)) {
			*why = "the gateway is not in the subnet of the address";
			return -EINVAL;
		}
		if (host_bits_all(out, out->prefix, false) ||
		    (v4 && host_bits_all(out, out->prefix, true))) {
			*why = "the gateway is not a host address of the subnet";
			return -EINVAL;
		}
	}
	if (!memcmp(out->addr, addr->addr, alen(addr))) {
		*why = "the address is the gateway's";
		return -EINVAL;
	}
	return 0;
}

int nstrack_connect_parse(struct nstrack_opts *o, int argc, char **argv,
			  struct nstrack_connect *c)
{
	static const char *const names[] = { "--bridge", "--addr", "--gw" };
	const char *v[3], *why;
	char shown[64];
	int n;

	memset(c, 0, sizeof(*c));
	argc = nstrack_cmd_take_flag(argc, argv, "--nat", &c->nat);
	n = nstrack_netcmd_args("connect", argc, argv, o, names, v, 3, 1, 1,
				connect_usage);
	if (n < 0)
		return n;
	c->ns = argv[1];
	c->bridge = v[0];
	if (nstrack_netns_name_valid("connect", c->ns))
		return -1;
	if (!v[0] || !v[1]) {
		nstrack_err("connect: %s is required (try 'nstrack connect --help')",
			    v[0] ? "--addr" : "--bridge");
		return -1;
	}
	if (nstrack_rtnl_check_name(c->bridge))
		return -1;
	if (nstrack_cidr_parse(v[1], &c->addr, &why)) {
		nstrack_sanitize(shown, sizeof(shown), v[1]);
		nstrack_err("connect: invalid address '%s': %s", shown, why);
		return -1;
	}
	c->gw_given = v[2];
	if (nstrack_connect_gateway(&c->addr, v[2], &c->gw, &why)) {
		nstrack_sanitize(shown, sizeof(shown), v[2] ? v[2] : v[1]);
		nstrack_err("connect: invalid %s '%s': %s",
			    v[2] ? "gateway" : "address", shown, why);
		return -1;
	}
	if (c->nat && c->addr.family != AF_INET) {
		nstrack_err("connect: --nat is for IPv4 addresses only");
		return -1;
	}
	nstrack_connect_host_end(c->ns, c->host_end);
	return 0;
}

/* ---- error lines: every one says which command it comes from ---- */

struct errcap {
	FILE *saved, *fp;
	char *buf;
	size_t len;
};

static void cap_start(struct errcap *c)
{
	memset(c, 0, sizeof(*c));
	c->saved = nstrack_errfp;
	c->fp = open_memstream(&c->buf, &c->len);
	if (c->fp)
		nstrack_errfp = c->fp;
}

/* Print what was captured, "nstrack: X" as "nstrack: cmd: X". */
static void cap_end(struct errcap *c, const char *cmd)
{
	FILE *out;
	char *line, *next;
	size_t n = strlen(cmd);

	if (!c->fp)
		return;
	fclose(c->fp);
	nstrack_errfp = c->saved;
	out = c->saved ? c->saved : stderr;
	for (line = c->buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "nstrack: ", 9) &&
		    !(strncmp(line + 9, cmd, n) == 0 && line[9 + n] == ':'))
			fprintf(out, "nstrack: %s: %s\n", cmd, line + 9);
		else
			fprintf(out, "%s\n", line);
	}
	fflush(out);
	free(c->buf);
}

/* ---- NAT ---- */

int nstrack_connect_nat_forget(const char *cmd, const char *ns)
{
	struct errcap cap;
	int ret;

	/* without nftables in the kernel there is nothing to take back */
	cap_start(&cap);
	ret = nstrack_nft_masquerade_del(ns);
	if (ret == -EPROTONOSUPPORT || ret == -EAFNOSUPPORT ||
	    ret == -EOPNOTSUPP || ret == -ENOENT) {
		if (cap.fp) {
			fclose(cap.fp);
			nstrack_errfp = cap.saved;
			free(cap.buf);
		}
		return 0;
	}
	cap_end(&cap, cmd);
	return ret;
}

/* ---- connect ---- */

/* What connect made, to be undone in reverse if a later step fails. */
struct made {
	bool ns, bridge, gw, veth, nat;
};

static void undo(struct nstrack_rtnl *host, const struct nstrack_connect *c,
		 const struct made *m)
{
	if (m->nat && nstrack_nft_masquerade_del(c->ns) < 0)
		nstrack_warn("could not remove the NAT rule of %s again", c->ns);
	if (m->veth && nstrack_rtnl_link_del(host, c->host_end))
		nstrack_warn("%s: could not delete it again", c->host_end);
	if (m->gw && nstrack_rtnl_addr_del(host, c->bridge, &c->gw))
		nstrack_warn("%s: could not remove the gateway address again",
			     c->bridge);
	if (m->bridge && nstrack_rtnl_link_del(host, c->bridge))
		nstrack_warn("%s: could not delete it again", c->bridge);
	if (m->ns && nstrack_netnsdir_delete("connect", NSTRACK_NETNS_RUN_DIR,
					     c->ns))
		nstrack_warn("netns %s: could not delete it again", c->ns);
}

/* Checks before any change: 0 or -errno after one line. */
static int connect_check(struct nstrack_rtnl *host,
			 const struct nstrack_connect *c, bool *have_br)
{
	struct nstrack_link l;
	int ret;

	ret = nstrack_rtnl_link_find(host, c->host_end, &l);
	if (ret > 0) {
		nstrack_err("netns %s is already connected (%s exists in %s)",
			    c->ns, c->host_end, host->where);
		return -EEXIST;
	}
	if (ret < 0)
		return ret;
	ret = nstrack_rtnl_link_find(host, c->bridge, &l);
	if (ret < 0)
		return ret;
	*have_br = ret > 0;
	if (*have_br && !nstrack_link_is_bridge(&l)) {
		nstrack_err("%s: not a bridge in %s (%s)", l.name, host->where,
			    l.kind[0] ? l.kind : "a device in use");
		return -EINVAL;
	}
	return 0;
}

static int connect_run(const struct nstrack_connect *c)
{
	struct nstrack_rtnl host = NSTRACK_RTNL_CLOSED;
	struct nstrack_rtnl ns = NSTRACK_RTNL_CLOSED;
	char path[sizeof(NSTRACK_NETNS_RUN_DIR) + NAME_MAX + 2];
	struct made m = { 0 };
	bool have_br = false;
	int fd = -1, err, ret;

	err = nstrack_rtnl_open(&host, -1, NULL);
	if (!err)
		err = connect_check(&host, c, &have_br);
	if (err)
		goto out;

	/* the namespace */
	snprintf(path, sizeof(path), "%s/%s", NSTRACK_NETNS_RUN_DIR, c->ns);
	if (access(path, F_OK)) {
		err = nstrack_netnsdir_add("connect", NSTRACK_NETNS_RUN_DIR,
					   c->ns);
		if (err)
			goto out;
		m.ns = true;
	}
	fd = nstrack_netnsdir_open("connect", NSTRACK_NETNS_RUN_DIR, c->ns);
	if (fd < 0) {
		err = fd;
		goto fail;
	}
	err = nstrack_rtnl_open(&ns, fd, c->ns);
	if (err)
		goto fail;

	/* the bridge and its gateway address */
	if (!have_br) {
		err = nstrack_rtnl_bridge_add(&host, c->bridge, true);
		if (err)
			goto fail;
		m.bridge = true;
		err = nstrack_rtnl_link_set_alias(&host, c->bridge,
						  NSTRACK_CONNECT_ALIAS);
		if (err)
			goto fail;
	}
	ret = nstrack_rtnl_addr_find(&host, c->bridge, &c->gw, NULL);
	if (ret < 0) {
		err = ret;
		goto fail;
	}
	if (!ret) {
		err = nstrack_rtnl_addr_add(&host, c->bridge, &c->gw);
		if (err)
			goto fail;
		m.gw = !m.bridge;	/* a new bridge takes it along */
	}

	/* the pair, on the bridge; the namespace's side */
	err = nstrack_rtnl_veth_add(&host, c->host_end, NSTRACK_CONNECT_NS_END,
				    &ns, true);
	if (err)
		goto fail;
	m.veth = true;
	err = nstrack_rtnl_bridge_attach(&host, c->bridge, c->host_end);
	if (!err)
		err = nstrack_rtnl_link_set_up(&ns, "lo");
	if (!err)
		err = nstrack_rtnl_addr_add(&ns, NSTRACK_CONNECT_NS_END,
					    &c->addr);
	if (!err)
		err = nstrack_rtnl_route_add_default(&ns, &c->gw,
						     NSTRACK_CONNECT_NS_END);
	if (err)
		goto fail;

	if (c->nat) {
		uint32_t net;

		memcpy(&net, c->addr.addr, 4);
		net &= c->addr.prefix ?
		       htonl(~(uint32_t)0 << (32 - c->addr.prefix)) : 0;
		err = nstrack_nft_masquerade_add(c->ns, net,
						 (uint8_t)c->addr.prefix,
						 c->bridge);
		if (err)
			goto fail;
		m.nat = true;
	}
	goto out;

fail:
	undo(&host, c, &m);
out:
	nstrack_rtnl_close(&ns);
	if (fd >= 0)
		close(fd);
	nstrack_rtnl_close(&host);
	return err;
}

int cmd_connect(struct nstrack_opts *o, int argc, char **argv)
{
	struct nstrack_connect c;
	struct errcap cap;
	int err;

	cap_start(&cap);
	err = nstrack_connect_parse(o, argc, argv, &c);
	if (err == NSTRACK_NETCMD_HELP) {
		cap_end(&cap, "connect");
		return 0;
	}
	if (!err)
		err = connect_run(&c);
	cap_end(&cap, "connect");
	return err ? 1 : 0;
}

/* ---- disconnect ---- */

static int disconnect_run(const char *name, bool del)
{
	struct nstrack_rtnl host = NSTRACK_RTNL_CLOSED;
	struct nstrack_link l = { 0 }, br;
	char end[IFNAMSIZ];
	int err, ret, ports, rules;
	bool found = false;

	nstrack_connect_host_end(name, end);
	err = nstrack_rtnl_open(&host, -1, NULL);
	if (err)
		goto out;
	ret = nstrack_rtnl_link_find(&host, end, &l);
	if (ret < 0) {
		err = ret;
		goto out;
	}
	if (ret > 0) {
		err = nstrack_rtnl_link_del(&host, end);
		if (err)
			goto out;
		found = true;
	}
	rules = nstrack_connect_nat_forget("disconnect", name);
	if (rules < 0) {
		err = rules;
		goto out;
	}
	if (rules > 0)
		found = true;
	if (found && l.master &&
	    nstrack_rtnl_link_get_index(&host, l.master, &br) == 0 &&
	    nstrack_link_is_bridge(&br) &&
	    !strcmp(br.alias, NSTRACK_CONNECT_ALIAS)) {
		ports = nstrack_rtnl_ports(&host, br.ifindex, br.name);
		if (ports < 0)
			err = ports;
		else if (ports == 0)
			err = nstrack_rtnl_link_del(&host, br.name);
		if (err)
			goto out;
	}
	if (!found && !del) {
		nstrack_err("netns %s is not connected (no %s in %s, no NAT rule)",
			    name, end, host.where);
		err = -ENOENT;
		goto out;
	}
	if (del)
		err = nstrack_netnsdir_delete("disconnect",
					      NSTRACK_NETNS_RUN_DIR, name);
out:
	nstrack_rtnl_close(&host);
	return err;
}

int cmd_disconnect(struct nstrack_opts *o, int argc, char **argv)
{
	struct errcap cap;
	bool del;
	int n, err;

	cap_start(&cap);
	argc = nstrack_cmd_take_flag(argc, argv, "--del", &del);
	n = nstrack_netcmd_args("disconnect", argc, argv, o, NULL, NULL, 0, 1,
				1, connect_usage);
	if (n == NSTRACK_NETCMD_HELP) {
		cap_end(&cap, "disconnect");
		return 0;
	}
	if (n < 0)
		err = n;
	else if (nstrack_netns_name_valid("disconnect", argv[1]))
		err = -EINVAL;
	else
		err = disconnect_run(argv[1], del);
	cap_end(&cap, "disconnect");
	return err ? 1 : 0;
}
