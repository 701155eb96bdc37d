// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack add, del, attach, exec, identify, pids, set, list-id - named
 * network namespaces, the way "ip netns" manages them and on the same
 * files (see netnsdir.h): what one makes, the other sees and uses.
 * These commands do not need the nstrack module.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "connect.h"
#include "names.h"
#include "netnsdir.h"
#include "nsid.h"
#include "print.h"
#include "tasks.h"
#include "util.h"

/* exit status of exec when the command could not be run (as env(1)) */
#define EXEC_FAILED	125
#define EXEC_CANNOT	126
#define EXEC_NOT_FOUND	127

#define NAME_HELP \
	"NAME is a file name (1 to 255 bytes, no '/', not '.' or '..') under\n" \
	"/run/netns, the directory 'ip netns' uses.\n"

#define JSON_OPTIONS(what) \
	"Options:\n" \
	"  -j, --json     " what "\n" \
	"  -p, --pretty   indented JSON\n" \
	"  -h, --help     show this help\n"

#define HELP_OPTION \
	"Options:\n" \
	"  -h, --help     show this help\n"

/* Plain decimal in 0..max; anything else (empty, sign, junk) fails. */
static int parse_num(const char *s, long max, long *out)
{
	long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -EINVAL;
	}
	*out = v;
	return 0;
}

int nstrack_parse_pid(const char *s, pid_t *pid)
{
	long v;

	if (parse_num(s, INT32_MAX, &v) || v < 1)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

int nstrack_parse_nsid(const char *s, int32_t *nsid)
{
	long v;

	if (!strcmp(s, "auto")) {
		*nsid = NSTRACK_NSID_NONE;
		return 0;
	}
	if (parse_num(s, INT32_MAX, &v))
		return -EINVAL;
	*nsid = (int32_t)v;
	return 0;
}

/*
 * Between min and max positional arguments; what[i] names the i-th in
 * the message for a missing one.  0, or -1 after one error line.
 */
static int check_args(const char *cmd, int npos, char **argv, int min,
		      int max, const char *const *what)
{
	char shown[64];

	if (npos < min) {
		nstrack_err("%s: missing %s (try 'nstrack %s --help')", cmd,
			    what[npos], cmd);
		return -1;
	}
	if (npos > max) {
		nstrack_netns_name_shown(shown, sizeof(shown), argv[max + 1]);
		nstrack_err("%s: unexpected argument '%s' (try 'nstrack %s --help')",
			    cmd, shown, cmd);
		return -1;
	}
	return 0;
}

/*
 * The common start of a command: options anywhere, --help, the number of
 * positional arguments.  Returns -1 when the command is over (*status
 * says how it ended), else npos.
 */
static int start(const char *cmd, struct nstrack_opts *o, int argc,
		 char **argv, void (*usage)(FILE *), int min, int max,
		 const char *const *what, int *status)
{
	bool help;
	int npos;

	*status = 1;
	npos = nstrack_cmd_opts(cmd, argc, argv, o, &help);
	if (npos < 0)
		return -1;
	if (help) {
		usage(stdout);
		*status = 0;
		return -1;
	}
	if (check_args(cmd, npos, argv, min, max, what) < 0)
		return -1;
	return npos;
}

/*
 * Take -a/--all out of argv[1..argc) (up to "--"), keeping the order of
 * the rest; returns the new argc.
 */
static int take_all(int argc, char **argv, bool *all)
{
	bool options = true;
	int i, n = 1;

	*all = false;
	for (i = 1; i < argc; i++) {
		if (options && !strcmp(argv[i], "--"))
			options = false;
		if (options && (!strcmp(argv[i], "-a") ||
				!strcmp(argv[i], "--all"))) {
			*all = true;
			continue;
		}
		argv[n++] = argv[i];
	}
	return n;
}

static const char *const name_arg[] = { "namespace name" };

/* ---- add ---- */

static void add_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack add NAME\n"
		"\n"
		"Create a new network namespace and name it NAME, as 'ip netns add'\n"
		"does: /run/netns/NAME becomes a bind mount of the namespace, which\n"
		"keeps it alive until the name is deleted.  Fails if the name exists;\n"
		"on any failure nothing is left behind.\n"
		"\n"
		NAME_HELP
		"\n"
		HELP_OPTION);
}

