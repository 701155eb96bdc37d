// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the error paths of the /run/netns contract
 * (user/netnsdir.c), on a directory of the test's own.  mount, umount2,
 * unshare, setns and flock are fakes that log their calls and never touch
 * the system; open, unlink, opendir, readdir, realloc and strdup are the
 * real ones unless a test plans a failure.  After every failure the test
 * checks that no name file and no file descriptor is left and that what
 * was mounted was unmounted again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fake_sys.h"
#include "netnsdir.h"
#include "testutil.h"

/* ---- the seams ---- */

int __real_open(const char *path, int flags, ...);
int __real_unlink(const char *path);
DIR *__real_opendir(const char *path);
struct dirent *__real_readdir(DIR *d);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);

/* where /etc/netns is for opendir() */
static char etc_netns[PATH_MAX];

static const char *flag_name(unsigned long f)
{
	if (f & MS_SHARED)
		return "shared";
	if (f & MS_PRIVATE)
		return "private";
	if (f & MS_SLAVE)
		return "slave";
	if (f & MS_BIND)
		return "bind";
	return "plain";
}

int __wrap_mount(const char *src, const char *target, const char *type,
		 unsigned long flags, const void *data)
{
	(void)data;
	fsys_log("mount %s %s %s %s", src, target, type, flag_name(flags));
	return fsys_failing("mount") ? -1 : 0;
}

int __wrap_umount2(const char *target, int flags)
{
	(void)flags;
	fsys_log("umount2 %s", target);
	return fsys_failing("umount2") ? -1 : 0;
}

int __wrap_unshare(int flags)
{
	fsys_log("unshare %s", flags == CLONE_NEWNET ? "net" :
		 flags == CLONE_NEWNS ? "mnt" : "?");
	return fsys_failing("unshare") ? -1 : 0;
}

int __wrap_setns(int fd, int type)
{
	(void)fd;
	fsys_log("setns %s", type == CLONE_NEWNET ? "net" : "?");
	return fsys_failing("setns") ? -1 : 0;
}

int __wrap_flock(int fd, int op)
{
	(void)fd;
	(void)op;
	return fsys_failing("flock") ? -1 : 0;
}

int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (fsys_failing("open"))
		return -1;
	return __real_open(path, flags, mode);
}

int __wrap_unlink(const char *path)
{
	if (fsys_failing("unlink"))
		return -1;
	return __real_unlink(path);
}

DIR *__wrap_opendir(const char *path)
{
	char real[PATH_MAX * 2];

	if (fsys_failing("opendir"))
		return NULL;
	if (!strncmp(path, "/etc/netns/", 11)) {
		snprintf(real, sizeof(real), "%s/%s", etc_netns, path + 11);
		return __real_opendir(real);
	}
	return __real_opendir(path);
}

struct dirent *__wrap_readdir(DIR *d)
{
	if (fsys_failing("readdir"))
		return NULL;
	return __real_readdir(d);
}

