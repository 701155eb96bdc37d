// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack show NS - one namespace in detail.
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
#include "util.h"

struct show_reply {
	struct nstrack_netns ns;
	bool got;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_reply *r = data;

	if (r->got)
		return MNL_CB_OK;	/* only one is expected; keep the first */
	if (nstrack_netns_parse(nlh, &r->ns) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	r->got = true;
	return MNL_CB_OK;
}

static void show_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j|-p] show NS [--timeline]\n"
		"\n"
		"Show one network namespace, live or dead, in detail.  With\n"
		"--timeline, also its life from the module's history: created by\n"
		"whom, every device that came and went, pre_exit and exit, with the\n"
		"time since its creation and since the previous step.\n"
		"\n"
		"NS is one of:\n"
		"  NAME        a name under /run/netns (as made by 'ip netns add')\n"
		"  PATH        a network namespace file, e.g. /proc/PID/ns/net or a\n"
		"              bind mount of one (anything containing a '/')\n"
		"  pid:PID     the network namespace of process PID\n"
		"  inode:N     the namespace with nsfs inode N (a live one first)\n"
		"  cookie:N    the namespace with netns cookie N\n"
		"\n"
		"Options:\n"
		"  --timeline     add the steps of its life (JSON: \"timeline\", the\n"
		"                 objects of 'history -j' with offset_ns and delta_ns)\n"
		"  -j, --json     one JSON object, as in 'nstrack list -j'\n"
		"  -p, --pretty   indented JSON\n"
		"  -h, --help     show this help\n");
}

int nstrack_netns_lookup(struct nstrack_nl *nl,
			 const struct nstrack_selector *sel, const char *arg,
			 struct nstrack_netns *ns)
{
	struct show_reply reply = { 0 };
	char what[NAME_MAX + 32];
	struct nlmsghdr *req;
	int err;

	req = nstrack_nl_request(nl, NSTRACK_CMD_NETNS_GET);
	nstrack_selector_put(req, sel);
	nstrack_sanitize(what, sizeof(what), arg);
	err = nstrack_nl_doit(nl, req, show_cb, &reply, what);
	if (err < 0)
		return err;
	*ns = reply.ns;
	return 0;
}

int nstrack_show_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		     const struct nstrack_selector *sel, const char *arg,
		     bool timeline, const char *netns_dir, FILE *out)
{
	struct nstrack_names names = { 0 };
	struct nstrack_event *events = NULL;
	struct nstrack_netns ns;
	size_t nevents = 0;
	int status;

	if (nstrack_netns_lookup(nl, sel, arg, &ns) < 0)
		return 1;
	if (timeline && nstrack_history_of(nl, ns.cookie, &events, &nevents) < 0)
		return 1;
	if (nstrack_names_load(&names, netns_dir) < 0) {
		free(events);
		return 1;
	}

	print_init(out, o->json, o->pretty);
	if (timeline)
		nstrack_print_timeline(&ns, &names, nstrack_boottime_now(),
				       events, nevents);
	else
		nstrack_print_netns(&ns, &names, nstrack_boottime_now());
	status = nstrack_cmd_finish_output();
	nstrack_names_free(&names);
	free(events);
	return status;
}

int nstrack_cmd_optional_ns(const char *cmd, int npos, char **argv,
			    struct nstrack_selector *sel, bool *have)
{
	*have = false;
	if (nstrack_cmd_max_args(cmd, npos, argv, 1) < 0)
		return -1;
	if (npos == 0)
		return 0;
	if (nstrack_selector_from_arg(argv[1], NSTRACK_NETNS_RUN_DIR, sel) < 0)
		return -1;
	*have = true;
	return 0;
}

int nstrack_cmd_run_optional_ns(const char *cmd, struct nstrack_opts *o,
				int argc, char **argv, void (*usage)(FILE *),
				nstrack_ns_run_fn run, void *ctx)
{
	struct nstrack_selector sel;
	struct nstrack_nl nl;
	bool help, have_ns;
	int npos, status;

	npos = nstrack_cmd_opts(cmd, argc, argv, o, &help);
	if (npos < 0)
		return 1;
	if (help) {
		usage(stdout);
		return 0;
	}
	if (nstrack_cmd_optional_ns(cmd, npos, argv, &sel, &have_ns) < 0)
		return 1;
	if (nstrack_nl_open(&nl) < 0) {
		status = 1;
		goto out;
	}
	status = run(&nl, o, have_ns ? &sel : NULL, have_ns ? argv[1] : NULL,
		     ctx);
	nstrack_nl_close(&nl);
out:
	if (have_ns)
		nstrack_selector_release(&sel);
	return status;
}

int cmd_show(struct nstrack_opts *o, int argc, char **argv)
{
	struct nstrack_selector sel;
	struct nstrack_nl nl;
	bool help, timeline;
	int npos, status;

	argc = nstrack_cmd_take_flag(argc, argv, "--timeline", &timeline);
	npos = nstrack_cmd_opts("show", argc, argv, o, &help);
	if (npos < 0)
		return 1;
	if (help) {
		show_usage(stdout);
		return 0;
	}
	if (npos == 0) {
		nstrack_err("show: missing namespace argument (try 'nstrack show --help')");
		return 1;
	}
	if (nstrack_cmd_max_args("show", npos, argv, 1) < 0)
		return 1;

	/* bad arguments are reported before the module is even looked for */
	if (nstrack_selector_from_arg(argv[1], NSTRACK_NETNS_RUN_DIR, &sel) < 0)
		return 1;
	if (nstrack_nl_open(&nl) < 0) {
		nstrack_selector_release(&sel);
		return 1;
	}
	status = nstrack_show_run(&nl, o, &sel, argv[1], timeline,
				  NSTRACK_NETNS_RUN_DIR, stdout);
	nstrack_nl_close(&nl);
	nstrack_selector_release(&sel);
	return status;
}
