// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack bridge add|attach - create bridges and attach devices to them.
 */
#include <stdio.h>

#include "cmd.h"
#include "netcmd.h"
#include "rtnl.h"
#include "util.h"

static void bridge_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack bridge add BR [--ns NS]\n"
		"       nstrack bridge attach BR DEV [--ns NS]\n"
		"\n"
		"Create bridges and attach devices to them (over rtnetlink), in --ns\n"
		"(default: the current namespace).\n"
		"\n"
		"  add      create the bridge BR and bring it up; if that fails,\n"
		"           nothing is left behind\n"
		"  attach   make DEV a port of BR (both in the same namespace); a\n"
		"           device attached elsewhere is in use and is refused, one\n"
		"           already attached to BR is left as it is\n"
		"\n"
		NSTRACK_NETCMD_NS_HELP
		"\n"
		"Options:\n"
		"  -h, --help     show this help\n"
		"\n"
		"Nothing is printed on success.  On failure one line on stderr says\n"
		"what and where, and the exit status is 1.\n");
}

static int bridge_add(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const names[] = { "--ns" };
	struct nstrack_rtnl rt = NSTRACK_RTNL_CLOSED;
	const char *ns;
	int n, err;

	n = nstrack_netcmd_args("bridge add", argc, argv, o, names, &ns, 1, 1,
				1, bridge_usage);
	if (n < 0)
		return n == NSTRACK_NETCMD_HELP ? 0 : 1;
	if (nstrack_rtnl_check_name(argv[1]))
		return 1;
	err = nstrack_netcmd_open(&rt, ns);
	if (!err)
		err = nstrack_rtnl_bridge_add(&rt, argv[1], true);
	nstrack_rtnl_close(&rt);
	return err ? 1 : 0;
}

static int bridge_attach(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const names[] = { "--ns" };
	struct nstrack_rtnl rt = NSTRACK_RTNL_CLOSED;
	const char *ns;
	int n, err;

	n = nstrack_netcmd_args("bridge attach", argc, argv, o, names, &ns, 1,
				2, 2, bridge_usage);
	if (n < 0)
		return n == NSTRACK_NETCMD_HELP ? 0 : 1;
	if (nstrack_rtnl_check_name(argv[1]) || nstrack_rtnl_check_name(argv[2]))
		return 1;
	err = nstrack_netcmd_open(&rt, ns);
	if (!err)
		err = nstrack_rtnl_bridge_attach(&rt, argv[1], argv[2]);
	nstrack_rtnl_close(&rt);
	return err ? 1 : 0;
}

int cmd_bridge(struct nstrack_opts *o, int argc, char **argv)
{
	static const struct nstrack_command subs[] = {
		{ "add", bridge_add, "create a bridge" },
		{ "attach", bridge_attach, "attach a device to a bridge" },
	};

	return nstrack_netcmd_dispatch(subs, ARRAY_SIZE(subs), o, argc, argv,
				       bridge_usage);
}
