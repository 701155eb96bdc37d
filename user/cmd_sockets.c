// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack sockets [NS] - socket counts of every live namespace, or of one.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "names.h"
#include "netns.h"
#include "nl.h"
#include "nsarg.h"
#include "output.h"
#include "print.h"
#include "sockets.h"
#include "util.h"

struct sockets_vec {
	struct nstrack_netns_sockets *v;
	size_t n, cap;
};

static int sockets_cb(const struct nlmsghdr *nlh, void *data)
{
	struct sockets_vec *vec = data;
	int err;

	if (vec->n == vec->cap) {
		size_t ncap = vec->cap ? vec->cap * 2 : 64;
		struct nstrack_netns_sockets *nv =
			realloc(vec->v, ncap * sizeof(*nv));

		if (!nv) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		vec->v = nv;
		vec->cap = ncap;
	}
	err = nstrack_netns_sockets_parse(nlh, &vec->v[vec->n]);
	if (err < 0) {
		errno = err == -ENOMEM ? ENOMEM : EBADMSG;
		return MNL_CB_ERROR;
	}
	vec->n++;
	return MNL_CB_OK;
}

/* an interrupted dump starts over */
static void sockets_reset(void *data)
{
	struct sockets_vec *vec = data;

	while (vec->n)
		nstrack_netns_sockets_free(&vec->v[--vec->n]);
}

static void sockets_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j|-p] sockets [NS]\n"
		"\n"
		"Count the sockets in use in every live network namespace, or only\n"
		"in NS, in total and by protocol, oldest namespace first.  The counts\n"
		"are those of /proc/net/sockstat and /proc/net/protocols inside the\n"
		"namespace, read when asked.\n"
		"\n"
		"NS is one of:\n"
		"  NAME        a name under /run/netns (as made by 'ip netns add')\n"
		"  PATH        a network namespace file, e.g. /proc/PID/ns/net\n"
		"  pid:PID     the network namespace of process PID\n"
		"  inode:N     the namespace with nsfs inode N\n"
		"  cookie:N    the namespace with netns cookie N\n"
		"\n"
		"Columns:\n"
		"  NETNS    nsfs inode of the namespace\n"
		"  NAMES    its names under /run/netns, '-' if none\n"
		"  TOTAL    sockets in use, all families\n"
		"  TCP ...  one column per protocol the module reports (TCP, UDP,\n"
		"           RAW, TCPv6, UDPv6, RAWv6, UNIX-STREAM, UNIX, NETLINK,\n"
		"           PACKET, as in /proc/net/protocols)\n"
		"  TW       TCP sockets in TIME_WAIT\n"
		"\n"
		"Options:\n"
		"  -j, --json     JSON array of objects; by_protocol maps each\n"
		"                 protocol name to its count\n"
		"  -p, --pretty   indented JSON\n"
		"  -h, --help     show this help\n");
}

int nstrack_sockets_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
			const struct nstrack_selector *sel, const char *arg,
			const char *netns_dir, FILE *out)
{
	struct nstrack_names names = { 0 };
	struct sockets_vec vec = { 0 };
	struct nstrack_netns ns = { 0 };
	struct nlmsghdr *req;
	int err;

	/* the kernel filters by cookie: resolve NS the way "show" does */
	if (sel) {
		err = nstrack_netns_lookup(nl, sel, arg, &ns);
		if (err < 0)
			goto out;
		if (ns.state == NSTRACK_NETNS_STATE_DEAD) {
			char what[NAME_MAX + 32];

			nstrack_sanitize(what, sizeof(what), arg);
			nstrack_err("%s: the namespace is dead: it has no sockets to count",
				    what);
			err = -ENOENT;
			goto out;
		}
	}

	req = nstrack_nl_request(nl, NSTRACK_CMD_SOCKETS_GET);
	if (sel)
		mnl_attr_put_u64(req, NSTRACK_A_NETNS_COOKIE, ns.cookie);
	err = nstrack_nl_dump(nl, req, sockets_cb, sockets_reset, &vec,
			      "cannot count sockets");
	if (err < 0)
		goto out;

	err = nstrack_names_load(&names, netns_dir);
	if (err < 0)
		goto out;

	print_init(out, o->json, o->pretty);
	err = nstrack_print_sockets(vec.v, vec.n, &names);
	err = nstrack_cmd_end_output(err);
out:
	nstrack_names_free(&names);
	sockets_reset(&vec);
	free(vec.v);
	return err < 0 ? 1 : 0;
}

static int sockets_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		       const struct nstrack_selector *sel, const char *arg,
		       void *ctx)
{
	(void)ctx;
	return nstrack_sockets_run(nl, o, sel, arg, NSTRACK_NETNS_RUN_DIR,
				   stdout);
}

int cmd_sockets(struct nstrack_opts *o, int argc, char **argv)
{
	return nstrack_cmd_run_optional_ns("sockets", o, argc, argv,
					   sockets_usage, sockets_run, NULL);
}
