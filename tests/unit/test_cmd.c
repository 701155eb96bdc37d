// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: command lookup, option parsing and the argument checks of
 * the commands (user/cmd.c, cmd_list.c, cmd_show.c, cmd_devices.c,
 * cmd_sockets.c, cmd_history.c) that happen before any netlink traffic.
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
#include "testutil.h"

static int dummy(struct nstrack_opts *o, int argc, char **argv)
{
	(void)o;
	(void)argc;
	(void)argv;
	return 0;
}

static const struct nstrack_command tab[] = {
	{ "list", dummy, "" },
	{ "listen", dummy, "" },
	{ "show", dummy, "" },
	{ "shutdown", dummy, "" },
	{ "help", dummy, "" },
};
#define NTAB (sizeof(tab) / sizeof(tab[0]))

static void lookup(void **state)
{
	size_t n;

	(void)state;
	/* exact names, even when they prefix another command */
	assert_ptr_equal(nstrack_cmd_lookup(tab, NTAB, "list", &n), &tab[0]);
	assert_int_equal(n, 1);
	assert_ptr_equal(nstrack_cmd_lookup(tab, NTAB, "listen", &n), &tab[1]);
	assert_ptr_equal(nstrack_cmd_lookup(tab, NTAB, "show", &n), &tab[2]);
	/* unique prefixes */
	assert_ptr_equal(nstrack_cmd_lookup(tab, NTAB, "h", &n), &tab[4]);
	assert_ptr_equal(nstrack_cmd_lookup(tab, NTAB, "sho", &n), &tab[2]);
	assert_ptr_equal(nstrack_cmd_lookup(tab, NTAB, "shu", &n), &tab[3]);
	assert_ptr_equal(nstrack_cmd_lookup(tab, NTAB, "liste", &n), &tab[1]);
	/* ambiguous */
	assert_null(nstrack_cmd_lookup(tab, NTAB, "sh", &n));
	assert_int_equal(n, 2);
	assert_null(nstrack_cmd_lookup(tab, NTAB, "l", &n));
	assert_int_equal(n, 2);
	/* unknown */
	assert_null(nstrack_cmd_lookup(tab, NTAB, "x", &n));
	assert_int_equal(n, 0);
	assert_null(nstrack_cmd_lookup(tab, NTAB, "lists", &n));
	assert_int_equal(n, 0);
	assert_null(nstrack_cmd_lookup(tab, NTAB, "", &n));
	assert_int_equal(n, 0);
	assert_null(nstrack_cmd_lookup(tab, NTAB, "x", NULL));

	/* the real set: every one-letter prefix is unique */
	assert_ptr_equal(nstrack_cmd_lookup(tab + 2, 1, "s", NULL), &tab[2]);
}

static void option_words(void **state)
{
	struct nstrack_opts o = { 0 };
	bool help = false, version = false;

	(void)state;
	assert_int_equal(nstrack_parse_option("-j", &o, &help, NULL), 0);
	assert_true(o.json);
	assert_false(o.pretty);

	o = (struct nstrack_opts){ 0 };
	assert_int_equal(nstrack_parse_option("--pretty", &o, &help, NULL), 0);
	assert_true(o.pretty);
	assert_true(o.json);	/* implied */

	o = (struct nstrack_opts){ 0 };
	assert_int_equal(nstrack_parse_option("-jh", &o, &help, NULL), 0);
	assert_true(o.json && help);

	assert_int_equal(nstrack_parse_option("--version", &o, &help, &version), 0);
	assert_true(version);
	assert_int_equal(nstrack_parse_option("-V", &o, &help, NULL), -1);
	assert_int_equal(nstrack_parse_option("--version", &o, &help, NULL), -1);
	assert_int_equal(nstrack_parse_option("-x", &o, &help, NULL), -1);
	assert_int_equal(nstrack_parse_option("-jx", &o, &help, NULL), -1);
	assert_int_equal(nstrack_parse_option("--js", &o, &help, NULL), -1);
	assert_int_equal(nstrack_parse_option("--jsonx", &o, &help, NULL), -1);
	assert_int_equal(nstrack_parse_option("-", &o, &help, NULL), -1);
	assert_int_equal(nstrack_parse_option("j", &o, &help, NULL), -1);
}

