// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the /run/netns contract (user/netnsdir.c) on a directory of
 * the test's own.  Names, refusals, listing, opening and the failures
 * that must leave nothing behind run as any user; adding, attaching and
 * deleting real namespaces need root (CAP_SYS_ADMIN) and are skipped
 * without it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "netnsdir.h"
#include "testutil.h"

struct fixture {
	char top[64];		/* the test's own directory */
	char dir[96];		/* top/netns, the run dir under test */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	strcpy(f->top, "/tmp/nstrack-netnsdir-XXXXXX");
	if (!mkdtemp(f->top)) {
		free(f);
		return -1;
	}
	snprintf(f->dir, sizeof(f->dir), "%s/netns", f->top);
	*state = f;
	test_err_start();
	return 0;
}

/* unmount whatever a root test left mounted in dir, then remove it all */
static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	int ret, i;

	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "%s/n%d", f->dir, i);
		umount2(path, MNT_DETACH);
	}
	umount2(f->dir, MNT_DETACH);
	ret = test_rmtree(f->top);
	test_err_stop();
	free(f);
	return ret ? -1 : 0;
}

static void make_file(const char *dir, const char *name)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
}

static bool exists(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

/* the error output so far, then forget it */
static void expect_err(const char *text)
{
	assert_string_equal(test_err_text(), text);
	test_err_start();
}

static bool is_root(void)
{
	return geteuid() == 0;
}

static void name_checks(void **state)
{
	static const struct {
		const char *name;
		enum nstrack_name_check why;
	} cases[] = {
		{ "blue", NSTRACK_NAME_OK },
		{ "a.b", NSTRACK_NAME_OK },
		{ "...", NSTRACK_NAME_OK },
		{ ".hidden", NSTRACK_NAME_OK },
		{ "-x", NSTRACK_NAME_OK },
		{ "with space", NSTRACK_NAME_OK },
		{ "tab\there", NSTRACK_NAME_OK },
		{ "", NSTRACK_NAME_EMPTY },
		{ ".", NSTRACK_NAME_DOT },
		{ "..", NSTRACK_NAME_DOT },
		{ "/", NSTRACK_NAME_SLASH },
		{ "a/b", NSTRACK_NAME_SLASH },
		{ "blue/", NSTRACK_NAME_SLASH },
		{ "/run/netns/blue", NSTRACK_NAME_SLASH },
		{ "../blue", NSTRACK_NAME_SLASH },
	};
	char name[NAME_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(nstrack_netns_name_check(cases[i].name),
				 cases[i].why);

	memset(name, 'x', sizeof(name));
	name[NAME_MAX] = '\0';
	assert_int_equal(nstrack_netns_name_check(name), NSTRACK_NAME_OK);
	name[NAME_MAX] = 'x';
	name[NAME_MAX + 1] = '\0';
	assert_int_equal(nstrack_netns_name_check(name),
			 NSTRACK_NAME_TOO_LONG);
	/* too long is said before a '/' in it */
	name[3] = '/';
	assert_int_equal(nstrack_netns_name_check(name),
			 NSTRACK_NAME_TOO_LONG);
}

static void name_messages(void **state)
{
	char name[NAME_MAX + 2], shown[16];

	(void)state;
	assert_int_equal(nstrack_netns_name_valid("add", "blue"), 0);
	expect_err("");
	assert_int_equal(nstrack_netns_name_valid("add", ""), -EINVAL);
	expect_err("nstrack: add: invalid name '': a name cannot be empty\n");
	assert_int_equal(nstrack_netns_name_valid("del", "."), -EINVAL);
	expect_err("nstrack: del: invalid name '.': '.' and '..' are not names\n");
	assert_int_equal(nstrack_netns_name_valid("del", ".."), -EINVAL);
	expect_err("nstrack: del: invalid name '..': '.' and '..' are not names\n");
	assert_int_equal(nstrack_netns_name_valid("exec", "a/b"), -EINVAL);
	expect_err("nstrack: exec: invalid name 'a/b': a name cannot contain '/'\n");
	assert_int_equal(nstrack_netns_name_valid("pids", "new\nline/"), -EINVAL);
	expect_err("nstrack: pids: invalid name 'new?line/': a name cannot contain '/'\n");

	memset(name, 'y', sizeof(name));
	name[NAME_MAX + 1] = '\0';
	assert_int_equal(nstrack_netns_name_valid("add", name), -EINVAL);
	expect_err("nstrack: add: invalid name 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...': longer than 255 bytes\n");

	nstrack_netns_name_shown(shown, sizeof(shown), "short");
	assert_string_equal(shown, "short");
	nstrack_netns_name_shown(shown, sizeof(shown), "exactly15chars!");
	assert_string_equal(shown, "exactly15chars!");
	nstrack_netns_name_shown(shown, sizeof(shown), "exactly16chars!!");
	assert_string_equal(shown, "exactly16cha...");
	assert_string_equal(nstrack_netns_name_problem(NSTRACK_NAME_OK),
			    "valid");
}

/* Invalid names are refused before anything is touched. */
static void invalid_names_touch_nothing(void **state)
{
	static const char *const bad[] = { "", ".", "..", "a/b", "/" };
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(nstrack_netnsdir_add("add", f->dir, bad[i]),
				 -EINVAL);
		assert_int_equal(nstrack_netnsdir_attach("attach", f->dir,
							 bad[i], getpid()),
				 -EINVAL);
		assert_int_equal(nstrack_netnsdir_delete("del", f->dir, bad[i]),
				 -EINVAL);
		assert_int_equal(nstrack_netnsdir_open("exec", f->dir, bad[i]),
				 -EINVAL);
		assert_int_equal(nstrack_netnsdir_enter("exec", f->dir, bad[i]),
				 -EINVAL);
	}
	test_err_start();
	/* not even the directory was made */
	assert_false(exists(f->top, "netns"));
}

static void attach_missing_process(void **state)
{
	struct fixture *f = *state;

	/* pid_max is at most 2^22: this one cannot exist */
	assert_int_equal(nstrack_netnsdir_attach("attach", f->dir, "blue",
						 2147483647), -ENOENT);
	expect_err("nstrack: attach: 2147483647: no such process\n");
	assert_false(exists(f->top, "netns"));
}

static void unusable_directory(void **state)
{
	struct fixture *f = *state;
	char dir[PATH_MAX];

	/* its parent is missing: nothing can be made */
	snprintf(dir, sizeof(dir), "%s/missing/netns", f->top);
	assert_int_equal(nstrack_netnsdir_add("add", dir, "blue"), -ENOENT);
	snprintf(dir, sizeof(dir),
		 "nstrack: add: cannot create %s/missing/netns: No such file or directory\n",
		 f->top);
	expect_err(dir);

	/* a file where the directory should be */
	make_file(f->top, "netns");
	assert_int_equal(nstrack_netnsdir_prepare("add", f->dir), -ENOTDIR);
	snprintf(dir, sizeof(dir),
		 "nstrack: add: cannot open %s: Not a directory\n", f->dir);
	expect_err(dir);
}

static void listing(void **state)
{
	struct fixture *f = *state;
	char **names, msg[PATH_MAX];
	size_t n;

	/* no directory: no names */
	assert_int_equal(nstrack_netnsdir_list("exec", f->dir, &names, &n), 0);
	assert_int_equal(n, 0);
	assert_null(names);

	assert_int_equal(mkdir(f->dir, 0755), 0);
	assert_int_equal(nstrack_netnsdir_list("exec", f->dir, &names, &n), 0);
	assert_int_equal(n, 0);
	nstrack_netnsdir_list_free(names, n);

	make_file(f->dir, "red");
	make_file(f->dir, "blue");
	make_file(f->dir, ".dot");
	make_file(f->dir, "green");
	assert_int_equal(nstrack_netnsdir_list("exec", f->dir, &names, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], ".dot");
	assert_string_equal(names[1], "blue");
	assert_string_equal(names[2], "green");
	assert_string_equal(names[3], "red");
	nstrack_netnsdir_list_free(names, n);
	expect_err("");

	snprintf(msg, sizeof(msg), "%s/red", f->dir);
	assert_int_equal(nstrack_netnsdir_list("exec", msg, &names, &n),
			 -ENOTDIR);
	assert_int_equal(n, 0);
	snprintf(msg, sizeof(msg),
		 "nstrack: exec: cannot open %s/red: Not a directory\n", f->dir);
	expect_err(msg);
}

static void opening(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX], msg[PATH_MAX];
	struct stat a, b;
	int fd;

	assert_int_equal(mkdir(f->dir, 0755), 0);
	assert_int_equal(nstrack_netnsdir_open("pids", f->dir, "blue"),
			 -ENOENT);
	snprintf(msg, sizeof(msg),
		 "nstrack: pids: blue: no such network namespace name under %s\n",
		 f->dir);
	expect_err(msg);

	/* a file left behind is not a namespace */
	make_file(f->dir, "stale");
	assert_int_equal(nstrack_netnsdir_open("pids", f->dir, "stale"),
			 -EINVAL);
	snprintf(msg, sizeof(msg),
		 "nstrack: pids: stale: %s/stale is not a network namespace\n",
		 f->dir);
	expect_err(msg);

	/* another kind of namespace is not one either */
	snprintf(path, sizeof(path), "%s/uts", f->dir);
	assert_int_equal(symlink("/proc/self/ns/uts", path), 0);
	assert_int_equal(nstrack_netnsdir_open("set", f->dir, "uts"), -EINVAL);
	snprintf(msg, sizeof(msg),
		 "nstrack: set: uts: %s/uts is not a network namespace\n",
		 f->dir);
	expect_err(msg);

	/* a network namespace file is, here our own through a symlink */
	snprintf(path, sizeof(path), "%s/self", f->dir);
	assert_int_equal(symlink("/proc/self/ns/net", path), 0);
	fd = nstrack_netnsdir_open("set", f->dir, "self");
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &a), 0);
	assert_int_equal(stat("/proc/self/ns/net", &b), 0);
	assert_true(a.st_dev == b.st_dev && a.st_ino == b.st_ino);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	expect_err("");

	/* no namespace is entered when the name is wrong */
	assert_int_equal(nstrack_netnsdir_enter("exec", f->dir, "stale"),
			 -EINVAL);
	test_err_start();
}

