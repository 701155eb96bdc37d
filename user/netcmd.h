/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - what the commands that change links, bridges, addresses and
 * routes (link, bridge, addr, route) share: subcommand dispatch, argument
 * checks and handles on the namespaces they name.
 *
 * These commands print nothing on success; on failure exactly one line
 * goes to the error output and the exit status is 1.
 */
#ifndef NSTRACK_NETCMD_H
#define NSTRACK_NETCMD_H

#include <stddef.h>
#include <stdio.h>

#include "cmd.h"

struct nstrack_rtnl;

/*
 * Run the subcommand argv[1] of command argv[0] (a unique prefix will do),
 * passing it argv[1..]; -j/-p before it are taken, -h/--help or "help"
 * print usage.  Returns the exit status.
 */
int nstrack_netcmd_dispatch(const struct nstrack_command *subs, size_t nsubs,
			    struct nstrack_opts *o, int argc, char **argv,
			    void (*usage)(FILE *));

/* what nstrack_netcmd_args() returns for --help (usage was printed) */
#define NSTRACK_NETCMD_HELP	(-2)

/*
 * The arguments of subcommand cmd ("link veth"): the value options in
 * names[0..nnames) (values[k]: the last one given, or NULL), the common
 * options, then between min and max positional arguments, left in
 * argv[1..].  Returns their number, NSTRACK_NETCMD_HELP, or -1 after one
 * error line.
 */
int nstrack_netcmd_args(const char *cmd, int argc, char **argv,
			struct nstrack_opts *o, const char *const *names,
			const char **values, size_t nnames, int min, int max,
			void (*usage)(FILE *));

/*
 * A handle on the namespace the NS argument ns names (NULL: the current
 * one), for messages named as the user wrote it.  0, or -errno after one
 * error line; either way *rt may be passed to nstrack_rtnl_close() if it
 * was NSTRACK_RTNL_CLOSED before.
 */
int nstrack_netcmd_open(struct nstrack_rtnl *rt, const char *ns);

/* The NS forms, for the usage texts. */
#define NSTRACK_NETCMD_NS_HELP \
	"NS is a name under /run/netns (as made by 'ip netns add'), a network\n" \
	"namespace file (anything containing a '/', e.g. /proc/PID/ns/net) or\n" \
	"pid:PID.  Device names have 1 to 15 characters, none of them '/', ':'\n" \
	"or whitespace, and are not '.' or '..'.\n"

#endif /* NSTRACK_NETCMD_H */
