// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack route add NS default via GW [dev DEV] - the default route of a
 * namespace.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "netcmd.h"
#include "rtnl.h"
#include "util.h"

static void route_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack route add NS default via GW [dev DEV]\n"
		"\n"
		"Add the default route via the gateway address GW (IPv4 or IPv6) to\n"
		"the main table of namespace NS (over rtnetlink).  GW must be\n"
		"reachable through an address NS already has; a link-local IPv6\n"
		"gateway needs 'dev DEV'.  An existing default route of the same\n"
		"family is an error.\n"
		"\n"
		NSTRACK_NETCMD_NS_HELP
		"\n"
		"Options:\n"
		"  -h, --help     show this help\n"
		"\n"
		"Nothing is printed on success.  On failure one line on stderr says\n"
		"what and where, and the exit status is 1.\n");
}

static int route_add(struct nstrack_opts *o, int argc, char **argv)
{
	struct nstrack_rtnl rt = NSTRACK_RTNL_CLOSED;
	struct nstrack_ipaddr gw;
	const char *dev = NULL, *why;
	char shown[64];
	int n, err;

	n = nstrack_netcmd_args("route add", argc, argv, o, NULL, NULL, 0, 4, 6,
				route_usage);
	if (n < 0)
		return n == NSTRACK_NETCMD_HELP ? 0 : 1;
	if (strcmp(argv[2], "default")) {
		nstrack_sanitize(shown, sizeof(shown), argv[2]);
		nstrack_err("route add: only the default route can be added, not '%s' (try 'nstrack route --help')",
			    shown);
		return 1;
	}
	if (strcmp(argv[3], "via") || (n > 4 && strcmp(argv[5], "dev")) ||
	    n == 5) {
		nstrack_err("route add: expected 'default via GW [dev DEV]' (try 'nstrack route --help')");
		return 1;
	}
	if (n == 6) {
		dev = argv[6];
		if (nstrack_rtnl_check_name(dev))
			return 1;
	}
	if (nstrack_ip_parse(argv[4], &gw, &why)) {
		nstrack_sanitize(shown, sizeof(shown), argv[4]);
		nstrack_err("%s: invalid gateway address (%s)", shown, why);
		return 1;
	}
	err = nstrack_netcmd_open(&rt, argv[1]);
	if (!err)
		err = nstrack_rtnl_route_add_default(&rt, &gw, dev);
	nstrack_rtnl_close(&rt);
	return err ? 1 : 0;
}

int cmd_route(struct nstrack_opts *o, int argc, char **argv)
{
	static const struct nstrack_command subs[] = {
		{ "add", route_add, "add the default route" },
	};

	return nstrack_netcmd_dispatch(subs, ARRAY_SIZE(subs), o, argc, argv,
				       route_usage);
}
