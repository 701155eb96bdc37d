// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: finding the holders of a namespace (user/holders.c).  The
 * scan runs over a made-up /proc: an ordinary file plays the namespace's
 * nsfs file, and symlinks to it play ns/net links and open descriptors,
 * so stat() finds the same device and inode the real ones would give.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "holders.h"
#include "testutil.h"

struct fixture {
	char dir[64];
	char proc[96];
	char ns[96];		/* the namespace's stand-in */
	char other[96];		/* another namespace */
	dev_t dev;
	ino_t ino;
};

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void mkdirs(const char *fmt, ...)
{
	char path[PATH_MAX], *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	for (p = path + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	}
	mkdir(path, 0755);
}

/* /proc/PID with a comm, a mount namespace link and a mountinfo */
static void add_process(const struct fixture *f, int pid, const char *comm,
			const char *mntns, const char *mountinfo)
{
	char path[PATH_MAX];

	mkdirs("%s/%d/ns", f->proc, pid);
	mkdirs("%s/%d/fd", f->proc, pid);
	mkdirs("%s/%d/task", f->proc, pid);
	snprintf(path, sizeof(path), "%s/%d/comm", f->proc, pid);
	put_file(path, comm);
	snprintf(path, sizeof(path), "%s/%d/ns/mnt", f->proc, pid);
	assert_int_equal(symlink(mntns, path), 0);
	snprintf(path, sizeof(path), "%s/%d/mountinfo", f->proc, pid);
	put_file(path, mountinfo);
}

/* thread tid of pid, whose ns/net is target */
static void add_thread(const struct fixture *f, int pid, int tid,
		       const char *comm, const char *target)
{
	char path[PATH_MAX];

	mkdirs("%s/%d/task/%d/ns", f->proc, pid, tid);
	snprintf(path, sizeof(path), "%s/%d/task/%d/comm", f->proc, pid, tid);
	put_file(path, comm);
	snprintf(path, sizeof(path), "%s/%d/task/%d/ns/net", f->proc, pid, tid);
	assert_int_equal(symlink(target, path), 0);
}

static void add_fd(const struct fixture *f, int pid, int fd, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%d/fd/%d", f->proc, pid, fd);
	assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct stat st;

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/nstrack-holders-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->proc, sizeof(f->proc), "%s/proc", f->dir);
	snprintf(f->ns, sizeof(f->ns), "%s/ns-target", f->dir);
	snprintf(f->other, sizeof(f->other), "%s/ns-other", f->dir);
	mkdir(f->proc, 0755);
	put_file(f->ns, "");
	put_file(f->other, "");
	if (stat(f->ns, &st) < 0)
		return -1;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int ret = test_rmtree(f->dir);

	free(f);
	return ret ? -1 : 0;
}

static void mountinfo_lines(void **state)
{
	char path[64];

	(void)state;
	assert_int_equal(nstrack_mountinfo_netns(
		"612 28 0:4 net:[4026532281] /run/netns/blue rw shared:5 - nsfs nsfs rw\n",
		4026532281, path, sizeof(path)), 1);
	assert_string_equal(path, "/run/netns/blue");

	/* escapes undone: space and backslash */
	assert_int_equal(nstrack_mountinfo_netns(
		"612 28 0:4 net:[7] /tmp/a\\040b\\134c rw - nsfs nsfs rw",
		7, path, sizeof(path)), 1);
	assert_string_equal(path, "/tmp/a b\\c");

	/* another namespace, another kind of namespace, another fs */
	assert_int_equal(nstrack_mountinfo_netns(
		"612 28 0:4 net:[8] /x rw - nsfs nsfs rw", 7, path,
		sizeof(path)), 0);
	assert_int_equal(nstrack_mountinfo_netns(
		"612 28 0:4 mnt:[7] /x rw - nsfs nsfs rw", 7, path,
		sizeof(path)), 0);
	assert_int_equal(nstrack_mountinfo_netns(
		"25 1 8:1 net:[7] / rw - ext4 /dev/sda1 rw", 7, path,
		sizeof(path)), 0);
	/* net:[70] is not net:[7] */
	assert_int_equal(nstrack_mountinfo_netns(
		"612 28 0:4 net:[70] /x rw - nsfs nsfs rw", 7, path,
		sizeof(path)), 0);

	/* malformed: no separator, too few fields, path too long */
	assert_int_equal(nstrack_mountinfo_netns("garbage", 7, path,
						 sizeof(path)), -EINVAL);
	assert_int_equal(nstrack_mountinfo_netns("612 28 - nsfs nsfs rw", 7,
						 path, sizeof(path)), -EINVAL);
	assert_int_equal(nstrack_mountinfo_netns(
		"612 28 0:4 net:[7] /a/very/long/mount/point rw - nsfs nsfs rw",
		7, path, 8), -EINVAL);
}

