// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack holders NS - what keeps a network namespace alive.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cmd.h"
#include "dev.h"
#include "holders.h"
#include "names.h"
#include "netns.h"
#include "nl.h"
#include "nsarg.h"
#include "output.h"
#include "print.h"
#include "util.h"

static void holders_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j|-p] holders NS\n"
		"\n"
		"Show everything found that keeps network namespace NS alive: the\n"
		"threads in it, open files of it, its nsfs mounts in every mount\n"
		"namespace (not only the caller's), the sockets that belong to it\n"
		"and the processes holding them, and the devices still in it.  A\n"
		"namespace that nothing holds any more but is not dead yet is being\n"
		"torn down: how long that has taken is shown.  Needs root to see\n"
		"every process.\n"
		"\n"
		"NS is one of:\n"
		"  NAME        a name under /run/netns (as made by 'ip netns add')\n"
		"  PATH        a network namespace file, e.g. /proc/PID/ns/net\n"
		"  pid:PID     the network namespace of process PID\n"
		"  inode:N     the namespace with nsfs inode N (a live one first)\n"
		"  cookie:N    the namespace with netns cookie N\n"
		"\n"
		"Options:\n"
		"  -j, --json     one JSON object: netns, and one array per kind of\n"
		"                 holder (tasks, fds, mounts, sockets.held, devices)\n"
		"  -p, --pretty   indented JSON\n"
		"  -h, --help     show this help\n");
}

static void print_header(const struct nstrack_netns *ns,
			 const struct nstrack_names *names, uint64_t now)
{
	size_t first, n = 0, i;
	char dur[32];

	if (ns->state == NSTRACK_NETNS_STATE_ALIVE)
		n = nstrack_names_find(names, ns->inode, &first);
	print_open_object("netns");
	print_u64("cookie", NULL, ns->cookie);
	print_u64("inode", NULL, ns->inode);
	print_open_array("names");
	for (i = 0; i < n; i++)
		print_string(NULL, NULL, names->v[first + i].name);
	print_close_array();
	print_string("state", NULL, nstrack_state_name(ns->state));
	if (ns->state == NSTRACK_NETNS_STATE_DYING && ns->has_pre_exit &&
	    now >= ns->pre_exit_ns)
		print_u64("dying_ns", NULL, now - ns->pre_exit_ns);
	else
		print_null("dying_ns", NULL);
	if (ns->state == NSTRACK_NETNS_STATE_DEAD && ns->has_pre_exit &&
	    ns->has_exit && ns->exit_ns >= ns->pre_exit_ns)
		print_u64("teardown_ns", NULL, ns->exit_ns - ns->pre_exit_ns);
	else
		print_null("teardown_ns", NULL);
	print_close_object();

	print_text("netns %" PRIu32 " (cookie %" PRIu64 ")", ns->inode,
		   ns->cookie);
	for (i = 0; i < n; i++)
		print_text("%s%s", i ? ", " : " named ",
			   names->v[first + i].name);
	print_text(": %s", nstrack_state_name(ns->state));
	if (ns->state == NSTRACK_NETNS_STATE_DYING && ns->has_pre_exit &&
	    now >= ns->pre_exit_ns) {
		nstrack_fmt_duration(dur, sizeof(dur), now - ns->pre_exit_ns);
		print_text(", being torn down for %s", dur);
	}
	if (ns->state == NSTRACK_NETNS_STATE_DEAD && ns->has_pre_exit &&
	    ns->has_exit && ns->exit_ns >= ns->pre_exit_ns) {
		nstrack_fmt_duration(dur, sizeof(dur),
				     ns->exit_ns - ns->pre_exit_ns);
		print_text(", teardown took %s", dur);
	}
	print_text("\n");
}