static void deleting_what_is_not_there(void **state)
{
	struct fixture *f = *state;
	char msg[PATH_MAX];

	assert_int_equal(nstrack_netnsdir_delete("del", f->dir, "blue"),
			 -ENOENT);
	snprintf(msg, sizeof(msg),
		 "nstrack: del: blue: no such network namespace name under %s\n",
		 f->dir);
	expect_err(msg);

	/* -a on a missing directory: nothing to do */
	assert_int_equal(nstrack_netnsdir_delete_all("del", f->dir), 0);
	expect_err("");
}

/* Is path a mount point of this mount namespace? */
static bool mounted(const char *path)
{
	char line[4096], mp[PATH_MAX];
	bool found = false;
	FILE *m = fopen("/proc/self/mountinfo", "r");

	assert_non_null(m);
	while (fgets(line, sizeof(line), m)) {
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mp) == 1 &&
		    !strcmp(mp, path))
			found = true;
	}
	fclose(m);
	return found;
}

/* A file that is no mount point, left by a crash, is removed (root). */
static void deleting_files_left_behind(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];

	if (!is_root())
		skip();
	assert_int_equal(mkdir(f->dir, 0755), 0);
	make_file(f->dir, "stale");
	assert_int_equal(nstrack_netnsdir_delete("del", f->dir, "stale"), 0);
	assert_false(exists(f->dir, "stale"));

	/* a symlink is removed, its target left alone (not unmounted) */
	snprintf(path, sizeof(path), "%s/link", f->dir);
	assert_int_equal(symlink("/sys", path), 0);
	make_file(f->dir, "a");
	make_file(f->dir, "b");
	assert_int_equal(nstrack_netnsdir_delete_all("del", f->dir), 0);
	assert_false(exists(f->dir, "a"));
	assert_false(exists(f->dir, "b"));
	assert_false(exists(f->dir, "link"));
	assert_true(mounted("/sys"));
	expect_err("");
}

