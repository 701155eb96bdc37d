// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: names under /run/netns (user/names.c).  Bind mounts of nsfs
 * files cannot be made here, so the scan runs on an ordinary directory
 * with the directory's own device standing in for nsfs; hard links play
 * the part of a namespace with two names.
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
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "names.h"
#include "testutil.h"

struct fixture {
	char dir[64];
	dev_t dev;
};

static void path_in(const struct fixture *f, const char *name, char *out)
{
	snprintf(out, PATH_MAX, "%s/%s", f->dir, name);
}

static ino_t make_file(const struct fixture *f, const char *name)
{
	char path[PATH_MAX];
	struct stat st;
	int fd;

	path_in(f, name, path);
	fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	close(fd);
	return st.st_ino;
}

static void make_link(const struct fixture *f, const char *from,
		      const char *to)
{
	char a[PATH_MAX], b[PATH_MAX];

	path_in(f, from, a);
	path_in(f, to, b);
	assert_int_equal(link(a, b), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct stat st;

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/nstrack-names-XXXXXX");
	if (!mkdtemp(f->dir) || stat(f->dir, &st) < 0) {
		free(f);
		return -1;
	}
	f->dev = st.st_dev;
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

static void names_of(const struct nstrack_names *m, uint64_t ino,
		     const char *expect)
{
	char got[256] = "";
	size_t first, n, i;

	n = nstrack_names_find(m, ino, &first);
	for (i = 0; i < n; i++) {
		if (i)
			strcat(got, ",");
		strcat(got, m->v[first + i].name);
	}
	assert_string_equal(got, expect);
}

static void two_names_one_namespace(void **state)
{
	struct fixture *f = *state;
	struct nstrack_names m = { 0 };
	ino_t red, blue;

	red = make_file(f, "red");
	make_link(f, "red", "crimson");
	make_link(f, "red", "alpha");
	blue = make_file(f, "blue");

	assert_int_equal(nstrack_names_scan(&m, f->dir, f->dev), 0);
	assert_int_equal(m.n, 4);
	names_of(&m, red, "alpha,crimson,red");
	names_of(&m, blue, "blue");
	names_of(&m, 12345, "");
	names_of(&m, 0, "");
	names_of(&m, UINT64_MAX, "");
	nstrack_names_free(&m);
	assert_int_equal(m.n, 0);
	assert_null(m.v);
}

static void other_devices_are_not_names(void **state)
{
	struct fixture *f = *state;
	struct nstrack_names m = { 0 };
	char path[PATH_MAX];
	ino_t red;

	red = make_file(f, "red");
	/* a symlink is not a bind mount, whatever it points to */
	path_in(f, "link", path);
	assert_int_equal(symlink("/proc/self/ns/net", path), 0);

	/* nothing in the directory is on the "nsfs" device */
	assert_int_equal(nstrack_names_scan(&m, f->dir, f->dev + 1), 0);
	assert_int_equal(m.n, 0);
	names_of(&m, red, "");
	nstrack_names_free(&m);

	/* the symlink's target (our netns) is not looked at */
	{
		struct stat st;

		assert_int_equal(stat("/proc/self/ns/net", &st), 0);
		assert_int_equal(nstrack_names_scan(&m, f->dir, st.st_dev), 0);
		names_of(&m, st.st_ino, "");
		nstrack_names_free(&m);
	}
}

static void many_names_sorted(void **state)
{
	struct fixture *f = *state;
	struct nstrack_names m = { 0 };
	ino_t ino[40];
	char name[32];
	size_t i, first;

	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "ns%02zu", 39 - i);
		ino[i] = make_file(f, name);
	}
	assert_int_equal(nstrack_names_scan(&m, f->dir, f->dev), 0);
	assert_int_equal(m.n, 40);
	for (i = 1; i < m.n; i++)
		assert_true(m.v[i - 1].ino <= m.v[i].ino);
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "ns%02zu", 39 - i);
		assert_int_equal(nstrack_names_find(&m, ino[i], &first), 1);
		assert_string_equal(m.v[first].name, name);
	}
	nstrack_names_free(&m);
}

static void missing_and_bad_directories(void **state)
{
	struct fixture *f = *state;
	struct nstrack_names m = { 0 };
	char path[PATH_MAX];

	path_in(f, "nonexistent", path);
	assert_int_equal(nstrack_names_scan(&m, path, f->dev), 0);
	assert_int_equal(m.n, 0);
	nstrack_names_free(&m);

	make_file(f, "file");
	path_in(f, "file", path);
	assert_int_equal(nstrack_names_scan(&m, path, f->dev), -ENOTDIR);
	assert_int_equal(m.n, 0);

	/* empty directory */
	path_in(f, "empty", path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(nstrack_names_scan(&m, path, f->dev), 0);
	assert_int_equal(m.n, 0);
	names_of(&m, 1, "");
	nstrack_names_free(&m);
}

static void load_from_run_netns(void **state)
{
	struct nstrack_names m = { 0 };
	struct stat st;
	size_t i;

	(void)state;
	/* whatever this machine has under /run/netns: must work */
	test_err_start();
	assert_int_equal(nstrack_names_load(&m, NSTRACK_NETNS_RUN_DIR), 0);
	assert_string_equal(test_err_text(), "");
	test_err_stop();
	assert_int_equal(stat("/proc/self/ns/net", &st), 0);
	for (i = 0; i < m.n; i++)
		assert_non_null(m.v[i].name);
	nstrack_names_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(two_names_one_namespace, setup,
						teardown),
		cmocka_unit_test_setup_teardown(other_devices_are_not_names,
						setup, teardown),
		cmocka_unit_test_setup_teardown(many_names_sorted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(missing_and_bad_directories,
						setup, teardown),
		cmocka_unit_test(load_from_run_netns),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
