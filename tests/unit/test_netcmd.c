// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the link, bridge, addr and route commands up to the point
 * where they would talk to the kernel (argument checks, the namespace
 * argument, user/nsopen.c), so nothing here changes the machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cmd.h"
#include "nsopen.h"
#include "testutil.h"

#define MAXARGS 12

typedef int (*cmd_fn)(struct nstrack_opts *o, int argc, char **argv);

/*
 * Run a command with the given words (NULL-terminated), its standard
 * output thrown away; the error output is captured (test_err_text()).
 */
static int run(cmd_fn fn, ...)
{
	struct nstrack_opts o = { 0 };
	char *argv[MAXARGS + 1], *copy[MAXARGS];
	int argc = 0, status, saved, devnull;
	const char *w;
	va_list ap;

	va_start(ap, fn);
	while ((w = va_arg(ap, const char *))) {
		assert_true(argc < MAXARGS);
		copy[argc] = strdup(w);
		argv[argc] = copy[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;

	test_err_start();
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	devnull = open("/dev/null", O_WRONLY);
	assert_true(saved >= 0 && devnull >= 0);
	dup2(devnull, STDOUT_FILENO);
	status = fn(&o, argc, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(devnull);
	while (argc--)
		free(copy[argc]);
	return status;
}

#define ERR(s) "nstrack: " s "\n"

static void expect(int status, const char *err)
{
	assert_int_equal(status, 1);
	assert_string_equal(test_err_text(), err);
}

static void help(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_link, "link", "--help", NULL), 0);
	assert_int_equal(run(cmd_link, "link", "help", NULL), 0);
	assert_int_equal(run(cmd_link, "link", "veth", "-h", NULL), 0);
	assert_int_equal(run(cmd_link, "link", "move", "a", "--help", NULL), 0);
	assert_int_equal(run(cmd_bridge, "bridge", "-h", NULL), 0);
	assert_int_equal(run(cmd_bridge, "bridge", "attach", "--help", NULL), 0);
	assert_int_equal(run(cmd_addr, "addr", "add", "-h", NULL), 0);
	assert_int_equal(run(cmd_route, "route", "--help", NULL), 0);
	assert_string_equal(test_err_text(), "");
	test_err_stop();
}

static void subcommands(void **state)
{
	(void)state;
	expect(run(cmd_link, "link", NULL),
	       ERR("link: missing subcommand (try 'nstrack link --help')"));
	expect(run(cmd_link, "link", "frob", NULL),
	       ERR("link: unknown subcommand 'frob' (try 'nstrack link --help')"));
	expect(run(cmd_link, "link", "--frob", NULL),
	       ERR("link: unknown option '--frob' (try 'nstrack link --help')"));
	expect(run(cmd_bridge, "bridge", "a", NULL),
	       ERR("bridge: ambiguous subcommand 'a' (try 'nstrack bridge --help')"));
	expect(run(cmd_addr, "addr", "del", NULL),
	       ERR("addr: unknown subcommand 'del' (try 'nstrack addr --help')"));
	expect(run(cmd_route, "route", NULL),
	       ERR("route: missing subcommand (try 'nstrack route --help')"));
	/* prefixes */
	expect(run(cmd_link, "link", "v", "a", NULL),
	       ERR("link veth: missing argument (try 'nstrack link veth --help')"));
	expect(run(cmd_bridge, "bridge", "att", "br0", NULL),
	       ERR("bridge attach: missing argument (try 'nstrack bridge attach --help')"));
	test_err_stop();
}

static void link_args(void **state)
{
	(void)state;
	expect(run(cmd_link, "link", "veth", "a", "b", "c", NULL),
	       ERR("link veth: unexpected argument 'c' (try 'nstrack link veth --help')"));
	expect(run(cmd_link, "link", "veth", "a", "b", "--ns-a", NULL),
	       ERR("link veth: option '--ns-a' needs a value (try 'nstrack link veth --help')"));
	expect(run(cmd_link, "link", "veth", "a", "b", "--ns", "x", NULL),
	       ERR("link veth: unknown option '--ns' (try 'nstrack link veth --help')"));
	expect(run(cmd_link, "link", "veth", "veth-0123456789a", "b", NULL),
	       ERR("veth-0123456789a: name too long (at most 15 characters)"));
	expect(run(cmd_link, "link", "veth", "a", "..", NULL),
	       ERR("..: invalid device name ('.' and '..' are reserved)"));
	expect(run(cmd_link, "link", "veth", "a", "", NULL),
	       ERR("empty device name"));
	/* names are checked before the namespaces */
	expect(run(cmd_link, "link", "veth", "a b", "c", "--ns-a", "/nonexistent/ns",
		   NULL),
	       ERR("a b: invalid device name (contains whitespace)"));
	expect(run(cmd_link, "link", "veth", "a", "b", "--ns-a=/nonexistent/ns",
		   NULL),
	       ERR("/nonexistent/ns: No such file or directory"));
	expect(run(cmd_link, "link", "veth", "a", "b", "--ns-a", "inode:5", NULL),
	       ERR("malformed namespace argument 'inode:5' (use NAME, PATH or pid:PID)"));
	expect(run(cmd_link, "link", "move", "a", NULL),
	       ERR("link move: missing argument (try 'nstrack link move --help')"));
	expect(run(cmd_link, "link", "move", "a/b", "blue", NULL),
	       ERR("a/b: invalid device name (contains '/')"));
	expect(run(cmd_link, "link", "move", "a", "/nonexistent/ns", "--ns",
		   "/nonexistent/other", NULL),
	       ERR("/nonexistent/other: No such file or directory"));
	expect(run(cmd_link, "link", "del", NULL),
	       ERR("link del: missing argument (try 'nstrack link del --help')"));
	expect(run(cmd_link, "link", "del", "a", "b", NULL),
	       ERR("link del: unexpected argument 'b' (try 'nstrack link del --help')"));
	expect(run(cmd_link, "link", "del", "eth0:1", NULL),
	       ERR("eth0:1: invalid device name (contains ':')"));
	expect(run(cmd_link, "link", "del", "a", "--ns", "cookie:1", NULL),
	       ERR("malformed namespace argument 'cookie:1' (use NAME, PATH or pid:PID)"));
	test_err_stop();
}

static void bridge_args(void **state)
{
	(void)state;
	expect(run(cmd_bridge, "bridge", "add", NULL),
	       ERR("bridge add: missing argument (try 'nstrack bridge add --help')"));
	expect(run(cmd_bridge, "bridge", "add", "bridge-0123456789", NULL),
	       ERR("bridge-0123456789: name too long (at most 15 characters)"));
	expect(run(cmd_bridge, "bridge", "add", "br0", "--ns", "/nonexistent/ns",
		   NULL),
	       ERR("/nonexistent/ns: No such file or directory"));
	expect(run(cmd_bridge, "bridge", "attach", "br0", "a", "b", NULL),
	       ERR("bridge attach: unexpected argument 'b' (try 'nstrack bridge attach --help')"));
	expect(run(cmd_bridge, "bridge", "attach", "br0", ".", NULL),
	       ERR(".: invalid device name ('.' and '..' are reserved)"));
	test_err_stop();
}

static void addr_args(void **state)
{
	(void)state;
	expect(run(cmd_addr, "addr", "add", "blue", "va", NULL),
	       ERR("addr add: missing argument (try 'nstrack addr add --help')"));
	expect(run(cmd_addr, "addr", "add", "blue", "va", "10.0.0.1", NULL),
	       ERR("10.0.0.1: invalid CIDR (missing /PREFIX, e.g. 10.0.0.1/24)"));
	expect(run(cmd_addr, "addr", "add", "blue", "va", "10.0.0.1/33", NULL),
	       ERR("10.0.0.1/33: invalid CIDR (prefix must be a number from 0 to 32)"));
	expect(run(cmd_addr, "addr", "add", "blue", "va", "10.0.0.300/24", NULL),
	       ERR("10.0.0.300/24: invalid CIDR (not an IPv4 or IPv6 address)"));
	expect(run(cmd_addr, "addr", "add", "blue", "va", "ff02::1/64", NULL),
	       ERR("ff02::1/64: invalid CIDR (not a unicast address)"));
	expect(run(cmd_addr, "addr", "add", "blue", "va/1", "10.0.0.1/24", NULL),
	       ERR("va/1: invalid device name (contains '/')"));
	expect(run(cmd_addr, "addr", "add", "/nonexistent/ns", "va", "10.0.0.1/24",
		   NULL),
	       ERR("/nonexistent/ns: No such file or directory"));
	expect(run(cmd_addr, "addr", "add", "blue", "va", "10.0.0.1/24", "x",
		   NULL),
	       ERR("addr add: unexpected argument 'x' (try 'nstrack addr add --help')"));
	test_err_stop();
}

static void route_args(void **state)
{
	(void)state;
	expect(run(cmd_route, "route", "add", "blue", "default", "via", NULL),
	       ERR("route add: missing argument (try 'nstrack route add --help')"));
	expect(run(cmd_route, "route", "add", "blue", "10.0.0.0/8", "via",
		   "10.0.0.1", NULL),
	       ERR("route add: only the default route can be added, not '10.0.0.0/8' (try 'nstrack route --help')"));
	expect(run(cmd_route, "route", "add", "blue", "default", "gw",
		   "10.0.0.1", NULL),
	       ERR("route add: expected 'default via GW [dev DEV]' (try 'nstrack route --help')"));
	expect(run(cmd_route, "route", "add", "blue", "default", "via",
		   "10.0.0.1", "dev", NULL),
	       ERR("route add: expected 'default via GW [dev DEV]' (try 'nstrack route --help')"));
	expect(run(cmd_route, "route", "add", "blue", "default", "via",
		   "10.0.0.1", "oif", "va", NULL),
	       ERR("route add: expected 'default via GW [dev DEV]' (try 'nstrack route --help')"));
	expect(run(cmd_route, "route", "add", "blue", "default", "via",
		   "10.0.0.1/24", NULL),
	       ERR("10.0.0.1/24: invalid gateway address (an address without /PREFIX is expected)"));
	expect(run(cmd_route, "route", "add", "blue", "default", "via",
		   "gateway", NULL),
	       ERR("gateway: invalid gateway address (not an IPv4 or IPv6 address)"));
	expect(run(cmd_route, "route", "add", "blue", "default", "via",
		   "fe80::1", "dev", "a:b", NULL),
	       ERR("a:b: invalid device name (contains ':')"));
	expect(run(cmd_route, "route", "add", "/nonexistent/ns", "default", "via",
		   "10.0.0.1", NULL),
	       ERR("/nonexistent/ns: No such file or directory"));
	expect(run(cmd_route, "route", "add", "blue", "default", "via",
		   "10.0.0.1", "dev", "va", "x", NULL),
	       ERR("route add: unexpected argument 'x' (try 'nstrack route add --help')"));
	test_err_stop();
}

/* ---- nsopen ---- */

static char dir[] = "/tmp/nstrack-test-nsopen-XXXXXX";

static int dir_setup(void **state)
{
	char path[sizeof(dir) + 16];
	int fd;

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/plain", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int dir_teardown(void **state)
{
	char path[sizeof(dir) + 16];

	(void)state;
	snprintf(path, sizeof(path), "%s/plain", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

static void open_fails(const char *arg, const char *err, int code)
{
	test_err_start();
	assert_int_equal(nstrack_netns_open_arg(arg, dir), code);
	assert_string_equal(test_err_text(), err);
}

static void open_ok(const char *arg)
{
	int fd;

	test_err_start();
	fd = nstrack_netns_open_arg(arg, dir);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_string_equal(test_err_text(), "");
	close(fd);
}

static void nsopen(void **state)
{
	char arg[32], msg[128];

	(void)state;
	open_ok("/proc/self/ns/net");
	snprintf(arg, sizeof(arg), "pid:%d", (int)getpid());
	open_ok(arg);

	snprintf(msg, sizeof(msg),
		 ERR("nope: no such network namespace name under %s"), dir);
	open_fails("nope", msg, -ENOENT);
	open_fails("plain", ERR("plain: not a network namespace file"), -EINVAL);
	open_fails("/dev/null", ERR("/dev/null: not a network namespace file"),
		   -EINVAL);
	open_fails("/proc/self/ns/uts",
		   ERR("/proc/self/ns/uts: not a network namespace file"),
		   -EINVAL);
	open_fails("/nonexistent/ns",
		   ERR("/nonexistent/ns: No such file or directory"), -ENOENT);
	open_fails("pid:2147483647", ERR("pid:2147483647: no such process"),
		   -ENOENT);
	open_fails("pid:0",
		   ERR("malformed namespace argument 'pid:0' (use NAME, PATH or pid:PID)"),
		   -EINVAL);
	open_fails("inode:4026531840",
		   ERR("malformed namespace argument 'inode:4026531840' (use NAME, PATH or pid:PID)"),
		   -EINVAL);
	open_fails("cookie:1",
		   ERR("malformed namespace argument 'cookie:1' (use NAME, PATH or pid:PID)"),
		   -EINVAL);
	open_fails("", ERR("malformed namespace argument '' (use NAME, PATH or pid:PID)"),
		   -EINVAL);
	open_fails("..", ERR("malformed namespace argument '..' (use NAME, PATH or pid:PID)"),
		   -EINVAL);
	open_fails(NULL, ERR("malformed namespace argument '' (use NAME, PATH or pid:PID)"),
		   -EINVAL);
	/* the argument is shown on one line */
	open_fails("/no\nsuch", ERR("/no?such: No such file or directory"),
		   -ENOENT);
	test_err_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help),
		cmocka_unit_test(subcommands),
		cmocka_unit_test(link_args),
		cmocka_unit_test(bridge_args),
		cmocka_unit_test(addr_args),
		cmocka_unit_test(route_args),
		cmocka_unit_test_setup_teardown(nsopen, dir_setup, dir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