int cmd_add(struct nstrack_opts *o, int argc, char **argv)
{
	int status;

	if (start("add", o, argc, argv, add_usage, 1, 1, name_arg,
		  &status) < 0)
		return status;
	return nstrack_netnsdir_add("add", NSTRACK_NETNS_RUN_DIR, argv[1]) ?
	       1 : 0;
}

/* ---- attach ---- */

static void attach_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack attach NAME PID\n"
		"\n"
		"Name the network namespace of process PID, as 'ip netns attach'\n"
		"does.  Fails if the name exists; on any failure nothing is left\n"
		"behind.\n"
		"\n"
		NAME_HELP
		"\n"
		HELP_OPTION);
}

int cmd_attach(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const what[] = { "namespace name", "PID" };
	char shown[64];
	int status;
	pid_t pid;

	if (start("attach", o, argc, argv, attach_usage, 2, 2, what,
		  &status) < 0)
		return status;
	if (nstrack_netns_name_valid("attach", argv[1]) < 0)
		return 1;
	if (nstrack_parse_pid(argv[2], &pid) < 0) {
		nstrack_netns_name_shown(shown, sizeof(shown), argv[2]);
		nstrack_err("attach: '%s' is not a PID", shown);
		return 1;
	}
	return nstrack_netnsdir_attach("attach", NSTRACK_NETNS_RUN_DIR, argv[1],
				       pid) ? 1 : 0;
}

/* ---- del ---- */

static void del_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack del NAME\n"
		"       nstrack del -a\n"
		"\n"
		"Delete the name NAME (or with -a every name under /run/netns), as\n"
		"'ip netns del' does: the bind mount is detached, in every mount\n"
		"namespace it propagated to, and the file removed.  The namespace\n"
		"itself goes away once nothing else (a process, an open file, another\n"
		"name) holds it.  A file under /run/netns that is not a namespace is\n"
		"removed too.\n"
		"\n"
		NAME_HELP
		"\n"
		"Options:\n"
		"  -a, --all      every name; goes on after a failure\n"
		"  -h, --help     show this help\n");
}

int cmd_del(struct nstrack_opts *o, int argc, char **argv)
{
	int status, npos;
	bool all;

	argc = take_all(argc, argv, &all);
	npos = start("del", o, argc, argv, del_usage, all ? 0 : 1,
		     all ? 0 : 1, name_arg, &status);
	if (npos < 0)
		return status;
	if (all)
		return nstrack_netnsdir_delete_all("del", NSTRACK_NETNS_RUN_DIR) ?
		       1 : 0;
	if (nstrack_netnsdir_delete("del", NSTRACK_NETNS_RUN_DIR, argv[1]))
		return 1;
	/* and what "connect --nat" added for it, if anything */
	return nstrack_connect_nat_forget("del", argv[1]) < 0 ? 1 : 0;
}

/* ---- exec ---- */

static void exec_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack exec NAME [--] COMMAND [ARGS...]\n"
		"       nstrack exec -a [--] COMMAND [ARGS...]\n"
		"\n"
		"Run COMMAND in the network namespace NAME the way 'ip netns exec'\n"
		"does: in a mount namespace of its own where /sys shows NAME's devices\n"
		"and each file /etc/netns/NAME/FILE is bind-mounted over /etc/FILE.\n"
		"nstrack itself becomes COMMAND; the caller's namespaces are not\n"
		"touched.  With -a, COMMAND runs once in every named namespace, one\n"
		"after the other, after a line \"netns: NAME\" (preceded by an empty\n"
		"line), as with 'ip -all netns exec'.\n"
		"\n"
		"Options come before NAME; everything after NAME is the command.\n"
		"\n"
		NAME_HELP
		"\n"
		"Options:\n"
		"  -a, --all      every named namespace\n"
		"  -h, --help     show this help\n"
		"\n"
		"Exit status: COMMAND's (128 + N if signal N killed it); 125 if it\n"
		"could not be started in the namespace, 126 if it cannot be run,\n"
		"127 if it was not found.  With -a: 0 if every command succeeded,\n"
		"else the last failure's status.\n");
}

/*
 * In the calling process: enter the namespace and become the command.
 * Returns only on failure, with the exit status.
 */
static int exec_in(const char *dir, const char *name, char **cmdv)
{
	char shown[64];
	int err;

	if (nstrack_netnsdir_enter("exec", dir, name) < 0)
		return EXEC_FAILED;
	execvp(cmdv[0], cmdv);
	err = errno;
	nstrack_netns_name_shown(shown, sizeof(shown), cmdv[0]);
	nstrack_err("exec: cannot run '%s': %s", shown, strerror(err));
	return err == ENOENT ? EXEC_NOT_FOUND : EXEC_CANNOT;
}