void *__wrap_realloc(void *p, size_t size)
{
	if (fsys_failing("realloc"))
		return NULL;
	return __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
	if (fsys_failing("strdup")) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

/* ---- fixture ---- */

struct fixture {
	char top[64];		/* the test's own directory */
	char dir[96];		/* top/netns, the run dir under test */
	int fds;		/* file descriptors open at the start */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	strcpy(f->top, "/tmp/nstrack-errors-XXXXXX");
	if (!mkdtemp(f->top)) {
		free(f);
		return -1;
	}
	snprintf(f->dir, sizeof(f->dir), "%s/netns", f->top);
	snprintf(etc_netns, sizeof(etc_netns), "%s/etc", f->top);
	fsys_reset();
	test_err_start();
	f->fds = fsys_open_fds();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int ret;

	fsys_reset();
	ret = test_rmtree(f->top);
	test_err_stop();
	free(f);
	return ret ? -1 : 0;
}

/* the error output must be exactly this (printf format); then forget it */
static void expect_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void expect_err(const char *fmt, ...)
{
	char want[PATH_MAX * 3];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	assert_string_equal(test_err_text(), want);
	test_err_start();
}

static void expect_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void expect_log(const char *fmt, ...)
{
	char want[PATH_MAX * 3];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	assert_string_equal(fsys_log_text(), want);
}

static bool exists(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

/* nothing left: no name file, no descriptor */
static void nothing_left(const struct fixture *f, const char *name)
{
	assert_false(exists(f->dir, name));
	assert_int_equal(fsys_open_fds(), f->fds);
}

/* a name that opens as a network namespace: a link to our own */
static void make_netns_name(const struct fixture *f, const char *name)
{
	char path[PATH_MAX];

	assert_true(mkdir(f->dir, 0755) == 0 || errno == EEXIST);
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	assert_int_equal(symlink("/proc/self/ns/net", path), 0);
}

/* ---- preparing the directory ---- */

static void path_too_long(void **state)
{
	struct fixture *f = *state;
	char dir[PATH_MAX];

	memset(dir, 'd', sizeof(dir) - 1);
	dir[0] = '/';
	dir[sizeof(dir) - 1] = '\0';
	assert_int_equal(nstrack_netnsdir_add("add", dir, "blue"),
			 -ENAMETOOLONG);
	expect_err("nstrack: add: %s: path too long\n", dir);
	assert_int_equal(nstrack_netnsdir_delete("del", dir, "blue"),
			 -ENAMETOOLONG);
	expect_err("nstrack: del: %s: path too long\n", dir);
	assert_int_equal(nstrack_netnsdir_open("exec", dir, "blue"),
			 -ENAMETOOLONG);
	expect_err("nstrack: exec: %s: path too long\n", dir);
	expect_log("%s", "");
	assert_int_equal(fsys_open_fds(), f->fds);
}

static void cannot_share(void **state)
{
	struct fixture *f = *state;

	fsys_fail("mount", 1, EPERM);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -EPERM);
	expect_err("nstrack: add: cannot make %s a shared mount: Operation not permitted\n",
		   f->dir);
	/* nothing was mounted, so nothing is unmounted */
	expect_log("mount  %s none shared\n", f->dir);
	nothing_left(f, "blue");
}

static void cannot_bind_on_itself(void **state)
{
	struct fixture *f = *state;

	fsys_fail("mount", 1, EINVAL);	/* not a mount point yet */
	fsys_fail("mount", 2, EPERM);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -EPERM);
	expect_err("nstrack: add: cannot bind-mount %s on itself: Operation not permitted\n",
		   f->dir);
	expect_log("mount  %s none shared\nmount %s %s none bind\n", f->dir,
		   f->dir, f->dir);
	nothing_left(f, "blue");
}

static void cannot_make_private(void **state)
{
	struct fixture *f = *state;

	fsys_fail("mount", 1, EINVAL);
	fsys_fail("mount", 3, ENOMEM);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -ENOMEM);
	expect_err("nstrack: add: cannot make %s a private mount: Cannot allocate memory\n",
		   f->dir);
	/* the bind mount made is undone */
	expect_log("mount  %s none shared\nmount %s %s none bind\n"
		   "mount  %s none private\numount2 %s\n", f->dir, f->dir,
		   f->dir, f->dir, f->dir);
	nothing_left(f, "blue");
}

static void still_not_shared(void **state)
{
	struct fixture *f = *state;

	/* EINVAL again after the bind mount: undone, and its undo fails */
	fsys_fail("mount", 1, EINVAL);
	fsys_fail("mount", 4, EINVAL);
	fsys_fail("umount2", 1, EBUSY);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -EINVAL);
	expect_err("nstrack: add: cannot make %s a shared mount: Invalid argument\n"
		   "nstrack: warning: add: cannot unmount %s again: Device or resource busy\n",
		   f->dir, f->dir);
	expect_log("mount  %s none shared\nmount %s %s none bind\n"
		   "mount  %s none private\nmount  %s none shared\n"
		   "umount2 %s\n", f->dir, f->dir, f->dir, f->dir, f->dir,
		   f->dir);
	nothing_left(f, "blue");
}

static void lock_refused(void **state)
{
	struct fixture *f = *state;

	fsys_fail("flock", 1, ENOLCK);
	assert_int_equal(nstrack_netnsdir_prepare("add", f->dir), 0);
	expect_err("nstrack: warning: add: cannot lock %s (going on without): No locks available\n",
		   f->dir);
	expect_log("mount  %s none shared\n", f->dir);
	assert_int_equal(fsys_open_fds(), f->fds);
}

/* ---- adding and attaching ---- */

static void cannot_create_file(void **state)
{
	struct fixture *f = *state;

	fsys_fail("open", 2, EACCES);	/* the first opens the directory */
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -EACCES);
	expect_err("nstrack: add: blue: cannot create %s/blue: Permission denied\n",
		   f->dir);
	assert_int_equal(fsys_calls("unshare"), 0);
	nothing_left(f, "blue");
}

static void cannot_open_own_netns(void **state)
{
	struct fixture *f = *state;

	fsys_fail("open", 3, EMFILE);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -EMFILE);
	expect_err("nstrack: add: cannot open /proc/thread-self/ns/net: Too many open files\n");
	assert_int_equal(fsys_calls("unshare"), 0);
	nothing_left(f, "blue");
}

