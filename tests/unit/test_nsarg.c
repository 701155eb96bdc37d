// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the NS argument (user/nsarg.c).
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
#include <linux/genetlink.h>

#include "nsarg.h"
#include "testutil.h"

struct good {
	const char *arg;
	enum nsarg_kind kind;
	uint64_t value;
};

static void valid_arguments(void **state)
{
	static const struct good cases[] = {
		{ "pid:1", NSARG_PID, 1 },
		{ "pid:4194304", NSARG_PID, 4194304 },
		{ "pid:2147483647", NSARG_PID, 2147483647 },
		{ "pid:007", NSARG_PID, 7 },
		{ "inode:1", NSARG_INODE, 1 },
		{ "inode:4026531840", NSARG_INODE, 4026531840u },
		{ "inode:4294967295", NSARG_INODE, 4294967295u },
		{ "cookie:0", NSARG_COOKIE, 0 },
		{ "cookie:4097", NSARG_COOKIE, 4097 },
		{ "cookie:18446744073709551615", NSARG_COOKIE, UINT64_MAX },
		{ "cookie:18446744073709551610", NSARG_COOKIE,
		  UINT64_MAX - 5 },
	};
	struct nsarg a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&a, 0xff, sizeof(a));
		assert_int_equal(nsarg_parse(cases[i].arg, &a), 0);
		assert_int_equal(a.kind, cases[i].kind);
		assert_true(a.value == cases[i].value);
		assert_null(a.str);
	}
}

static void paths_and_names(void **state)
{
	static const char *const paths[] = {
		"/proc/1/ns/net", "/run/netns/blue", "./blue", "a/b", "/",
		"pid/5", "../x", "inode:/tmp/x" /* a prefix but not a number */,
	};
	char longest[NAME_MAX + 1];
	struct nsarg a;
	size_t i;

	(void)state;
	for (i = 0; i < 7; i++) {
		assert_int_equal(nsarg_parse(paths[i], &a), 0);
		assert_int_equal(a.kind, NSARG_PATH);
		assert_ptr_equal(a.str, paths[i]);
	}
	/* "inode:" takes precedence: the rest must be a number */
	assert_int_equal(nsarg_parse(paths[7], &a), -EINVAL);

	assert_int_equal(nsarg_parse("blue", &a), 0);
	assert_int_equal(a.kind, NSARG_NAME);
	assert_string_equal(a.str, "blue");
	/* names may contain what the number forms do, in other places */
	assert_int_equal(nsarg_parse("my:pid:1", &a), 0);
	assert_int_equal(a.kind, NSARG_NAME);
	assert_int_equal(nsarg_parse("PID:1", &a), 0);
	assert_int_equal(a.kind, NSARG_NAME);
	assert_int_equal(nsarg_parse("...", &a), 0);
	assert_int_equal(a.kind, NSARG_NAME);
	assert_int_equal(nsarg_parse(".hidden", &a), 0);
	assert_int_equal(a.kind, NSARG_NAME);

	memset(longest, 'n', NAME_MAX);
	longest[NAME_MAX] = '\0';
	assert_int_equal(nsarg_parse(longest, &a), 0);
	assert_int_equal(a.kind, NSARG_NAME);
}

static void malformed_arguments(void **state)
{
	static const char *const bad[] = {
		"", ".", "..",
		"pid:", "pid:0", "pid:-1", "pid:+1", "pid: 1", "pid:1 ",
		"pid:1x", "pid:0x10", "pid:2147483648", "pid:99999999999999999999",
		"inode:", "inode:0", "inode:-1", "inode:4294967296", "inode:12a",
		"inode:18446744073709551616", "inode:1.5",
		"cookie:", "cookie:-1", "cookie:18446744073709551616",
		"cookie:99999999999999999999", "cookie:1e3", "cookie:1\n",
		"cookie:184467440737095516150",
	};
	char too_long[NAME_MAX + 2];
	struct nsarg a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (nsarg_parse(bad[i], &a) != -EINVAL)
			fail_msg("'%s' was accepted", bad[i]);
	}
	memset(too_long, 'n', NAME_MAX + 1);
	too_long[NAME_MAX + 1] = '\0';
	assert_int_equal(nsarg_parse(too_long, &a), -EINVAL);
	assert_int_equal(nsarg_parse(NULL, &a), -EINVAL);
}

static void numeric_selectors(void **state)
{
	struct nstrack_selector sel;

	(void)state;
	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("pid:123", "/nonexistent",
						   &sel), 0);
	assert_int_equal(sel.kind, NSTRACK_A_NETNS_PID);
	assert_true(sel.value == 123);
	nstrack_selector_release(&sel);

	assert_int_equal(nstrack_selector_from_arg("inode:4026531840",
						   "/nonexistent", &sel), 0);
	assert_int_equal(sel.kind, NSTRACK_A_NETNS_INODE);
	assert_true(sel.value == 4026531840u);

	assert_int_equal(nstrack_selector_from_arg("cookie:18446744073709551615",
						   "/nonexistent", &sel), 0);
	assert_int_equal(sel.kind, NSTRACK_A_NETNS_COOKIE);
	assert_true(sel.value == UINT64_MAX);
	assert_string_equal(test_err_text(), "");
	test_err_stop();
}

