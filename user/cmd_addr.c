// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack addr add NS DEV CIDR - give a device an IPv4 or IPv6 address.
 */
#include <stdio.h>

#include "cmd.h"
#include "netcmd.h"
#include "rtnl.h"
#include "util.h"

static void addr_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack addr add NS DEV CIDR\n"
		"\n"
		"Add the address CIDR to the device DEV of namespace NS (over\n"
		"rtnetlink).\n"
		"\n"
		"CIDR is ADDRESS/PREFIX, IPv4 (10.0.0.1/24) or IPv6 (fd00::1/64); the\n"
		"prefix is required.  IPv4 addresses get their subnet's broadcast\n"
		"address (up to /30).  An address the device already has is an error.\n"
		"\n"
		NSTRACK_NETCMD_NS_HELP
		"\n"
		"Options:\n"
		"  -h, --help     show this help\n"
		"\n"
		"Nothing is printed on success.  On failure one line on stderr says\n"
		"what and where, and the exit status is 1.\n");
}

static int addr_add(struct nstrack_opts *o, int argc, char **argv)
{
	struct nstrack_rtnl rt = NSTRACK_RTNL_CLOSED;
	struct nstrack_ipaddr a;
	char shown[64];
	const char *why;
	int n, err;

	n = nstrack_netcmd_args("addr add", argc, argv, o, NULL, NULL, 0, 3, 3,
				addr_usage);
	if (n < 0)
		return n == NSTRACK_NETCMD_HELP ? 0 : 1;
	if (nstrack_rtnl_check_name(argv[2]))
		return 1;
	if (nstrack_cidr_parse(argv[3], &a, &why)) {
		nstrack_sanitize(shown, sizeof(shown), argv[3]);
		nstrack_err("%s: invalid CIDR (%s)", shown, why);
		return 1;
	}
	err = nstrack_netcmd_open(&rt, argv[1]);
	if (!err)
		err = nstrack_rtnl_addr_add(&rt, argv[2], &a);
	nstrack_rtnl_close(&rt);
	return err ? 1 : 0;
}

int cmd_addr(struct nstrack_opts *o, int argc, char **argv)
{
	static const struct nstrack_command subs[] = {
		{ "add", addr_add, "add an address to a device" },
	};

	return nstrack_netcmd_dispatch(subs, ARRAY_SIZE(subs), o, argc, argv,
				       addr_usage);
}