static void cannot_unshare(void **state)
{
	struct fixture *f = *state;

	fsys_fail("unshare", 1, EPERM);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -EPERM);
	expect_err("nstrack: add: blue: cannot create a network namespace: Operation not permitted\n");
	assert_int_equal(fsys_calls("setns"), 0);
	nothing_left(f, "blue");
}

static void cannot_open_new_netns(void **state)
{
	struct fixture *f = *state;

	fsys_fail("open", 4, ENFILE);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -ENFILE);
	expect_err("nstrack: add: blue: cannot open the new namespace: Too many open files in system\n");
	/* it went back all the same */
	expect_log("mount  %s none shared\nunshare net\nsetns net\n", f->dir);
	nothing_left(f, "blue");
}

static void cannot_go_back(void **state)
{
	struct fixture *f = *state;

	fsys_fail("setns", 1, EPERM);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -EPERM);
	expect_err("nstrack: add: cannot return to the original network namespace: Operation not permitted\n");
	assert_int_equal(fsys_calls("mount"), 1);	/* no bind mount */
	nothing_left(f, "blue");
}

static void cannot_bind_netns(void **state)
{
	struct fixture *f = *state;

	fsys_fail("mount", 2, EPERM);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -EPERM);
	expect_err("nstrack: add: blue: cannot bind-mount the namespace on %s/blue: Operation not permitted\n",
		   f->dir);
	nothing_left(f, "blue");
}

static void cannot_remove_file_again(void **state)
{
	struct fixture *f = *state;

	fsys_fail("unshare", 1, EPERM);
	fsys_fail("unlink", 1, EROFS);
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "blue"), -EPERM);
	expect_err("nstrack: add: blue: cannot create a network namespace: Operation not permitted\n"
		   "nstrack: warning: add: blue: cannot remove %s/blue again: Read-only file system\n",
		   f->dir);
	assert_true(exists(f->dir, "blue"));
	assert_int_equal(fsys_open_fds(), f->fds);
}

static void attach_cannot_open(void **state)
{
	struct fixture *f = *state;
	char what[32];

	snprintf(what, sizeof(what), "%d", (int)getpid());
	fsys_fail("open", 1, EACCES);
	assert_int_equal(nstrack_netnsdir_attach("attach", f->dir, "blue",
						 getpid()), -EACCES);
	expect_err("nstrack: attach: %s: cannot open /proc/%s/ns/net: Permission denied\n",
		   what, what);
	assert_false(exists(f->top, "netns"));
	assert_int_equal(fsys_open_fds(), f->fds);
}

/* ---- deleting and listing ---- */

static void delete_busy(void **state)
{
	struct fixture *f = *state;

	make_netns_name(f, "blue");
	fsys_fail("umount2", 1, EBUSY);
	assert_int_equal(nstrack_netnsdir_delete("del", f->dir, "blue"),
			 -EBUSY);
	expect_err("nstrack: del: blue: cannot remove %s/blue: Device or resource busy\n",
		   f->dir);
	assert_true(exists(f->dir, "blue"));

	fsys_fail("umount2", 1, EINVAL);
	fsys_fail("unlink", 1, EACCES);
	assert_int_equal(nstrack_netnsdir_delete("del", f->dir, "blue"),
			 -EACCES);
	expect_err("nstrack: del: blue: cannot remove %s/blue: Permission denied\n",
		   f->dir);
	assert_true(exists(f->dir, "blue"));
}

static void list_failures(void **state)
{
	struct fixture *f = *state;
	char **names = (char **)1;
	size_t n = 3;

	make_netns_name(f, "blue");
	make_netns_name(f, "red");
	fsys_fail("realloc", 1, ENOMEM);
	assert_int_equal(nstrack_netnsdir_list("list", f->dir, &names, &n),
			 -ENOMEM);
	expect_err("nstrack: out of memory\n");
	assert_null(names);
	assert_int_equal(n, 0);

	fsys_fail("strdup", 2, ENOMEM);	/* after one name was kept */
	assert_int_equal(nstrack_netnsdir_list("list", f->dir, &names, &n),
			 -ENOMEM);
	expect_err("nstrack: out of memory\n");
	assert_null(names);

	fsys_fail("readdir", 1, EIO);
	assert_int_equal(nstrack_netnsdir_list("list", f->dir, &names, &n),
			 -EIO);
	expect_err("nstrack: list: cannot read %s: Input/output error\n",
		   f->dir);
	assert_null(names);

	/* delete-all lists first: nothing is deleted */
	fsys_fail("readdir", 1, EIO);
	assert_int_equal(nstrack_netnsdir_delete_all("del", f->dir), -EIO);
	expect_err("nstrack: del: cannot read %s: Input/output error\n",
		   f->dir);
	assert_int_equal(fsys_calls("umount2"), 0);
	assert_true(exists(f->dir, "blue"));
	assert_true(exists(f->dir, "red"));
	assert_int_equal(fsys_open_fds(), f->fds);
}