/* The command in a child, for exec -a; returns its exit status. */
static int exec_child(const char *dir, const char *name, char **cmdv)
{
	int wstatus;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		nstrack_err("exec: cannot fork: %s", strerror(errno));
		return EXEC_FAILED;
	}
	if (pid == 0)
		_exit(exec_in(dir, name, cmdv));
	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR) {
			nstrack_err("exec: cannot wait for process %d: %s",
				    (int)pid, strerror(errno));
			return EXEC_FAILED;
		}
	}
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return WEXITSTATUS(wstatus);
}

int nstrack_exec_all(const char *dir, char **cmdv, FILE *out)
{
	int status = 0, st;
	char **names;
	size_t n, i;

	if (nstrack_netnsdir_list("exec", dir, &names, &n) < 0)
		return 1;
	for (i = 0; i < n; i++) {
		fprintf(out, "\nnetns: %s\n", names[i]);
		fflush(out);
		st = exec_child(dir, names[i], cmdv);
		if (st)
			status = st;
	}
	nstrack_netnsdir_list_free(names, n);
	return status;
}

int cmd_exec(struct nstrack_opts *o, int argc, char **argv)
{
	const char *name = NULL;
	bool all = false, help = false;
	char shown[64];
	int i;

	/* options end at the first other word: the rest is the command's */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "-a") || !strcmp(a, "--all")) {
			all = true;
			continue;
		}
		if (nstrack_parse_option(a, o, &help, NULL) < 0) {
			nstrack_netns_name_shown(shown, sizeof(shown), a);
			nstrack_err("exec: unknown option '%s' (try 'nstrack exec --help')",
				    shown);
			return 1;
		}
	}
	if (help) {
		exec_usage(stdout);
		return 0;
	}
	if (!all) {
		if (i == argc) {
			nstrack_err("exec: missing namespace name (try 'nstrack exec --help')");
			return 1;
		}
		name = argv[i++];
		if (nstrack_netns_name_valid("exec", name) < 0)
			return 1;
		if (i < argc && !strcmp(argv[i], "--"))
			i++;
	}
	if (i == argc) {
		nstrack_err("exec: missing command (try 'nstrack exec --help')");
		return 1;
	}
	if (all)
		return nstrack_exec_all(NSTRACK_NETNS_RUN_DIR, argv + i, stdout);
	fflush(stdout);
	return exec_in(NSTRACK_NETNS_RUN_DIR, name, argv + i);
}

/* ---- identify ---- */

static void identify_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j|-p] identify [PID]\n"
		"\n"
		"Print every name under /run/netns of the network namespace of\n"
		"process PID (default: nstrack itself, i.e. the caller's namespace),\n"
		"one per line, sorted; nothing if it has none.  'ip netns identify'\n"
		"prints only one of them.\n"
		"\n"
		JSON_OPTIONS("JSON array of names"));
}

int nstrack_identify_run(const struct nstrack_opts *o, const char *pid,
			 const char *netns_dir, FILE *out)
{
	struct nstrack_names names = { 0 };
	char path[64];
	struct stat st;
	size_t first, n, i;
	int err;

	snprintf(path, sizeof(path), "/proc/%s/ns/net", pid ? pid : "self");
	if (stat(path, &st) < 0) {
		err = errno;
		if (err == ENOENT && pid)
			nstrack_err("identify: %s: no such process", pid);
		else
			nstrack_err("identify: cannot read %s: %s", path,
				    strerror(err));
		return 1;
	}
	err = nstrack_names_scan(&names, netns_dir, st.st_dev);
	if (err) {
		nstrack_err("identify: cannot read %s: %s", netns_dir,
			    strerror(-err));
		return 1;
	}
	n = nstrack_names_find(&names, st.st_ino, &first);
	print_init(out, o->json, o->pretty);
	print_open_array(NULL);
	for (i = 0; i < n; i++)
		print_string(NULL, "%s\n", names.v[first + i].name);
	print_close_array();
	nstrack_names_free(&names);
	return nstrack_cmd_end_output(0) ? 1 : 0;
}