/* text: "KIND (N):" then the table, or "KIND: none" */
static int emit_table(const char *kind, size_t ncols,
		      const char *const *header, size_t nrows,
		      int (*row)(struct print_table *t, size_t i, void *data),
		      void *data)
{
	struct print_table *t;
	size_t i;
	int err = 0;

	if (print_is_json())
		return 0;
	if (!nrows) {
		print_text("%s: none\n", kind);
		return 0;
	}
	print_text("%s (%zu):\n", kind, nrows);
	t = print_table_new(ncols, header);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < nrows && !err; i++)
		err = row(t, i, data);
	if (!err)
		print_table_emit(t);
	print_table_free(t);
	return err;
}

static int task_row(struct print_table *t, size_t i, void *data)
{
	const struct nstrack_holder_task *task = (struct nstrack_holder_task *)data + i;
	char pid[16], tid[16], uid[16];
	const char *cells[4] = { pid, tid, uid, task->comm };

	snprintf(pid, sizeof(pid), "  %d", (int)task->pid);
	snprintf(tid, sizeof(tid), "%d", (int)task->tid);
	snprintf(uid, sizeof(uid), "%u", (unsigned int)task->uid);
	return print_table_add(t, cells);
}

static int fd_row(struct print_table *t, size_t i, void *data)
{
	const struct nstrack_holder_fd *f = (struct nstrack_holder_fd *)data + i;
	char pid[16], fd[16], ino[24];
	const char *cells[4] = { pid, fd, f->comm, ino };

	snprintf(pid, sizeof(pid), "  %d", (int)f->pid);
	snprintf(fd, sizeof(fd), "%d", f->fd);
	snprintf(ino, sizeof(ino), "%" PRIu64, f->inode);
	return print_table_add(t, cells);
}

static int mount_row(struct print_table *t, size_t i, void *data)
{
	const struct nstrack_holder_mount *m = (struct nstrack_holder_mount *)data + i;
	char mntns[24], pid[16], path[512];
	const char *cells[3] = { mntns, pid, path };

	snprintf(mntns, sizeof(mntns), "  %" PRIu64, m->mntns);
	snprintf(pid, sizeof(pid), "%d", (int)m->pid);
	nstrack_sanitize(path, sizeof(path), m->path);
	return print_table_add(t, cells);
}

static void print_fds_json(const char *key, const struct nstrack_holder_fd *v,
			   size_t n, bool sockets)
{
	size_t i;

	print_open_array(key);
	for (i = 0; i < n; i++) {
		print_open_object(NULL);
		print_u64("pid", NULL, (uint64_t)v[i].pid);
		print_u64("fd", NULL, (uint64_t)v[i].fd);
		print_string("comm", NULL, v[i].comm);
		if (sockets)
			print_u64("inode", NULL, v[i].inode);
		print_close_object();
	}
	print_close_array();
}