static void scan_finds_each_kind(void **state)
{
	struct fixture *f = *state;
	struct nstrack_holders h;
	char info[256];

	snprintf(info, sizeof(info),
		 "612 28 0:4 net:[%lu] /run/netns/blue rw - nsfs nsfs rw\n"
		 "613 28 0:4 net:[1] /run/netns/red rw - nsfs nsfs rw\n",
		 (unsigned long)f->ino);

	/* 100: two threads, one of them in the namespace, and an fd of it */
	add_process(f, 100, "daemon\n", f->other, info);
	add_thread(f, 100, 100, "daemon\n", f->other);
	add_thread(f, 100, 101, "worker\n", f->ns);
	add_fd(f, 100, 3, f->other);
	add_fd(f, 100, 7, f->ns);
	/* 200: same mount namespace (its mountinfo is not read again) */
	add_process(f, 200, "sh\n", f->other, info);
	add_thread(f, 200, 200, "sh\n", f->other);
	/* 300: the caller itself, left out although it holds everything */
	add_process(f, 300, "nstrack\n", f->dir, info);
	add_thread(f, 300, 300, "nstrack\n", f->ns);
	add_fd(f, 300, 4, f->ns);
	/* not processes */
	mkdirs("%s/self", f->proc);
	mkdirs("%s/12ab", f->proc);

	assert_int_equal(nstrack_holders_scan(f->proc, f->dev, f->ino, 300, &h),
			 0);
	assert_int_equal(h.ntasks, 1);
	assert_int_equal(h.tasks[0].pid, 100);
	assert_int_equal(h.tasks[0].tid, 101);
	assert_string_equal(h.tasks[0].comm, "worker");
	assert_int_equal(h.tasks[0].uid, getuid());

	assert_int_equal(h.nfds, 1);
	assert_int_equal(h.fds[0].pid, 100);
	assert_int_equal(h.fds[0].fd, 7);
	assert_string_equal(h.fds[0].comm, "daemon");

	/* one mount namespace, read once, one matching line */
	assert_int_equal(h.nmounts, 1);
	assert_int_equal(h.mounts[0].pid, 100);
	assert_string_equal(h.mounts[0].path, "/run/netns/blue");
	assert_int_equal(h.nsockets, 0);
	nstrack_holders_free(&h);
	assert_null(h.tasks);
	assert_int_equal(h.nmounts, 0);
}

/* the same inode on another device is another file */
static void other_device_is_not_it(void **state)
{
	struct fixture *f = *state;
	struct nstrack_holders h;

	add_process(f, 100, "a\n", f->other, "");
	add_thread(f, 100, 100, "a\n", f->ns);
	add_fd(f, 100, 5, f->ns);
	assert_int_equal(nstrack_holders_scan(f->proc, f->dev + 1, f->ino, 0,
					      &h), 0);
	assert_int_equal(h.ntasks + h.nfds + h.nmounts, 0);
	nstrack_holders_free(&h);
}

/* many holders: the arrays grow past their first size */
static void many_threads(void **state)
{
	struct fixture *f = *state;
	struct nstrack_holders h;
	int tid;

	add_process(f, 100, "a\n", f->other, "");
	for (tid = 100; tid < 140; tid++)
		add_thread(f, 100, tid, "t\n", f->ns);
	assert_int_equal(nstrack_holders_scan(f->proc, f->dev, f->ino, 0, &h),
			 0);
	assert_int_equal(h.ntasks, 40);
	nstrack_holders_free(&h);
}

static void missing_proc(void **state)
{
	struct fixture *f = *state;
	struct nstrack_holders h;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/nothing", f->dir);
	assert_int_equal(nstrack_holders_scan(path, f->dev, f->ino, 0, &h),
			 -ENOENT);
	nstrack_holders_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mountinfo_lines),
		cmocka_unit_test_setup_teardown(scan_finds_each_kind, setup,
						teardown),
		cmocka_unit_test_setup_teardown(other_device_is_not_it, setup,
						teardown),
		cmocka_unit_test_setup_teardown(many_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_proc, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