static void command_options(void **state)
{
	char a0[] = "show", a1[] = "-j", a2[] = "blue", a3[] = "--pretty",
	     a4[] = "--", a5[] = "-odd", a6[] = "-";
	char *argv[] = { a0, a1, a2, a3, a4, a5, a6, NULL };
	struct nstrack_opts o = { 0 };
	bool help;

	(void)state;
	test_err_start();
	assert_int_equal(nstrack_cmd_opts("show", 7, argv, &o, &help), 3);
	assert_string_equal(argv[0], "show");
	assert_string_equal(argv[1], "blue");
	assert_string_equal(argv[2], "-odd");	/* after "--" */
	assert_string_equal(argv[3], "-");
	assert_true(o.json && o.pretty);
	assert_false(help);
	assert_string_equal(test_err_text(), "");
	test_err_stop();
}

static void command_unknown_option(void **state)
{
	char a0[] = "list", a1[] = "--color";
	char *argv[] = { a0, a1, NULL };
	struct nstrack_opts o = { 0 };
	bool help;

	(void)state;
	test_err_start();
	assert_int_equal(nstrack_cmd_opts("list", 2, argv, &o, &help), -1);
	assert_string_equal(test_err_text(),
		"nstrack: list: unknown option '--color' (try 'nstrack list --help')\n");
	test_err_stop();
}

/* run fn with stdout going to a temporary file; returns its text */
static char *run_capturing_stdout(int (*fn)(struct nstrack_opts *, int,
					    char **),
				  int argc, char **argv, int *status)
{
	struct nstrack_opts o = { 0 };
	char path[] = "/tmp/nstrack-stdout-XXXXXX";
	int fd = mkstemp(path), saved;
	char *text;
	long len;
	FILE *f;

	assert_true(fd >= 0);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fd, STDOUT_FILENO) >= 0);
	*status = fn(&o, argc, argv);
	fflush(stdout);
	assert_true(dup2(saved, STDOUT_FILENO) >= 0);
	close(saved);
	close(fd);

	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	unlink(path);
	return text;
}