static void malformed_message(void **state)
{
	struct nstrack_selector sel;

	(void)state;
	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("pid:-1", "/run/netns", &sel),
			 -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: malformed namespace argument 'pid:-1' (use NAME, PATH, pid:PID, inode:N or cookie:N)\n");
	test_err_stop();

	/* control characters do not break the line */
	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("pid:\n1", "/run/netns", &sel),
			 -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: malformed namespace argument 'pid:?1' (use NAME, PATH, pid:PID, inode:N or cookie:N)\n");
	test_err_stop();
}

static bool fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static void path_to_netns_file(void **state)
{
	struct nstrack_selector sel;
	struct stat a, b;
	int fd;

	(void)state;
	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("/proc/self/ns/net",
						   "/run/netns", &sel), 0);
	assert_int_equal(sel.kind, NSTRACK_A_NETNS_FD);
	fd = (int)sel.value;
	assert_true(fd_is_open(fd));
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	/* it is our own network namespace */
	assert_int_equal(fstat(fd, &a), 0);
	assert_int_equal(stat("/proc/self/ns/net", &b), 0);
	assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	nstrack_selector_release(&sel);
	assert_false(fd_is_open(fd));
	nstrack_selector_release(&sel);	/* harmless the second time */
	assert_string_equal(test_err_text(), "");
	test_err_stop();
}

static void path_errors(void **state)
{
	struct nstrack_selector sel;

	(void)state;
	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("/proc/self/ns/uts",
						   "/run/netns", &sel), -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: /proc/self/ns/uts: not a network namespace file\n");
	assert_int_equal(sel.kind, NSTRACK_A_NETNS_UNSPEC);
	test_err_stop();

	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("/dev/null", "/run/netns",
						   &sel), -EINVAL);
	assert_string_equal(test_err_text(),
		"nstrack: /dev/null: not a network namespace file\n");
	test_err_stop();

	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("/nonexistent/net",
						   "/run/netns", &sel), -ENOENT);
	assert_string_equal(test_err_text(),
		"nstrack: /nonexistent/net: No such file or directory\n");
	test_err_stop();
}

static void names_in_directory(void **state)
{
	char dir[] = "/tmp/nstrack-nsarg-XXXXXX", path[PATH_MAX], expect[PATH_MAX + 64];
	struct nstrack_selector sel;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));

	/* a name that is not there */
	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("blue", dir, &sel), -ENOENT);
	snprintf(expect, sizeof(expect),
		 "nstrack: blue: no such network namespace name under %s\n", dir);
	assert_string_equal(test_err_text(), expect);
	test_err_stop();

	/* a leftover plain file (the bind mount is gone) */
	snprintf(path, sizeof(path), "%s/stale", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("stale", dir, &sel), -EINVAL);
	snprintf(expect, sizeof(expect),
		 "nstrack: %s: not a network namespace file\n", path);
	assert_string_equal(test_err_text(), expect);
	test_err_stop();

	/* something that opens as a netns file */
	snprintf(path, sizeof(path), "%s/red", dir);
	assert_int_equal(symlink("/proc/self/ns/net", path), 0);
	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("red", dir, &sel), 0);
	assert_int_equal(sel.kind, NSTRACK_A_NETNS_FD);
	nstrack_selector_release(&sel);
	assert_string_equal(test_err_text(), "");
	test_err_stop();

	/* "." and ".." are not names even though they exist */
	test_err_start();
	assert_int_equal(nstrack_selector_from_arg("..", dir, &sel), -EINVAL);
	assert_non_null(strstr(test_err_text(), "malformed namespace argument '..'"));
	test_err_stop();

	unlink(path);
	snprintf(path, sizeof(path), "%s/stale", dir);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
}

static void selector_attribute(void **state)
{
	static const struct {
		uint16_t kind;
		uint64_t value;
		size_t len;
	} cases[] = {
		{ NSTRACK_A_NETNS_COOKIE, 0xfedcba9876543210ULL, 8 },
		{ NSTRACK_A_NETNS_INODE, 4026531840u, 4 },
		{ NSTRACK_A_NETNS_PID, 77, 4 },
		{ NSTRACK_A_NETNS_FD, 3, 4 },
	};
	union test_buf buf;
	struct nlmsghdr *nlh;
	struct nlattr *attr;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nstrack_selector sel = { cases[i].kind, cases[i].value };

		nlh = test_put_reply_header(buf.b, 0);
		nstrack_selector_put(nlh, &sel);
		n = 0;
		mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
			n++;
			assert_int_equal(mnl_attr_get_type(attr), cases[i].kind);
			assert_int_equal(mnl_attr_get_payload_len(attr),
					 cases[i].len);
			if (cases[i].len == 8)
				assert_true(mnl_attr_get_u64(attr) ==
					    cases[i].value);
			else
				assert_int_equal(mnl_attr_get_u32(attr),
						 cases[i].value);
		}
		assert_int_equal(n, 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_arguments),
		cmocka_unit_test(paths_and_names),
		cmocka_unit_test(malformed_arguments),
		cmocka_unit_test(numeric_selectors),
		cmocka_unit_test(malformed_message),
		cmocka_unit_test(path_to_netns_file),
		cmocka_unit_test(path_errors),
		cmocka_unit_test(names_in_directory),
		cmocka_unit_test(selector_attribute),
	};

	return cmocka_run_group_tests_name("nsarg", tests, NULL, NULL);
}
