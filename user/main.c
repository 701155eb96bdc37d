// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - inspect the network namespaces tracked by the nstrack kernel
 * module.
 *
 *   nstrack [OPTIONS] COMMAND [ARGS]
 *
 * Exit status: 0 on success (including --help, and --version even without
 * the module), 1 on any error.  Every error is reported as exactly one line on stderr starting
 * with "nstrack: ", and a failed command prints nothing on stdout.
 */
#include <stdio.h>
#include <string.h>
#include <linux/nstrack.h>

#include "cmd.h"
#include "connect.h"
#include "info.h"
#include "metrics.h"
#include "nl.h"
#include "util.h"

#ifndef NSTRACK_VERSION
#define NSTRACK_VERSION "0.1.0"
#endif

static int cmd_help(struct nstrack_opts *o, int argc, char **argv);

static const struct nstrack_command commands[] = {
	{ "list", cmd_list, "list every network namespace, live and dead" },
	{ "show", cmd_show, "show one network namespace in detail" },
	{ "devices", cmd_devices, "list the network devices of the namespaces" },
	{ "holders", cmd_holders, "show what keeps a namespace alive" },
	{ "sockets", cmd_sockets, "count the sockets of the live namespaces, by protocol" },
	{ "history", cmd_history, "show the namespace and device events, oldest first" },
	{ "monitor", cmd_monitor, "print namespace and device events as they happen" },
	{ "metrics", cmd_metrics, "print the figures for Prometheus (text format)" },
	{ "add", cmd_add, "create a named network namespace (as 'ip netns add')" },
	{ "attach", cmd_attach, "name the network namespace of a process" },
	{ "del", cmd_del, "delete a name, or every name with -a" },
	{ "exec", cmd_exec, "run a command in a named namespace, or in each with -a" },
	{ "identify", cmd_identify, "print the names of a process's network namespace" },
	{ "pids", cmd_pids, "list the processes with a thread in a named namespace" },
	{ "set", cmd_set, "give a named namespace an nsid" },
	{ "list-id", cmd_listid, "list the nsids and their names" },
	{ "link", cmd_link, "create a veth pair, move or delete a device" },
	{ "bridge", cmd_bridge, "create a bridge, attach a device to it" },
	{ "addr", cmd_addr, "add an address to a device" },
	{ "route", cmd_route, "add a default route" },
	{ "connect", cmd_connect, "put a named namespace on a bridge, with NAT if asked" },
	{ "disconnect", cmd_disconnect, "take back what connect made" },
	{ "help", cmd_help, "show this help, or the help of a command" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: nstrack [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Inspect the network namespaces tracked by the nstrack kernel module,\n"
		"and manage named ones like 'ip netns' (these need no module).\n"
		"\n"
		"Options:\n"
		"  -j, --json      JSON output\n"
		"  -p, --pretty    indented JSON output (implies --json)\n"
		"  -h, --help      show this help\n"
		"  -V, --version   show the versions of the tool, the module and its\n"
		"                  netlink family\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s  %s\n", commands[i].name, commands[i].desc);
	fprintf(f,
		"\n"
		"A command may be abbreviated to any unique prefix.\n"
		"Run 'nstrack COMMAND --help' for the details of a command.\n"
		"\n"
		"Exit status: 0 on success, 1 on error.\n");
}

/*
 * Like "ip -V": the tool's version always, and exit 0 even without the
 * module (one line on stderr then), since the version of the tool itself
 * is still the answer to the question.  A module or family version that
 * differs from the tool's is a warning, not an error: old tools keep
 * working with newer modules as long as the family version matches.
 */
static int show_version(void)
{
	struct nstrack_nl nl;

	printf("nstrack %s\n", NSTRACK_VERSION);
	fflush(stdout);
	if (nstrack_nl_open(&nl) < 0)
		return 0;
	nstrack_info_version(&nl, NSTRACK_VERSION, stdout);
	nstrack_nl_close(&nl);
	return 0;
}

/* The command named by word, or NULL after printing the error line. */
static const struct nstrack_command *find_command(const char *word)
{
	const struct nstrack_command *cmd;
	char shown[64];
	size_t n;

	cmd = nstrack_cmd_lookup(commands, ARRAY_SIZE(commands), word, &n);
	if (cmd)
		return cmd;
	nstrack_sanitize(shown, sizeof(shown), word);
	if (n > 1)
		nstrack_err("ambiguous command '%s' (try 'nstrack help')", shown);
	else
		nstrack_err("unknown command '%s' (try 'nstrack help')", shown);
	return NULL;
}

static int cmd_help(struct nstrack_opts *o, int argc, char **argv)
{
	const struct nstrack_command *cmd;
	char *sub[3];
	bool help;
	int npos;

	npos = nstrack_cmd_opts("help", argc, argv, o, &help);
	if (npos < 0)
		return 1;
	if (npos == 0 || help) {
		usage(stdout);
		return 0;
	}
	cmd = find_command(argv[1]);
	if (!cmd)
		return 1;
	if (cmd->fn == cmd_help) {
		usage(stdout);
		return 0;
	}
	sub[0] = (char *)cmd->name;
	sub[1] = (char *)"--help";
	sub[2] = NULL;
	return cmd->fn(o, 2, sub);
}

int main(int argc, char **argv)
{
	struct nstrack_opts opts = { 0 };
	const struct nstrack_command *cmd;
	bool help = false, version = false;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (nstrack_parse_option(a, &opts, &help, &version) < 0) {
			char shown[64];

			nstrack_sanitize(shown, sizeof(shown), a);
			nstrack_err("unknown option '%s' (try 'nstrack --help')",
				    shown);
			return 1;
		}
	}
	if (help) {
		usage(stdout);
		return 0;
	}
	if (version)
		return show_version();
	if (i >= argc) {
		nstrack_err("missing command (try 'nstrack help')");
		return 1;
	}

	cmd = find_command(argv[i]);
	if (!cmd)
		return 1;
	argv[i] = (char *)cmd->name;
	return cmd->fn(&opts, argc - i, argv + i);
}