static void stat_name(const char *dir, const char *name, struct stat *st)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(stat(path, st), 0);
}

/* The whole life of names, on a directory of ours (root). */
static void add_attach_delete(void **state)
{
	struct fixture *f = *state;
	struct stat self, n0, n1, n2;
	char path[PATH_MAX], msg[PATH_MAX];

	if (!is_root())
		skip();
	assert_int_equal(stat("/proc/self/ns/net", &self), 0);

	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "n0"), 0);
	expect_err("");
	assert_true(mounted(f->dir));
	snprintf(path, sizeof(path), "%s/n0", f->dir);
	assert_true(mounted(path));
	stat_name(f->dir, "n0", &n0);
	/* a namespace of its own, and we are back in ours */
	assert_true(n0.st_dev == self.st_dev);
	assert_true(n0.st_ino != self.st_ino);
	{
		struct stat now;

		assert_int_equal(stat("/proc/self/ns/net", &now), 0);
		assert_true(now.st_ino == self.st_ino);
	}

	/* the name is taken: refused, and the namespace it names is kept */
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "n0"), -EEXIST);
	expect_err("nstrack: add: n0: name already exists\n");
	stat_name(f->dir, "n0", &n1);
	assert_true(n1.st_ino == n0.st_ino);
	assert_int_equal(nstrack_netnsdir_attach("attach", f->dir, "n0",
						 getpid()), -EEXIST);
	expect_err("nstrack: attach: n0: name already exists\n");

	/* a second add: another namespace; the dir is prepared only once */
	assert_int_equal(nstrack_netnsdir_add("add", f->dir, "n1"), 0);
	stat_name(f->dir, "n1", &n1);
	assert_true(n1.st_ino != n0.st_ino && n1.st_ino != self.st_ino);

	/* attach: our own namespace gets a name */
	assert_int_equal(nstrack_netnsdir_attach("attach", f->dir, "n2",
						 getpid()), 0);
	stat_name(f->dir, "n2", &n2);
	assert_true(n2.st_dev == self.st_dev && n2.st_ino == self.st_ino);
	expect_err("");

	assert_int_equal(nstrack_netnsdir_delete("del", f->dir, "n0"), 0);
	assert_false(exists(f->dir, "n0"));
	assert_false(mounted(path));
	assert_int_equal(nstrack_netnsdir_delete("del", f->dir, "n0"), -ENOENT);
	snprintf(msg, sizeof(msg),
		 "nstrack: del: n0: no such network namespace name under %s\n",
		 f->dir);
	expect_err(msg);

	/* a name with a second mount stacked on it goes all at once */
	snprintf(path, sizeof(path), "%s/n1", f->dir);
	assert_int_equal(mount("/proc/self/ns/net", path, "none", MS_BIND,
			       NULL), 0);
	assert_int_equal(nstrack_netnsdir_delete_all("del", f->dir), 0);
	assert_false(exists(f->dir, "n1"));
	assert_false(mounted(path));
	assert_false(exists(f->dir, "n2"));
	snprintf(path, sizeof(path), "%s/n2", f->dir);
	assert_false(mounted(path));
	/* the directory stays a mount point, as with iproute2 */
	assert_true(mounted(f->dir));
	expect_err("");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(name_checks),
		T(name_messages),
		T(invalid_names_touch_nothing),
		T(attach_missing_process),
		T(unusable_directory),
		T(listing),
		T(opening),
		T(deleting_what_is_not_there),
		T(deleting_files_left_behind),
		T(add_attach_delete),
	};
#undef T

	return cmocka_run_group_tests_name("netnsdir", tests, NULL, NULL);
}