static void show_argument_errors(void **state)
{
	static const struct {
		const char *args[3];
		int argc;
		const char *err;
	} cases[] = {
		{ { "show" }, 1,
		  "nstrack: show: missing namespace argument (try 'nstrack show --help')\n" },
		{ { "show", "a", "b" }, 3,
		  "nstrack: show: unexpected argument 'b' (try 'nstrack show --help')\n" },
		{ { "show", "pid:0" }, 2,
		  "nstrack: malformed namespace argument 'pid:0' (use NAME, PATH, pid:PID, inode:N or cookie:N)\n" },
		{ { "show", "cookie:18446744073709551616" }, 2,
		  "nstrack: malformed namespace argument 'cookie:18446744073709551616' (use NAME, PATH, pid:PID, inode:N or cookie:N)\n" },
		{ { "show", "/proc/self/ns/uts" }, 2,
		  "nstrack: /proc/self/ns/uts: not a network namespace file\n" },
		{ { "show", "-q" }, 2,
		  "nstrack: show: unknown option '-q' (try 'nstrack show --help')\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[4] = { NULL }, *out;
		int j, status;

		for (j = 0; j < cases[i].argc; j++)
			argv[j] = strdup(cases[i].args[j]);
		test_err_start();
		out = run_capturing_stdout(cmd_show, cases[i].argc, argv, &status);
		assert_int_equal(status, 1);
		assert_string_equal(out, "");	/* nothing on stdout */
		assert_string_equal(test_err_text(), cases[i].err);
		test_err_stop();
		free(out);
		for (j = 0; j < cases[i].argc; j++)
			free(argv[j]);
	}
}

static void list_argument_errors(void **state)
{
	char a0[] = "list", a1[] = "extra";
	char *argv[] = { a0, a1, NULL }, *out;
	int status;

	(void)state;
	test_err_start();
	out = run_capturing_stdout(cmd_list, 2, argv, &status);
	assert_int_equal(status, 1);
	assert_string_equal(out, "");
	assert_string_equal(test_err_text(),
		"nstrack: list: unexpected argument 'extra' (try 'nstrack list --help')\n");
	test_err_stop();
	free(out);
}

/* run a command with the given words; check status, stdout and stderr */
static void expect_failure(int (*fn)(struct nstrack_opts *, int, char **),
			   const char *const *args, int argc, const char *err)
{
	char *argv[8] = { NULL }, *copies[8] = { NULL }, *out;
	int j, status;

	assert_true(argc < 8);
	for (j = 0; j < argc; j++)
		argv[j] = copies[j] = strdup(args[j]);
	test_err_start();
	/* the command may reorder argv: free the copies, not argv */
	out = run_capturing_stdout(fn, argc, argv, &status);
	assert_int_equal(status, 1);
	assert_string_equal(out, "");
	assert_string_equal(test_err_text(), err);
	test_err_stop();
	free(out);
	for (j = 0; j < argc; j++)
		free(copies[j]);
}

static void devices_argument_errors(void **state)
{
	static const char *const extra[] = { "devices", "a", "b" };
	static const char *const bad[] = { "devices", "inode:0" };
	static const char *const opt[] = { "devices", "--dev", "x" };
	static const char *const notnet[] = { "devices", "/proc/self/ns/uts" };

	(void)state;
	expect_failure(cmd_devices, extra, 3,
		"nstrack: devices: unexpected argument 'b' (try 'nstrack devices --help')\n");
	expect_failure(cmd_devices, bad, 2,
		"nstrack: malformed namespace argument 'inode:0' (use NAME, PATH, pid:PID, inode:N or cookie:N)\n");
	/* --dev belongs to history only */
	expect_failure(cmd_devices, opt, 3,
		"nstrack: devices: unknown option '--dev' (try 'nstrack devices --help')\n");
	expect_failure(cmd_devices, notnet, 2,
		"nstrack: /proc/self/ns/uts: not a network namespace file\n");
}

static void sockets_argument_errors(void **state)
{
	static const char *const extra[] = { "sockets", "a", "b" };
	static const char *const bad[] = { "sockets", "cookie:-1" };
	static const char *const opt[] = { "sockets", "--all" };
	static const char *const notnet[] = { "sockets", "/proc/self/ns/uts" };
	static const char *const noname[] = { "sockets", "-j", "nstrack-no-such-ns" };

	(void)state;
	expect_failure(cmd_sockets, extra, 3,
		"nstrack: sockets: unexpected argument 'b' (try 'nstrack sockets --help')\n");
	expect_failure(cmd_sockets, bad, 2,
		"nstrack: malformed namespace argument 'cookie:-1' (use NAME, PATH, pid:PID, inode:N or cookie:N)\n");
	expect_failure(cmd_sockets, opt, 2,
		"nstrack: sockets: unknown option '--all' (try 'nstrack sockets --help')\n");
	expect_failure(cmd_sockets, notnet, 2,
		"nstrack: /proc/self/ns/uts: not a network namespace file\n");
	expect_failure(cmd_sockets, noname, 3,
		"nstrack: nstrack-no-such-ns: no such network namespace name under /run/netns\n");
}

static void history_argument_errors(void **state)
{
	static const char *const extra[] = { "history", "--dev", "eth0", "a", "b" };
	static const char *const nodev[] = { "history", "-j", "--dev" };
	static const char *const empty[] = { "history", "--dev=" };
	static const char *const toolong[] = { "history", "--dev", "0123456789abcdef" };
	static const char *const bad[] = { "history", "cookie:x", "--dev=lo" };
	static const char *const unknown[] = { "history", "--devices" };
	/* after "--", "--dev" is the NS argument, a name */
	static const char *const dashdash[] = {
		"history", "--dev", "eth0", "--", "--dev",
	};

	(void)state;
	expect_failure(cmd_history, extra, 5,
		"nstrack: history: unexpected argument 'b' (try 'nstrack history --help')\n");
	expect_failure(cmd_history, nodev, 3,
		"nstrack: history: option '--dev' needs a value (try 'nstrack history --help')\n");
	expect_failure(cmd_history, empty, 2,
		"nstrack: history: invalid device name '' (1 to 15 characters)\n");
	expect_failure(cmd_history, toolong, 3,
		"nstrack: history: invalid device name '0123456789abcdef' (1 to 15 characters)\n");
	expect_failure(cmd_history, bad, 3,
		"nstrack: malformed namespace argument 'cookie:x' (use NAME, PATH, pid:PID, inode:N or cookie:N)\n");
	expect_failure(cmd_history, unknown, 2,
		"nstrack: history: unknown option '--devices' (try 'nstrack history --help')\n");
	expect_failure(cmd_history, dashdash, 5,
		"nstrack: --dev: no such network namespace name under /run/netns\n");
}

static void command_help(void **state)
{
	char l0[] = "list", l1[] = "--help", s0[] = "show", s1[] = "-h";
	char *largv[] = { l0, l1, NULL }, *sargv[] = { s0, s1, NULL }, *out;
	int status;

	(void)state;
	test_err_start();
	out = run_capturing_stdout(cmd_list, 2, largv, &status);
	assert_int_equal(status, 0);
	assert_true(!strncmp(out, "Usage: nstrack [-j|-p] list\n", 28));
	free(out);
	out = run_capturing_stdout(cmd_show, 2, sargv, &status);
	assert_int_equal(status, 0);
	assert_true(!strncmp(out, "Usage: nstrack [-j|-p] show NS\n", 31));
	assert_non_null(strstr(out, "cookie:N"));
	free(out);
	assert_string_equal(test_err_text(), "");
	test_err_stop();
}

static void new_commands_help(void **state)
{
	char d0[] = "devices", d1[] = "-h", h0[] = "history", h1[] = "--dev=lo",
	     h2[] = "--help";
	char *dargv[] = { d0, d1, NULL }, *hargv[] = { h0, h1, h2, NULL }, *out;
	int status;

	(void)state;
	test_err_start();
	out = run_capturing_stdout(cmd_devices, 2, dargv, &status);
	assert_int_equal(status, 0);
	assert_true(!strncmp(out, "Usage: nstrack [-j|-p] devices [NS]\n", 36));
	assert_non_null(strstr(out, "\n  MAC "));
	free(out);
	out = run_capturing_stdout(cmd_history, 3, hargv, &status);
	assert_int_equal(status, 0);
	assert_true(!strncmp(out, "Usage: nstrack [-j|-p] history [NS] [--dev NAME]\n", 49));
	assert_non_null(strstr(out, "--dev NAME"));
	free(out);
	assert_string_equal(test_err_text(), "");
	test_err_stop();
}

static void sockets_help(void **state)
{
	char s0[] = "sockets", s1[] = "--help", s2[] = "-jh";
	char *argv[] = { s0, s1, NULL }, *argv2[] = { s0, s2, NULL }, *out;
	int status;

	(void)state;
	test_err_start();
	out = run_capturing_stdout(cmd_sockets, 2, argv, &status);
	assert_int_equal(status, 0);
	assert_true(!strncmp(out, "Usage: nstrack [-j|-p] sockets [NS]\n", 36));
	assert_non_null(strstr(out, "cookie:N"));
	assert_non_null(strstr(out, "\n  TW "));
	assert_non_null(strstr(out, "by_protocol"));
	free(out);
	/* help wins over everything else, even with other options */
	out = run_capturing_stdout(cmd_sockets, 2, argv2, &status);
	assert_int_equal(status, 0);
	assert_true(!strncmp(out, "Usage: nstrack [-j|-p] sockets [NS]\n", 36));
	free(out);
	assert_string_equal(test_err_text(), "");
	test_err_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup),
		cmocka_unit_test(option_words),
		cmocka_unit_test(command_options),
		cmocka_unit_test(command_unknown_option),
		cmocka_unit_test(show_argument_errors),
		cmocka_unit_test(list_argument_errors),
		cmocka_unit_test(devices_argument_errors),
		cmocka_unit_test(sockets_argument_errors),
		cmocka_unit_test(history_argument_errors),
		cmocka_unit_test(command_help),
		cmocka_unit_test(new_commands_help),
		cmocka_unit_test(sockets_help),
	};

	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
