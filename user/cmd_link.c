// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack link veth|move|del - create, move and delete network devices.
 */
#include <stdio.h>

#include "cmd.h"
#include "netcmd.h"
#include "rtnl.h"
#include "util.h"

static void link_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack link veth A B [--ns-a NS] [--ns-b NS]\n"
		"       nstrack link move DEV NS [--ns NS]\n"
		"       nstrack link del DEV [--ns NS]\n"
		"\n"
		"Create, move and delete network devices (over rtnetlink).\n"
		"\n"
		"  veth   create the veth pair A <-> B, A in --ns-a and B in --ns-b\n"
		"         (default: the current namespace), and bring both ends up;\n"
		"         if any step fails, nothing is left behind\n"
		"  move   move DEV from --ns (default: the current namespace) to NS;\n"
		"         a device that was up is brought up again there; a device\n"
		"         attached to a bridge is in use and is not moved\n"
		"  del    delete DEV from --ns (default: the current namespace); a\n"
		"         veth's peer goes with it\n"
		"\n"
		NSTRACK_NETCMD_NS_HELP
		"\n"
		"Options:\n"
		"  -h, --help     show this help\n"
		"\n"
		"Nothing is printed on success.  On failure one line on stderr says\n"
		"what and where, and the exit status is 1.\n");
}

static int link_veth(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const names[] = { "--ns-a", "--ns-b" };
	struct nstrack_rtnl a = NSTRACK_RTNL_CLOSED, b = NSTRACK_RTNL_CLOSED;
	const char *ns[2];
	int n, err;

	n = nstrack_netcmd_args("link veth", argc, argv, o, names, ns, 2, 2, 2,
				link_usage);
	if (n < 0)
		return n == NSTRACK_NETCMD_HELP ? 0 : 1;
	/* bad names are refused before any namespace is opened */
	if (nstrack_rtnl_check_name(argv[1]) || nstrack_rtnl_check_name(argv[2]))
		return 1;
	err = nstrack_netcmd_open(&a, ns[0]);
	if (!err)
		err = nstrack_netcmd_open(&b, ns[1]);
	if (!err)
		err = nstrack_rtnl_veth_add(&a, argv[1], argv[2], &b, true);
	nstrack_rtnl_close(&b);
	nstrack_rtnl_close(&a);
	return err ? 1 : 0;
}

static int link_move(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const names[] = { "--ns" };
	struct nstrack_rtnl from = NSTRACK_RTNL_CLOSED;
	struct nstrack_rtnl to = NSTRACK_RTNL_CLOSED;
	const char *ns;
	int n, err;

	n = nstrack_netcmd_args("link move", argc, argv, o, names, &ns, 1, 2, 2,
				link_usage);
	if (n < 0)
		return n == NSTRACK_NETCMD_HELP ? 0 : 1;
	if (nstrack_rtnl_check_name(argv[1]))
		return 1;
	err = nstrack_netcmd_open(&from, ns);
	if (!err)
		err = nstrack_netcmd_open(&to, argv[2]);
	if (!err)
		err = nstrack_rtnl_link_move(&from, argv[1], &to);
	nstrack_rtnl_close(&to);
	nstrack_rtnl_close(&from);
	return err ? 1 : 0;
}

static int link_del(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const names[] = { "--ns" };
	struct nstrack_rtnl rt = NSTRACK_RTNL_CLOSED;
	const char *ns;
	int n, err;

	n = nstrack_netcmd_args("link del", argc, argv, o, names, &ns, 1, 1, 1,
				link_usage);
	if (n < 0)
		return n == NSTRACK_NETCMD_HELP ? 0 : 1;
	if (nstrack_rtnl_check_name(argv[1]))
		return 1;
	err = nstrack_netcmd_open(&rt, ns);
	if (!err)
		err = nstrack_rtnl_link_del(&rt, argv[1]);
	nstrack_rtnl_close(&rt);
	return err ? 1 : 0;
}

int cmd_link(struct nstrack_opts *o, int argc, char **argv)
{
	static const struct nstrack_command subs[] = {
		{ "veth", link_veth, "create a veth pair" },
		{ "move", link_move, "move a device to another namespace" },
		{ "del", link_del, "delete a device" },
	};

	return nstrack_netcmd_dispatch(subs, ARRAY_SIZE(subs), o, argc, argv,
				       link_usage);
}
