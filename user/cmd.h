/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - commands and their option handling.
 */
#ifndef NSTRACK_CMD_H
#define NSTRACK_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct nstrack_opts {
	bool json;
	bool pretty;
};

/*
 * A command gets argv[0] = its full name and the arguments after it.
 * It returns the process exit status (0 or 1).
 */
struct nstrack_command {
	const char *name;
	int (*fn)(struct nstrack_opts *o, int argc, char **argv);
	const char *desc;
};

/*
 * Find name in tab: an exact match, else the only command name that name
 * is a prefix of.  Returns NULL if there is no match or several; *nmatch
 * (if not NULL) gets the number of candidates (0: unknown, >1: ambiguous).
 */
const struct nstrack_command *nstrack_cmd_lookup(const struct nstrack_command *tab,
					     size_t n, const char *name,
					     size_t *nmatch);

/*
 * Options of a command: -j/--json, -p/--pretty, -h/--help anywhere in
 * argv[1..argc), "--" ends options.  The other arguments are moved, in
 * order, to argv[1..]; returns their number, or -1 after printing one error
 * line for an unknown option.  *help is set for -h/--help.
 */
int nstrack_cmd_opts(const char *cmd, int argc, char **argv,
		     struct nstrack_opts *o, bool *help);

/*
 * More than max positional arguments (npos of them, moved to argv[1..] by
 * nstrack_cmd_opts())?  Then one error line names the first extra one and
 * -1 is returned; else 0.
 */
int nstrack_cmd_max_args(const char *cmd, int npos, char **argv, int max);

/*
 * Parse one option word (argv element starting with '-', not "--"),
 * possibly grouped ("-jp").  Sets the flags it names; returns 0, or -1 if
 * it contains an unknown option.  version may be NULL when -V/--version is
 * not accepted.
 */
int nstrack_parse_option(const char *arg, struct nstrack_opts *o, bool *help,
			 bool *version);

/*
 * Take the long options with a value named in names[0..nnames) ("--dev",
 * given as "--dev VALUE" or "--dev=VALUE") out of argv[1..argc), up to a
 * "--", keeping the order of the rest; values[k] gets the last value of
 * names[k] (NULL if absent; pointers into argv).  Returns the new argc,
 * or -1 after one error line (an option without its value).
 */
int nstrack_cmd_take_values(const char *cmd, int argc, char **argv,
			     const char *const *names, const char **values,
			     size_t nnames);

/*
 * Take every flag named flag ("--timeline") out of argv[1..argc), up to a
 * "--".  Returns the new argc; *set tells whether it was there.
 */
int nstrack_cmd_take_flag(int argc, char **argv, const char *flag,
			  bool *set);

/* print_finish() and one error line if that failed; returns exit status */
int nstrack_cmd_finish_output(void);

/*
 * After a command's printer returned print_err: on failure discard what was
 * printed and say so, else finish the output.  Returns 0 or -errno.
 */
int nstrack_cmd_end_output(int print_err);

int cmd_list(struct nstrack_opts *o, int argc, char **argv);
int cmd_show(struct nstrack_opts *o, int argc, char **argv);
int cmd_devices(struct nstrack_opts *o, int argc, char **argv);
int cmd_history(struct nstrack_opts *o, int argc, char **argv);
int cmd_sockets(struct nstrack_opts *o, int argc, char **argv);
int cmd_monitor(struct nstrack_opts *o, int argc, char **argv);
int cmd_holders(struct nstrack_opts *o, int argc, char **argv);
int cmd_link(struct nstrack_opts *o, int argc, char **argv);
int cmd_bridge(struct nstrack_opts *o, int argc, char **argv);
int cmd_addr(struct nstrack_opts *o, int argc, char **argv);
int cmd_route(struct nstrack_opts *o, int argc, char **argv);

/*
 * The work of "list" and "show" once the arguments are checked and the
 * netlink connection is open (unit tests pass a fake one): request, names
 * from netns_dir, output to out.  Return the exit status; on failure
 * exactly one line went to the error output and nothing to out.
 */
struct nstrack_nl;
struct nstrack_netns;
struct nstrack_selector;
int nstrack_list_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		     const char *netns_dir, FILE *out);
int nstrack_show_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		     const struct nstrack_selector *sel, const char *arg,
		     bool timeline, const char *netns_dir, FILE *out);

/*
 * "devices [NS]": sel NULL means every device; otherwise NS (arg, for
 * messages) is first resolved to its cookie and only its devices are
 * asked for.
 */
int nstrack_devices_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
			const struct nstrack_selector *sel, const char *arg,
			const char *netns_dir, FILE *out);

/*
 * "sockets [NS]": sel NULL means every live namespace; otherwise NS (arg,
 * for messages) is first resolved to its cookie and only its counts are
 * asked for (a dead namespace is an error: it has none).
 */
int nstrack_sockets_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
			const struct nstrack_selector *sel, const char *arg,
			const char *netns_dir, FILE *out);

/*
 * "history [NS] [--dev NAME]": sel NULL means every event; dev NULL means
 * no filter on the device name.
 */
int nstrack_history_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
			const struct nstrack_selector *sel, const char *arg,
			const char *dev, const char *netns_dir, FILE *out);

/*
 * "holders NS": the record of NS, then the holders found under proc and the
 * devices; names from netns_dir.  Returns the exit status.
 */