/* ---- opening and entering ---- */

static void open_refused(void **state)
{
	struct fixture *f = *state;

	make_netns_name(f, "blue");
	fsys_fail("open", 1, EACCES);
	assert_int_equal(nstrack_netnsdir_open("exec", f->dir, "blue"),
			 -EACCES);
	expect_err("nstrack: exec: blue: cannot open %s/blue: Permission denied\n",
		   f->dir);
	assert_int_equal(fsys_open_fds(), f->fds);
}

static void enter_failures(void **state)
{
	struct fixture *f = *state;

	make_netns_name(f, "blue");
	fsys_fail("setns", 1, EPERM);
	assert_int_equal(nstrack_netnsdir_enter("exec", f->dir, "blue"),
			 -EPERM);
	expect_err("nstrack: exec: blue: cannot join the namespace: Operation not permitted\n");
	assert_int_equal(fsys_calls("unshare"), 0);
	assert_int_equal(fsys_open_fds(), f->fds);

	fsys_fail("unshare", 1, ENOMEM);
	assert_int_equal(nstrack_netnsdir_enter("exec", f->dir, "blue"),
			 -ENOMEM);
	expect_err("nstrack: exec: cannot create a mount namespace: Cannot allocate memory\n");
	assert_int_equal(fsys_calls("mount"), 0);
	assert_int_equal(fsys_open_fds(), f->fds);

	fsys_fail("mount", 1, EPERM);
	assert_int_equal(nstrack_netnsdir_enter("exec", f->dir, "blue"),
			 -EPERM);
	expect_err("nstrack: exec: cannot make / a slave mount: Operation not permitted\n");
	assert_int_equal(fsys_calls("umount2"), 0);	/* /sys untouched */

	fsys_fail("mount", 2, EPERM);
	assert_int_equal(nstrack_netnsdir_enter("exec", f->dir, "blue"),
			 -EPERM);
	expect_err("nstrack: exec: blue: cannot mount the namespace's sysfs on /sys: Operation not permitted\n");
	assert_int_equal(fsys_open_fds(), f->fds);
}

static void enter_etc_warnings(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	int fd;

	make_netns_name(f, "blue");
	/* /etc/netns/blue cannot be read: a warning, and on */
	fsys_fail("opendir", 1, EACCES);
	assert_int_equal(nstrack_netnsdir_enter("exec", f->dir, "blue"), 0);
	expect_err("nstrack: warning: exec: cannot open /etc/netns/blue: Permission denied\n");

	/* one entry, whose bind mount fails: a warning, and on */
	snprintf(path, sizeof(path), "%s/etc", f->top);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc/blue", f->top);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc/blue/resolv.conf", f->top);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	close(fd);
	fsys_reset();
	fsys_fail("mount", 3, EACCES);
	assert_int_equal(nstrack_netnsdir_enter("exec", f->dir, "blue"), 0);
	expect_err("nstrack: warning: exec: cannot bind-mount /etc/netns/blue/resolv.conf on /etc/resolv.conf: Permission denied\n");
	expect_log("setns net\nunshare mnt\nmount  / none slave\n"
		   "umount2 /sys\nmount blue /sys sysfs plain\n"
		   "mount /etc/netns/blue/resolv.conf /etc/resolv.conf none bind\n");
	assert_int_equal(fsys_open_fds(), f->fds);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(path_too_long),
		T(cannot_share),
		T(cannot_bind_on_itself),
		T(cannot_make_private),
		T(still_not_shared),
		T(lock_refused),
		T(cannot_create_file),
		T(cannot_open_own_netns),
		T(cannot_unshare),
		T(cannot_open_new_netns),
		T(cannot_go_back),
		T(cannot_bind_netns),
		T(cannot_remove_file_again),
		T(attach_cannot_open),
		T(delete_busy),
		T(list_failures),
		T(open_refused),
		T(enter_failures),
		T(enter_etc_warnings),
	};

	return cmocka_run_group_tests_name("errors_netnsdir", tests, NULL,
					   NULL);
}
