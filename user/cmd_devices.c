// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack devices [NS] - the network devices of every namespace, or of one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "dev.h"
#include "names.h"
#include "netns.h"
#include "nl.h"
#include "nsarg.h"
#include "output.h"
#include "print.h"
#include "util.h"

struct dev_vec {
	struct nstrack_dev *v;
	size_t n, cap;
};

static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dev_vec *vec = data;

	if (vec->n == vec->cap) {
		size_t ncap = vec->cap ? vec->cap * 2 : 64;
		struct nstrack_dev *nv = realloc(vec->v, ncap * sizeof(*nv));

		if (!nv) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		vec->v = nv;
		vec->cap = ncap;
	}
	if (nstrack_dev_parse(nlh, &vec->v[vec->n]) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	vec->n++;
	return MNL_CB_OK;
}

/* an interrupted dump starts over */
static void dev_reset(void *data)
{
	struct dev_vec *vec = data;

	vec->n = 0;
}

static void devices_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j|-p] devices [NS]\n"
		"\n"
		"List the network devices of every live network namespace, or only\n"
		"those of NS, sorted by namespace inode and ifindex.\n"
		"\n"
		"NS is one of:\n"
		"  NAME        a name under /run/netns (as made by 'ip netns add')\n"
		"  PATH        a network namespace file, e.g. /proc/PID/ns/net\n"
		"  pid:PID     the network namespace of process PID\n"
		"  inode:N     the namespace with nsfs inode N\n"
		"  cookie:N    the namespace with netns cookie N\n"
		"\n"
		"Columns:\n"
		"  NETNS    the namespace's first name under /run/netns, else its inode\n"
		"  IFINDEX  interface index in that namespace\n"
		"  NAME     interface name\n"
		"  KIND     link type (veth, bridge, ...), 'loopback' or 'physical'\n"
		"  MAC      link-layer address, '-' if the device has none\n"
		"\n"
		"Options:\n"
		"  -j, --json     JSON array of device objects\n"
		"  -p, --pretty   indented JSON\n"
		"  -h, --help     show this help\n");
}

int nstrack_devices_dump(struct nstrack_nl *nl, const uint64_t *cookie,
			 struct nstrack_dev **v, size_t *n)
{
	struct dev_vec vec = { 0 };
	struct nlmsghdr *req;
	int err;

	req = nstrack_nl_request(nl, NSTRACK_CMD_DEV_GET);
	if (cookie)
		mnl_attr_put_u64(req, NSTRACK_A_DEV_NETNS_COOKIE, *cookie);
	err = nstrack_nl_dump(nl, req, dev_cb, dev_reset, &vec,
			      "cannot list devices");
	if (err < 0) {
		free(vec.v);
		vec.v = NULL;
		vec.n = 0;
	}
	nstrack_dev_sort(vec.v, vec.n);
	*v = vec.v;
	*n = vec.n;
	return err;
}

int nstrack_devices_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
			const struct nstrack_selector *sel, const char *arg,
			const char *netns_dir, FILE *out)
{
	struct nstrack_names names = { 0 };
	struct nstrack_netns ns = { 0 };
	struct nstrack_dev *v = NULL;
	size_t n = 0;
	int err;

	/* the kernel filters by cookie: resolve NS the way "show" does */
	if (sel) {
		err = nstrack_netns_lookup(nl, sel, arg, &ns);
		if (err < 0)
			goto out;
	}
	err = nstrack_devices_dump(nl, sel ? &ns.cookie : NULL, &v, &n);
	if (err < 0)
		goto out;

	err = nstrack_names_load(&names, netns_dir);
	if (err < 0)
		goto out;

	print_init(out, o->json, o->pretty);
	err = nstrack_print_devices(v, n, &names);
	err = nstrack_cmd_end_output(err);
out:
	nstrack_names_free(&names);
	free(v);
	return err < 0 ? 1 : 0;
}

static int devices_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		       const struct nstrack_selector *sel, const char *arg,
		       void *ctx)
{
	(void)ctx;
	return nstrack_devices_run(nl, o, sel, arg, NSTRACK_NETNS_RUN_DIR,
				   stdout);
}

int cmd_devices(struct nstrack_opts *o, int argc, char **argv)
{
	return nstrack_cmd_run_optional_ns("devices", o, argc, argv,
					   devices_usage, devices_run, NULL);
}
