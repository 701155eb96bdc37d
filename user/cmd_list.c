// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack list - every namespace record the module holds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "names.h"
#include "netns.h"
#include "nl.h"
#include "output.h"
#include "print.h"
#include "util.h"

struct netns_vec {
	struct nstrack_netns *v;
	size_t n, cap;
};

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct netns_vec *vec = data;

	if (vec->n == vec->cap) {
		size_t ncap = vec->cap ? vec->cap * 2 : 64;
		struct nstrack_netns *nv = realloc(vec->v, ncap * sizeof(*nv));

		if (!nv) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		vec->v = nv;
		vec->cap = ncap;
	}
	if (nstrack_netns_parse(nlh, &vec->v[vec->n]) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	vec->n++;
	return MNL_CB_OK;
}

/* an interrupted dump starts over */
static void list_reset(void *data)
{
	struct netns_vec *vec = data;

	vec->n = 0;
}

static void list_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j|-p] list\n"
		"\n"
		"List every network namespace the nstrack module knows: the live ones\n"
		"and the dead ones still in its history, oldest first.\n"
		"\n"
		"Columns:\n"
		"  INODE    nsfs inode number (may be reused once the namespace is dead)\n"
		"  COOKIE   netns cookie, never reused\n"
		"  NSID     id of the namespace as seen from ours, '-' if none\n"
		"  NAMES    names under /run/netns, '-' if none\n"
		"  OWNER    uid owning the namespace's user namespace\n"
		"  AGE      time since creation, '?' if it existed before the module\n"
		"  CREATOR  pid/comm of the creating process, '-' if unknown\n"
		"  DEVICES  number of network devices in it, '-' if the module\n"
		"           does not say\n"
		"  SOCKETS  number of sockets in use in it, '-' if it is dead or the\n"
		"           module does not say\n"
		"  STATE    alive, dying (being torn down) or dead\n"
		"\n"
		"Options:\n"
		"  -j, --json     JSON array of namespace objects\n"
		"  -p, --pretty   indented JSON\n"
		"  -h, --help     show this help\n");
}

int nstrack_netns_dump(struct nstrack_nl *nl, struct nstrack_netns **v,
		       size_t *n)
{
	struct netns_vec vec = { 0 };
	struct nlmsghdr *req;
	int err;

	req = nstrack_nl_request(nl, NSTRACK_CMD_NETNS_GET);
	err = nstrack_nl_dump(nl, req, list_cb, list_reset, &vec,
			      "cannot list namespaces");
	if (err < 0) {
		free(vec.v);
		vec.v = NULL;
		vec.n = 0;
	}
	*v = vec.v;
	*n = vec.n;
	return err;
}

int nstrack_list_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		     const char *netns_dir, FILE *out)
{
	struct nstrack_names names = { 0 };
	struct netns_vec vec = { 0 };
	int err;

	err = nstrack_netns_dump(nl, &vec.v, &vec.n);
	if (err < 0)
		goto out;

	/* once for the whole list, not per namespace */
	err = nstrack_names_load(&names, netns_dir);
	if (err < 0)
		goto out;

	print_init(out, o->json, o->pretty);
	err = nstrack_print_list(vec.v, vec.n, &names, nstrack_boottime_now());
	err = nstrack_cmd_end_output(err);
out:
	nstrack_names_free(&names);
	free(vec.v);
	return err < 0 ? 1 : 0;
}

int cmd_list(struct nstrack_opts *o, int argc, char **argv)
{
	struct nstrack_nl nl;
	bool help;
	int npos, status;

	npos = nstrack_cmd_opts("list", argc, argv, o, &help);
	if (npos < 0)
		return 1;
	if (help) {
		list_usage(stdout);
		return 0;
	}
	if (nstrack_cmd_max_args("list", npos, argv, 0) < 0)
		return 1;

	if (nstrack_nl_open(&nl) < 0)
		return 1;
	status = nstrack_list_run(&nl, o, NSTRACK_NETNS_RUN_DIR, stdout);
	nstrack_nl_close(&nl);
	return status;
}