int cmd_identify(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const what[] = { "PID" };
	char shown[64];
	int status, npos;
	pid_t pid;

	npos = start("identify", o, argc, argv, identify_usage, 0, 1, what,
		     &status);
	if (npos < 0)
		return status;
	if (npos && nstrack_parse_pid(argv[1], &pid) < 0) {
		nstrack_netns_name_shown(shown, sizeof(shown), argv[1]);
		nstrack_err("identify: '%s' is not a PID", shown);
		return 1;
	}
	return nstrack_identify_run(o, npos ? argv[1] : NULL,
				    NSTRACK_NETNS_RUN_DIR, stdout);
}

/* ---- pids ---- */

static void pids_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j|-p] pids NAME\n"
		"\n"
		"Print the process ids of every process with a thread in the network\n"
		"namespace NAME, one per line, ascending.  Unlike 'ip netns pids', a\n"
		"process counts when any of its threads is in the namespace, not only\n"
		"its main thread.  Processes nstrack may not look at are left out.\n"
		"\n"
		NAME_HELP
		"\n"
		JSON_OPTIONS("JSON array of {\"pid\": N, \"tids\": [...]}, the ids of\n"
			     "                 the process's threads in the namespace"));
}

int nstrack_pids_run(const struct nstrack_opts *o, const char *name,
		     const char *netns_dir, const char *proc_dir, FILE *out)
{
	struct nstrack_tasks t = { 0 };
	struct stat st;
	size_t i, k;
	int fd, err;

	fd = nstrack_netnsdir_open("pids", netns_dir, name);
	if (fd < 0)
		return 1;
	err = fstat(fd, &st) < 0 ? -errno : 0;
	close(fd);
	if (err) {
		nstrack_err("pids: cannot stat the namespace: %s",
			    strerror(-err));
		return 1;
	}
	err = nstrack_tasks_in_netns(&t, proc_dir, st.st_dev, st.st_ino);
	if (err) {
		if (err == -ENOMEM)
			nstrack_err("out of memory");
		else
			nstrack_err("pids: cannot read %s: %s", proc_dir,
				    strerror(-err));
		return 1;
	}
	print_init(out, o->json, o->pretty);
	print_open_array(NULL);
	for (i = 0; i < t.n; i++) {
		print_open_object(NULL);
		print_u64("pid", "%" PRIu64 "\n", (uint64_t)t.v[i].pid);
		print_open_array("tids");
		for (k = 0; k < t.v[i].ntids; k++)
			print_u64(NULL, NULL, (uint64_t)t.v[i].tids[k]);
		print_close_array();
		print_close_object();
	}
	print_close_array();
	nstrack_tasks_free(&t);
	return nstrack_cmd_end_output(0) ? 1 : 0;
}

int cmd_pids(struct nstrack_opts *o, int argc, char **argv)
{
	int status;

	if (start("pids", o, argc, argv, pids_usage, 1, 1, name_arg,
		  &status) < 0)
		return status;
	if (nstrack_netns_name_valid("pids", argv[1]) < 0)
		return 1;
	return nstrack_pids_run(o, argv[1], NSTRACK_NETNS_RUN_DIR, "/proc",
				stdout);
}

/* ---- set ---- */

static void set_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack set NAME NSID\n"
		"       nstrack set NAME auto\n"
		"\n"
		"Give the network namespace NAME the id NSID (0 to 2147483647) in\n"
		"the current network namespace, or with 'auto' the first free one, as\n"
		"'ip netns set' does.  The kernel refuses a namespace that already\n"
		"has an id, and an id in use; an id cannot be changed.\n"
		"\n"
		NAME_HELP
		"\n"
		HELP_OPTION);
}

int nstrack_set_run(struct nstrack_nl *nl, const char *name, int32_t nsid,
		    const char *netns_dir)
{
	char what[NAME_MAX + 16];
	int fd, err;

	fd = nstrack_netnsdir_open("set", netns_dir, name);
	if (fd < 0)
		return 1;
	snprintf(what, sizeof(what), "set: ");
	nstrack_sanitize(what + 5, sizeof(what) - 5, name);
	err = nstrack_nsid_set(nl, fd, nsid, what);
	close(fd);
	return err ? 1 : 0;
}

int cmd_set(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const what[] = { "namespace name",
					    "NSID (or 'auto')" };
	struct nstrack_nl nl;
	char shown[64];
	int32_t nsid;
	int status;

	if (start("set", o, argc, argv, set_usage, 2, 2, what, &status) < 0)
		return status;
	if (nstrack_netns_name_valid("set", argv[1]) < 0)
		return 1;
	if (nstrack_parse_nsid(argv[2], &nsid) < 0) {
		nstrack_netns_name_shown(shown, sizeof(shown), argv[2]);
		nstrack_err("set: invalid nsid '%s' (a number from 0 to 2147483647, or 'auto')",
			    shown);
		return 1;
	}
	if (nstrack_nsid_open(&nl) < 0)
		return 1;
	status = nstrack_set_run(&nl, argv[1], nsid, NSTRACK_NETNS_RUN_DIR);
	nstrack_nl_close(&nl);
	return status;
}