int nstrack_holders_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
			const struct nstrack_selector *sel, const char *arg,
			const char *proc, const char *netns_dir, FILE *out);

/*
 * The history after sequence number after, in one dump attempt (gaps are
 * the caller's to see), in a malloc()ed array (*v NULL when empty).  0, or
 * -errno after one error line.
 */
struct nstrack_event;
int nstrack_history_read(struct nstrack_nl *nl, uint64_t after,
			 struct nstrack_event **v, size_t *n);

/*
 * The events of the history that involve namespace cookie, oldest first,
 * in a malloc()ed array (*v NULL when empty).  0, or -errno after one
 * error line.
 */
int nstrack_history_of(struct nstrack_nl *nl, uint64_t cookie,
		       struct nstrack_event **v, size_t *n);

/*
 * The DEV_GET dump: every device, or those of the namespace *cookie, in a
 * malloc()ed array sorted for output (*v NULL when empty).  0, or -errno
 * after one error line.
 */
struct nstrack_dev;
int nstrack_devices_dump(struct nstrack_nl *nl, const uint64_t *cookie,
			 struct nstrack_dev **v, size_t *n);

/*
 * The NETNS_GET "do" request of "show": the one namespace sel selects
 * (arg names it in messages).  0, or -errno after one error line.
 */
int nstrack_netns_lookup(struct nstrack_nl *nl,
			 const struct nstrack_selector *sel, const char *arg,
			 struct nstrack_netns *ns);

/*
 * The NETNS_GET dump of "list": every record, in the kernel's order, in
 * a malloc()ed array (*v NULL when empty; free() it).  0, or -errno after
 * one error line.
 */
int nstrack_netns_dump(struct nstrack_nl *nl, struct nstrack_netns **v,
		       size_t *n);

/*
 * Parse the optional NS argument of devices and history: argv[1..npos]
 * are the positional arguments.  *have is set if there is one, and then
 * *sel must be released.  Returns 0, or -1 after one error line.
 */
int nstrack_cmd_optional_ns(const char *cmd, int npos, char **argv,
			    struct nstrack_selector *sel, bool *have);

/*
 * The body of a command that takes an optional NS, called once the
 * arguments are checked and netlink is open: sel and arg are NULL without
 * NS; ctx is the command's own.  Returns the exit status.
 */
typedef int (*nstrack_ns_run_fn)(struct nstrack_nl *nl,
				 const struct nstrack_opts *o,
				 const struct nstrack_selector *sel,
				 const char *arg, void *ctx);

/*
 * The whole of such a command: options, --help (usage), the optional NS
 * (checked before the module is even looked for), netlink, run, cleanup.
 */
int nstrack_cmd_run_optional_ns(const char *cmd, struct nstrack_opts *o,
				int argc, char **argv, void (*usage)(FILE *),
				nstrack_ns_run_fn run, void *ctx);

/*
 * The named namespace commands (cmd_netns.c): they work on /run/netns like
 * "ip netns" and do not need the module.
 */
int cmd_add(struct nstrack_opts *o, int argc, char **argv);
int cmd_attach(struct nstrack_opts *o, int argc, char **argv);
int cmd_del(struct nstrack_opts *o, int argc, char **argv);
int cmd_exec(struct nstrack_opts *o, int argc, char **argv);
int cmd_identify(struct nstrack_opts *o, int argc, char **argv);
int cmd_pids(struct nstrack_opts *o, int argc, char **argv);
int cmd_set(struct nstrack_opts *o, int argc, char **argv);
int cmd_listid(struct nstrack_opts *o, int argc, char **argv);

/* PID: plain decimal 1..INT32_MAX.  0 or -EINVAL. */
int nstrack_parse_pid(const char *s, pid_t *pid);

/* NSID: plain decimal 0..INT32_MAX, or "auto" (-1).  0 or -EINVAL. */
int nstrack_parse_nsid(const char *s, int32_t *nsid);

/*
 * The work of those commands once their arguments are checked, on
 * netns_dir (normally NSTRACK_NETNS_RUN_DIR), output to out; unit tests
 * pass their own.  They return the exit status; on failure exactly one
 * line went to the error output and nothing to out.
 */

/* "identify [PID]": pid NULL is the caller */
int nstrack_identify_run(const struct nstrack_opts *o, const char *pid,
			 const char *netns_dir, FILE *out);

/* "pids NAME", the tasks read from proc_dir (normally "/proc") */
int nstrack_pids_run(const struct nstrack_opts *o, const char *name,
		     const char *netns_dir, const char *proc_dir, FILE *out);

/* "set NAME NSID" over the rtnetlink connection nl (nsid.h) */
int nstrack_set_run(struct nstrack_nl *nl, const char *name, int32_t nsid,
		    const char *netns_dir);

/* "list-id" over the rtnetlink connection nl (nsid.h) */
int nstrack_listid_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		       const char *netns_dir, FILE *out);

/*
 * "exec -a": cmdv (NULL-terminated) in a child in each namespace of dir,
 * one after the other, each after a header line on out.  0 if every one
 * succeeded, else the exit status of the last that failed.
 */
int nstrack_exec_all(const char *dir, char **cmdv, FILE *out);

#endif /* NSTRACK_CMD_H */
