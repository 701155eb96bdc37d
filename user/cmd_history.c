// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack history [NS] [--dev NAME] - the namespace and device events the
 * module remembers, oldest first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "event.h"
#include "names.h"
#include "netns.h"
#include "nl.h"
#include "nsarg.h"
#include "output.h"
#include "print.h"
#include "util.h"

struct event_vec {
	struct nstrack_event *v;
	size_t n, cap;
	const char *dev;	/* keep only events of this device name */
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct event_vec *vec = data;

	if (vec->n == vec->cap) {
		size_t ncap = vec->cap ? vec->cap * 2 : 64;
		struct nstrack_event *nv = realloc(vec->v, ncap * sizeof(*nv));

		if (!nv) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		vec->v = nv;
		vec->cap = ncap;
	}
	/* every event is checked, even those the filter drops */
	if (nstrack_event_parse(nlh, &vec->v[vec->n]) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!vec->dev || nstrack_event_matches_dev(&vec->v[vec->n], vec->dev))
		vec->n++;
	return MNL_CB_OK;
}

/* an interrupted dump starts over */
static void event_reset(void *data)
{
	struct event_vec *vec = data;

	vec->n = 0;
}

int nstrack_history_read(struct nstrack_nl *nl, uint64_t after,
			 struct nstrack_event **v, size_t *n)
{
	struct event_vec vec = { 0 };
	struct nlmsghdr *req;
	int err;

	req = nstrack_nl_request(nl, NSTRACK_CMD_HISTORY_GET);
	if (after)
		mnl_attr_put_u64(req, NSTRACK_A_EVENT_SEQ, after);
	err = nstrack_nl_dump_once(nl, req, event_cb, &vec,
				   "cannot read the event history");
	if (err < 0) {
		free(vec.v);
		vec.v = NULL;
		vec.n = 0;
	}
	*v = vec.v;
	*n = vec.n;
	return err;
}

/* The whole history, or the events that involve namespace *cookie. */
static int history_dump(struct nstrack_nl *nl, const uint64_t *cookie,
			struct event_vec *vec)
{
	struct nlmsghdr *req;
	struct nlattr *nest;

	req = nstrack_nl_request(nl, NSTRACK_CMD_HISTORY_GET);
	if (cookie) {
		nest = mnl_attr_nest_start(req, NSTRACK_A_EVENT_NETNS);
		nest->nla_type |= NLA_F_NESTED;	/* whatever libmnl does */
		mnl_attr_put_u64(req, NSTRACK_A_ENDPOINT_COOKIE, *cookie);
		mnl_attr_nest_end(req, nest);
	}
	return nstrack_nl_dump(nl, req, event_cb, event_reset, vec,
			       "cannot read the event history");
}

int nstrack_history_of(struct nstrack_nl *nl, uint64_t cookie,
		       struct nstrack_event **v, size_t *n)
{
	struct event_vec vec = { 0 };
	int err;

	err = history_dump(nl, &cookie, &vec);
	if (err < 0) {
		free(vec.v);
		vec.v = NULL;
		vec.n = 0;
	}
	*v = vec.v;
	*n = vec.n;
	return err;
}

static void history_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j|-p] history [NS] [--dev NAME]\n"
		"\n"
		"Show the namespace and device events the nstrack module remembers,\n"
		"oldest first: namespaces created and torn down, devices registered,\n"
		"unregistered and moved between namespaces.  With NS, only the events\n"
		"that involve that namespace (it may be dead: use inode:N or cookie:N).\n"
		"\n"
		"NS is one of:\n"
		"  NAME        a name under /run/netns (as made by 'ip netns add')\n"
		"  PATH        a network namespace file, e.g. /proc/PID/ns/net\n"
		"  pid:PID     the network namespace of process PID\n"
		"  inode:N     the namespace with nsfs inode N (a live one first)\n"
		"  cookie:N    the namespace with netns cookie N\n"
		"\n"
		"Columns:\n"
		"  SEQ      event number, never reused\n"
		"  TIME     seconds since boot\n"
		"  EVENT    netns_new, netns_pre_exit, netns_exit, dev_register,\n"
		"           dev_unregister or dev_move\n"
		"  DEVICE   the device's name after the event, '-' for namespace events\n"
		"  FROM     where the device was, as NETNS:name/ifindex (a namespace\n"
		"           event: the namespace torn down)\n"
		"  TO       where the device is now (a namespace event: the new one)\n"
		"  REASON   register, unregister, user (moved on request), netns-exit\n"
		"           (its namespace went away) or unknown\n"
		"  TASK     pid/comm of the task the event happened in\n"
		"NETNS is the namespace's first name under /run/netns while it is alive\n"
		"and named, else its inode.\n"
		"\n"
		"Options:\n"
		"  --dev NAME     only the events of devices named NAME (before or after)\n"
		"  -j, --json     JSON array of event objects\n"
		"  -p, --pretty   indented JSON\n"
		"  -h, --help     show this help\n");
}

int nstrack_history_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
			const struct nstrack_selector *sel, const char *arg,
			const char *dev, const char *netns_dir, FILE *out)
{
	struct nstrack_names names = { 0 };
	struct nstrack_netns_ctx ctx = { 0 };
	struct event_vec vec = { .dev = dev };
	struct nstrack_netns ns = { 0 }, *all = NULL;
	size_t nall = 0;
	int err;

	/* the kernel filters by cookie: resolve NS the way "show" does */
	if (sel) {
		err = nstrack_netns_lookup(nl, sel, arg, &ns);
		if (err < 0)
			goto out;
	}

	err = history_dump(nl, sel ? &ns.cookie : NULL, &vec);
	if (err < 0)
		goto out;

	/*
	 * Text names namespaces: which are still alive (a dead one's inode
	 * may belong to another by now), and their names.  Asked after the
	 * history, so that every namespace it mentions is already known.
	 */
	if (!o->json && !o->pretty) {
		err = nstrack_netns_dump(nl, &all, &nall);
		if (err < 0)
			goto out;
		err = nstrack_names_load(&names, netns_dir);
		if (err < 0)
			goto out;
		nstrack_netns_sort_by_cookie(all, nall);
		ctx.ns = all;
		ctx.n = nall;
		ctx.names = &names;
	}

	print_init(out, o->json, o->pretty);
	err = nstrack_print_history(vec.v, vec.n, &ctx);
	err = nstrack_cmd_end_output(err);
out:
	nstrack_names_free(&names);
	free(all);
	free(vec.v);
	return err < 0 ? 1 : 0;
}

/* "--dev NAME": 1 to 15 characters.  0, or -1 after one error line. */
static int check_dev_name(const char *name)
{
	char shown[64];

	if (name && (!*name || strlen(name) >= NSTRACK_IFNAME_LEN)) {
		nstrack_sanitize(shown, sizeof(shown), name);
		nstrack_err("history: invalid device name '%s' (1 to %d characters)",
			    shown, NSTRACK_IFNAME_LEN - 1);
		return -1;
	}
	return 0;
}

static int history_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		       const struct nstrack_selector *sel, const char *arg,
		       void *dev)
{
	return nstrack_history_run(nl, o, sel, arg, dev, NSTRACK_NETNS_RUN_DIR,
				   stdout);
}

int cmd_history(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const names[] = { "--dev" };
	const char *dev;

	argc = nstrack_cmd_take_values("history", argc, argv, names, &dev, 1);
	if (argc < 0 || check_dev_name(dev) < 0)
		return 1;
	return nstrack_cmd_run_optional_ns("history", o, argc, argv,
					   history_usage, history_run,
					   (void *)dev);
}