/* ---- list-id ---- */

static void listid_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j|-p] list-id\n"
		"\n"
		"List the ids (nsid) the current network namespace has given to other\n"
		"namespaces, ascending, with the names under /run/netns of each, as\n"
		"'ip netns list-id' does:\n"
		"\n"
		"  nsid 0 (iproute2 netns name: blue)\n"
		"  nsid 1\n"
		"  nsid 2 (iproute2 netns name: red, crimson)\n"
		"\n"
		JSON_OPTIONS("JSON array of {\"nsid\": N, \"names\": [...]}"));
}

/* a name and the nsid of its namespace */
struct named_id {
	int32_t nsid;
	const char *name;
};

static int named_id_cmp(const void *a, const void *b)
{
	const struct named_id *x = a, *y = b;

	if (x->nsid != y->nsid)
		return (x->nsid > y->nsid) - (x->nsid < y->nsid);
	return strcmp(x->name, y->name);
}

/*
 * The nsid of every name of names that has one, sorted by nsid then name.
 * A name that cannot be opened any more is left out.
 */
static int name_ids(struct nstrack_nl *nl, const char *netns_dir,
		    const struct nstrack_names *names, struct named_id **v,
		    size_t *n)
{
	char path[PATH_MAX], what[NAME_MAX + 16];
	size_t i;
	int32_t nsid;
	int fd, err;

	*n = 0;
	*v = calloc(names->n ? names->n : 1, sizeof(**v));
	if (!*v) {
		nstrack_err("out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < names->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", netns_dir,
			 names->v[i].name);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0)
			continue;	/* deleted meanwhile */
		snprintf(what, sizeof(what), "list-id: ");
		nstrack_sanitize(what + 9, sizeof(what) - 9, names->v[i].name);
		err = nstrack_nsid_get(nl, fd, &nsid, what);
		close(fd);
		if (err) {
			free(*v);
			*v = NULL;
			return err;
		}
		if (nsid < 0)
			continue;
		(*v)[*n].nsid = nsid;
		(*v)[*n].name = names->v[i].name;
		(*n)++;
	}
	if (*n > 1)
		qsort(*v, *n, sizeof(**v), named_id_cmp);
	return 0;
}

int nstrack_listid_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		       const char *netns_dir, FILE *out)
{
	struct nstrack_names names = { 0 };
	struct named_id *ids = NULL;
	int32_t *v = NULL;
	size_t n = 0, nids = 0, i, k = 0, shown;
	int status = 1;

	if (nstrack_nsid_dump(nl, &v, &n) < 0)
		return 1;
	if (nstrack_names_load(&names, netns_dir) < 0)
		goto out;
	if (name_ids(nl, netns_dir, &names, &ids, &nids) < 0)
		goto out;

	print_init(out, o->json, o->pretty);
	print_open_array(NULL);
	for (i = 0; i < n; i++) {
		print_open_object(NULL);
		print_s64("nsid", "nsid %" PRId64, v[i]);
		print_open_array("names");
		while (k < nids && ids[k].nsid < v[i])
			k++;
		for (shown = 0; k < nids && ids[k].nsid == v[i]; k++)
			print_string(NULL, shown++ ? ", %s" :
				     " (iproute2 netns name: %s", ids[k].name);
		print_close_array();
		if (shown)
			print_text(")");
		print_text("\n");
		print_close_object();
	}
	print_close_array();
	status = nstrack_cmd_end_output(0) ? 1 : 0;
out:
	free(ids);
	nstrack_names_free(&names);
	free(v);
	return status;
}

int cmd_listid(struct nstrack_opts *o, int argc, char **argv)
{
	struct nstrack_nl nl;
	int status;

	if (start("list-id", o, argc, argv, listid_usage, 0, 0, NULL,
		  &status) < 0)
		return status;
	if (nstrack_nsid_open(&nl) < 0)
		return 1;
	status = nstrack_listid_run(&nl, o, NSTRACK_NETNS_RUN_DIR, stdout);
	nstrack_nl_close(&nl);
	return status;
}