static int print_holders(const struct nstrack_netns *ns,
			 const struct nstrack_holders *h,
			 const struct nstrack_dev *devs, size_t ndevs,
			 const struct nstrack_names *names)
{
	static const char *const task_hdr[] = { "  PID", "TID", "UID", "COMM" };
	static const char *const fd_hdr[] = { "  PID", "FD", "COMM" };
	static const char *const sock_hdr[] = { "  PID", "FD", "COMM", "INODE" };
	static const char *const mount_hdr[] = { "  MNTNS", "PID", "PATH" };
	bool none = !h->ntasks && !h->nfds && !h->nmounts && !h->nsockets;
	uint64_t now = nstrack_boottime_now();
	size_t i;
	int err;

	print_open_object(NULL);
	print_header(ns, names, now);

	print_open_array("tasks");
	for (i = 0; i < h->ntasks; i++) {
		print_open_object(NULL);
		print_u64("pid", NULL, (uint64_t)h->tasks[i].pid);
		print_u64("tid", NULL, (uint64_t)h->tasks[i].tid);
		print_u64("uid", NULL, (uint64_t)h->tasks[i].uid);
		print_string("comm", NULL, h->tasks[i].comm);
		print_close_object();
	}
	print_close_array();
	err = emit_table("tasks", 4, task_hdr, h->ntasks, task_row, h->tasks);

	print_fds_json("fds", h->fds, h->nfds, false);
	if (!err)
		err = emit_table("open files", 3, fd_hdr, h->nfds, fd_row,
				 h->fds);

	print_open_array("mounts");
	for (i = 0; i < h->nmounts; i++) {
		print_open_object(NULL);
		print_u64("mntns", NULL, h->mounts[i].mntns);
		print_u64("pid", NULL, (uint64_t)h->mounts[i].pid);
		print_string("path", NULL, h->mounts[i].path);
		print_close_object();
	}
	print_close_array();
	if (!err)
		err = emit_table("mounts", 3, mount_hdr, h->nmounts, mount_row,
				 h->mounts);

	print_open_object("sockets");
	if (ns->has_sockets)
		print_u64("total", NULL, ns->sockets);
	else
		print_null("total", NULL);
	print_fds_json("held", h->sockets, h->nsockets, true);
	print_u64("unchecked", NULL, h->sockets_unchecked);
	print_close_object();
	if (ns->has_sockets)
		print_text("sockets in use: %" PRIu32 "\n", ns->sockets);
	if (!err)
		err = emit_table("socket descriptors", 4, sock_hdr,
				 h->nsockets, fd_row, h->sockets);
	if (h->sockets_unchecked)
		print_text("(%zu socket descriptors of other processes could not be checked)\n",
			   h->sockets_unchecked);

	nstrack_print_devices_array("devices", devs, ndevs, names);
	if (!err && !print_is_json()) {
		print_text(ndevs ? "devices (%zu):\n" : "devices: none\n", ndevs);
		if (ndevs)
			err = nstrack_print_devices(devs, ndevs, names);
	}
	print_close_object();

	if (!none || err)
		return err;
	if (ns->state == NSTRACK_NETNS_STATE_ALIVE)
		print_text("no holder found: whatever keeps it alive is not visible through /proc\n");
	else if (ns->state == NSTRACK_NETNS_STATE_DYING)
		print_text("no holder left: the kernel is tearing it down\n");
	return 0;
}

int nstrack_holders_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
			const struct nstrack_selector *sel, const char *arg,
			const char *proc, const char *netns_dir, FILE *out)
{
	struct nstrack_names names = { 0 };
	struct nstrack_holders h = { 0 };
	struct nstrack_dev *devs = NULL;
	struct nstrack_netns ns;
	size_t ndevs = 0;
	struct stat st;
	int err;

	err = nstrack_netns_lookup(nl, sel, arg, &ns);
	if (err < 0)
		goto out;
	err = nstrack_names_load(&names, netns_dir);
	if (err < 0)
		goto out;
	/* a dead namespace's inode may be another one's by now */
	if (ns.state != NSTRACK_NETNS_STATE_DEAD) {
		if (stat("/proc/self/ns/net", &st) < 0) {
			err = -errno;
			nstrack_err("/proc/self/ns/net: %s", strerror(errno));
			goto out;
		}
		err = nstrack_holders_scan(proc, st.st_dev, ns.inode, getpid(),
					   &h);
		if (err < 0) {
			nstrack_err("%s: %s", proc, strerror(-err));
			goto out;
		}
		err = nstrack_devices_dump(nl, &ns.cookie, &devs, &ndevs);
		if (err < 0)
			goto out;
	}
	print_init(out, o->json, o->pretty);
	err = print_holders(&ns, &h, devs, ndevs, &names);
	err = nstrack_cmd_end_output(err);
out:
	nstrack_holders_free(&h);
	nstrack_names_free(&names);
	free(devs);
	return err < 0 ? 1 : 0;
}

static int holders_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		       const struct nstrack_selector *sel, const char *arg,
		       void *ctx)
{
	(void)ctx;
	if (!sel) {
		nstrack_err("holders: missing namespace argument (try 'nstrack holders --help')");
		return 1;
	}
	return nstrack_holders_run(nl, o, sel, arg, "/proc",
				   NSTRACK_NETNS_RUN_DIR, stdout);
}

int cmd_holders(struct nstrack_opts *o, int argc, char **argv)
{
	return nstrack_cmd_run_optional_ns("holders", o, argc, argv,
					   holders_usage, holders_run, NULL);
}
