// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - shared by the link, bridge, addr and route commands.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "names.h"
#include "netcmd.h"
#include "nsopen.h"
#include "rtnl.h"
#include "util.h"

int nstrack_netcmd_dispatch(const struct nstrack_command *subs, size_t nsubs,
			    struct nstrack_opts *o, int argc, char **argv,
			    void (*usage)(FILE *))
{
	const struct nstrack_command *sub;
	const char *cmd = argv[0];
	bool help = false;
	char shown[64];
	size_t n;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (nstrack_parse_option(argv[i], o, &help, NULL) < 0) {
			nstrack_sanitize(shown, sizeof(shown), argv[i]);
			nstrack_err("%s: unknown option '%s' (try 'nstrack %s --help')",
				    cmd, shown, cmd);
			return 1;
		}
	}
	if (help || (i < argc && !strcmp(argv[i], "help"))) {
		usage(stdout);
		return 0;
	}
	if (i == argc) {
		nstrack_err("%s: missing subcommand (try 'nstrack %s --help')",
			    cmd, cmd);
		return 1;
	}
	sub = nstrack_cmd_lookup(subs, nsubs, argv[i], &n);
	if (!sub) {
		nstrack_sanitize(shown, sizeof(shown), argv[i]);
		nstrack_err("%s: %s subcommand '%s' (try 'nstrack %s --help')",
			    cmd, n > 1 ? "ambiguous" : "unknown", shown, cmd);
		return 1;
	}
	argv[i] = (char *)sub->name;
	return sub->fn(o, argc - i, argv + i);
}

int nstrack_netcmd_args(const char *cmd, int argc, char **argv,
			struct nstrack_opts *o, const char *const *names,
			const char **values, size_t nnames, int min, int max,
			void (*usage)(FILE *))
{
	bool help;
	int npos;

	argc = nstrack_cmd_take_values(cmd, argc, argv, names, values, nnames);
	if (argc < 0)
		return -1;
	npos = nstrack_cmd_opts(cmd, argc, argv, o, &help);
	if (npos < 0)
		return -1;
	if (help) {
		usage(stdout);
		return NSTRACK_NETCMD_HELP;
	}
	if (npos < min) {
		nstrack_err("%s: missing argument (try 'nstrack %s --help')",
			    cmd, cmd);
		return -1;
	}
	if (nstrack_cmd_max_args(cmd, npos, argv, max) < 0)
		return -1;
	return npos;
}

int nstrack_netcmd_open(struct nstrack_rtnl *rt, const char *ns)
{
	int fd, err;

	if (!ns)
		return nstrack_rtnl_open(rt, -1, NULL);
	fd = nstrack_netns_open_arg(ns, NSTRACK_NETNS_RUN_DIR);
	if (fd < 0)
		return fd;
	err = nstrack_rtnl_open(rt, fd, ns);
	close(fd);
	return err;
}
