// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the named namespace commands (user/cmd_netns.c): argument
 * checks, done before anything is touched, and identify, pids and exec -a
 * on a directory of the test's own.  What needs root (bind mounts, entering
 * a namespace) is skipped without it.  Names used on the real /run/netns
 * start with "nstrack-unit-no-such-" and must not exist.
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
#include <jansson.h>

#include "cmd.h"
#include "fake.h"
#include "testutil.h"

#define NO_SUCH "nstrack-unit-no-such-namespace"

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

struct failure {
	const char *args[6];
	int status;
	const char *err;
};

/* each case: exit status, nothing on stdout, exactly that error text */
static void expect_failures(int (*fn)(struct nstrack_opts *, int, char **),
			    const struct failure *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *argv[7] = { NULL }, *copies[7] = { NULL }, *out;
		int argc = 0, status, j;

		while (argc < 6 && cases[i].args[argc]) {
			argv[argc] = copies[argc] = strdup(cases[i].args[argc]);
			argc++;
		}
		test_err_start();
		out = run_capturing_stdout(fn, argc, argv, &status);
		if (status != cases[i].status ||
		    strcmp(test_err_text(), cases[i].err))
			print_error("case %zu (%s %s): status %d, error '%s'\n",
				    i, cases[i].args[0],
				    cases[i].args[1] ? cases[i].args[1] : "",
				    status, test_err_text());
		assert_int_equal(status, cases[i].status);
		assert_string_equal(out, "");
		assert_string_equal(test_err_text(), cases[i].err);
		test_err_stop();
		free(out);
		for (j = 0; j < argc; j++)
			free(copies[j]);
	}
}

#define LONG_NAME \
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define LONG_SHOWN \
	"'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"

static void add_errors(void **state)
{
	static const struct failure cases[] = {
		{ { "add" }, 1,
		  "nstrack: add: missing namespace name (try 'nstrack add --help')\n" },
		{ { "add", "a", "b" }, 1,
		  "nstrack: add: unexpected argument 'b' (try 'nstrack add --help')\n" },
		{ { "add", "" }, 1,
		  "nstrack: add: invalid name '': a name cannot be empty\n" },
		{ { "add", "." }, 1,
		  "nstrack: add: invalid name '.': '.' and '..' are not names\n" },
		{ { "add", ".." }, 1,
		  "nstrack: add: invalid name '..': '.' and '..' are not names\n" },
		{ { "add", "/" }, 1,
		  "nstrack: add: invalid name '/': a name cannot contain '/'\n" },
		{ { "add", "a/b" }, 1,
		  "nstrack: add: invalid name 'a/b': a name cannot contain '/'\n" },
		{ { "add", LONG_NAME }, 1,
		  "nstrack: add: invalid name " LONG_SHOWN ": longer than 255 bytes\n" },
		{ { "add", "-x" }, 1,
		  "nstrack: add: unknown option '-x' (try 'nstrack add --help')\n" },
		{ { "add", "--", "." }, 1,
		  "nstrack: add: invalid name '.': '.' and '..' are not names\n" },
	};

	(void)state;
	expect_failures(cmd_add, cases, sizeof(cases) / sizeof(cases[0]));
}

static void del_errors(void **state)
{
	static const struct failure cases[] = {
		{ { "del" }, 1,
		  "nstrack: del: missing namespace name (try 'nstrack del --help')\n" },
		{ { "del", "a", "b" }, 1,
		  "nstrack: del: unexpected argument 'b' (try 'nstrack del --help')\n" },
		{ { "del", "-a", "blue" }, 1,
		  "nstrack: del: unexpected argument 'blue' (try 'nstrack del --help')\n" },
		{ { "del", "blue", "--all" }, 1,
		  "nstrack: del: unexpected argument 'blue' (try 'nstrack del --help')\n" },
		{ { "del", "" }, 1,
		  "nstrack: del: invalid name '': a name cannot be empty\n" },
		{ { "del", ".." }, 1,
		  "nstrack: del: invalid name '..': '.' and '..' are not names\n" },
		{ { "del", "../../etc" }, 1,
		  "nstrack: del: invalid name '../../etc': a name cannot contain '/'\n" },
		{ { "del", LONG_NAME }, 1,
		  "nstrack: del: invalid name " LONG_SHOWN ": longer than 255 bytes\n" },
		{ { "del", NO_SUCH }, 1,
		  "nstrack: del: " NO_SUCH ": no such network namespace name under /run/netns\n" },
		{ { "del", "-q" }, 1,
		  "nstrack: del: unknown option '-q' (try 'nstrack del --help')\n" },
	};

	(void)state;
	expect_failures(cmd_del, cases, sizeof(cases) / sizeof(cases[0]));
}

static void attach_errors(void **state)
{
	static const struct failure cases[] = {
		{ { "attach" }, 1,
		  "nstrack: attach: missing namespace name (try 'nstrack attach --help')\n" },
		{ { "attach", NO_SUCH }, 1,
		  "nstrack: attach: missing PID (try 'nstrack attach --help')\n" },
		{ { "attach", NO_SUCH, "1", "2" }, 1,
		  "nstrack: attach: unexpected argument '2' (try 'nstrack attach --help')\n" },
		{ { "attach", ".", "1" }, 1,
		  "nstrack: attach: invalid name '.': '.' and '..' are not names\n" },
		{ { "attach", NO_SUCH, "0" }, 1,
		  "nstrack: attach: '0' is not a PID\n" },
		{ { "attach", NO_SUCH, "12x" }, 1,
		  "nstrack: attach: '12x' is not a PID\n" },
		{ { "attach", NO_SUCH, "2147483648" }, 1,
		  "nstrack: attach: '2147483648' is not a PID\n" },
		{ { "attach", NO_SUCH, "-1" }, 1,
		  "nstrack: attach: unknown option '-1' (try 'nstrack attach --help')\n" },
		/* checked before /run/netns is touched */
		{ { "attach", NO_SUCH, "2147483647" }, 1,
		  "nstrack: attach: 2147483647: no such process\n" },
	};
	struct stat st;

	(void)state;
	expect_failures(cmd_attach, cases, sizeof(cases) / sizeof(cases[0]));
	assert_int_equal(lstat("/run/netns/" NO_SUCH, &st), -1);
}

static void exec_errors(void **state)
{
	static const struct failure cases[] = {
		{ { "exec" }, 1,
		  "nstrack: exec: missing namespace name (try 'nstrack exec --help')\n" },
		{ { "exec", NO_SUCH }, 1,
		  "nstrack: exec: missing command (try 'nstrack exec --help')\n" },
		{ { "exec", NO_SUCH, "--" }, 1,
		  "nstrack: exec: missing command (try 'nstrack exec --help')\n" },
		{ { "exec", "-a" }, 1,
		  "nstrack: exec: missing command (try 'nstrack exec --help')\n" },
		{ { "exec", "-a", "--" }, 1,
		  "nstrack: exec: missing command (try 'nstrack exec --help')\n" },
		{ { "exec", "--" }, 1,
		  "nstrack: exec: missing namespace name (try 'nstrack exec --help')\n" },
		{ { "exec", "-x", NO_SUCH, "true" }, 1,
		  "nstrack: exec: unknown option '-x' (try 'nstrack exec --help')\n" },
		{ { "exec", "..", "true" }, 1,
		  "nstrack: exec: invalid name '..': '.' and '..' are not names\n" },
		{ { "exec", "a/b", "--", "true" }, 1,
		  "nstrack: exec: invalid name 'a/b': a name cannot contain '/'\n" },
		/* could not be started in the namespace: 125 */
		{ { "exec", NO_SUCH, "--", "true" }, 125,
		  "nstrack: exec: " NO_SUCH ": no such network namespace name under /run/netns\n" },
		/* options after NAME are the command's: still no namespace */
		{ { "exec", NO_SUCH, "-x", "-h" }, 125,
		  "nstrack: exec: " NO_SUCH ": no such network namespace name under /run/netns\n" },
	};

	(void)state;
	expect_failures(cmd_exec, cases, sizeof(cases) / sizeof(cases[0]));
}

static void identify_errors(void **state)
{
	static const struct failure cases[] = {
		{ { "identify", "1", "2" }, 1,
		  "nstrack: identify: unexpected argument '2' (try 'nstrack identify --help')\n" },
		{ { "identify", "self" }, 1,
		  "nstrack: identify: 'self' is not a PID\n" },
		{ { "identify", "0" }, 1,
		  "nstrack: identify: '0' is not a PID\n" },
		{ { "identify", "" }, 1,
		  "nstrack: identify: '' is not a PID\n" },
		{ { "identify", "2147483647" }, 1,
		  "nstrack: identify: 2147483647: no such process\n" },
	};

	(void)state;
	expect_failures(cmd_identify, cases, sizeof(cases) / sizeof(cases[0]));
}

static void pids_errors(void **state)
{
	static const struct failure cases[] = {
		{ { "pids" }, 1,
		  "nstrack: pids: missing namespace name (try 'nstrack pids --help')\n" },
		{ { "pids", "a", "b" }, 1,
		  "nstrack: pids: unexpected argument 'b' (try 'nstrack pids --help')\n" },
		{ { "pids", "" }, 1,
		  "nstrack: pids: invalid name '': a name cannot be empty\n" },
		{ { "pids", "." }, 1,
		  "nstrack: pids: invalid name '.': '.' and '..' are not names\n" },
		{ { "pids", NO_SUCH }, 1,
		  "nstrack: pids: " NO_SUCH ": no such network namespace name under /run/netns\n" },
	};

	(void)state;
	expect_failures(cmd_pids, cases, sizeof(cases) / sizeof(cases[0]));
}

static void set_and_listid_errors(void **state)
{
	static const struct failure set_cases[] = {
		{ { "set" }, 1,
		  "nstrack: set: missing namespace name (try 'nstrack set --help')\n" },
		{ { "set", NO_SUCH }, 1,
		  "nstrack: set: missing NSID (or 'auto') (try 'nstrack set --help')\n" },
		{ { "set", NO_SUCH, "1", "2" }, 1,
		  "nstrack: set: unexpected argument '2' (try 'nstrack set --help')\n" },
		{ { "set", "..", "1" }, 1,
		  "nstrack: set: invalid name '..': '.' and '..' are not names\n" },
		{ { "set", NO_SUCH, "x" }, 1,
		  "nstrack: set: invalid nsid 'x' (a number from 0 to 2147483647, or 'auto')\n" },
		{ { "set", NO_SUCH, "2147483648" }, 1,
		  "nstrack: set: invalid nsid '2147483648' (a number from 0 to 2147483647, or 'auto')\n" },
		{ { "set", NO_SUCH, "AUTO" }, 1,
		  "nstrack: set: invalid nsid 'AUTO' (a number from 0 to 2147483647, or 'auto')\n" },
		{ { "set", NO_SUCH, "1" }, 1,
		  "nstrack: set: " NO_SUCH ": no such network namespace name under /run/netns\n" },
	};
	static const struct failure listid_cases[] = {
		{ { "list-id", "nsid" }, 1,
		  "nstrack: list-id: unexpected argument 'nsid' (try 'nstrack list-id --help')\n" },
		{ { "list-id", "--all" }, 1,
		  "nstrack: list-id: unknown option '--all' (try 'nstrack list-id --help')\n" },
	};

	(void)state;
	expect_failures(cmd_set, set_cases,
			sizeof(set_cases) / sizeof(set_cases[0]));
	expect_failures(cmd_listid, listid_cases,
			sizeof(listid_cases) / sizeof(listid_cases[0]));
}

static void numbers(void **state)
{
	int32_t nsid;
	pid_t pid;

	(void)state;
	assert_int_equal(nstrack_parse_pid("1", &pid), 0);
	assert_int_equal(pid, 1);
	assert_int_equal(nstrack_parse_pid("2147483647", &pid), 0);
	assert_int_equal(pid, 2147483647);
	assert_int_equal(nstrack_parse_pid("007", &pid), 0);
	assert_int_equal(pid, 7);
	assert_int_equal(nstrack_parse_pid("0", &pid), -EINVAL);
	assert_int_equal(nstrack_parse_pid("+1", &pid), -EINVAL);
	assert_int_equal(nstrack_parse_pid(" 1", &pid), -EINVAL);
	assert_int_equal(nstrack_parse_pid("99999999999999999999", &pid),
			 -EINVAL);
	assert_int_equal(nstrack_parse_nsid("0", &nsid), 0);
	assert_int_equal(nsid, 0);
	assert_int_equal(nstrack_parse_nsid("2147483647", &nsid), 0);
	assert_int_equal(nsid, 2147483647);
	assert_int_equal(nstrack_parse_nsid("auto", &nsid), 0);
	assert_int_equal(nsid, -1);
	assert_int_equal(nstrack_parse_nsid("-1", &nsid), -EINVAL);
	assert_int_equal(nstrack_parse_nsid("", &nsid), -EINVAL);
	assert_int_equal(nstrack_parse_nsid("1e3", &nsid), -EINVAL);
}

static void help(void **state)
{
	static int (*const fns[])(struct nstrack_opts *, int, char **) = {
		cmd_add, cmd_attach, cmd_del, cmd_exec, cmd_identify,
		cmd_pids, cmd_set, cmd_listid,
	};
	static const char *const names[] = {
		"add", "attach", "del", "exec", "identify", "pids", "set",
		"list-id",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		char a0[16], a1[] = "--help";
		char *argv[] = { a0, a1, NULL }, *out;
		char usage[64];
		int status;

		strcpy(a0, names[i]);
		test_err_start();
		out = run_capturing_stdout(fns[i], 2, argv, &status);
		assert_int_equal(status, 0);
		assert_string_equal(test_err_text(), "");
		snprintf(usage, sizeof(usage), "Usage: nstrack ");
		assert_memory_equal(out, usage, strlen(usage));
		assert_non_null(strstr(out, names[i]));
		test_err_stop();
		free(out);
	}
}

/* ---- on a directory of our own ---- */

struct fixture {
	char dir[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/nstrack-manage-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	*state = f;
	test_err_start();
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int ret = test_rmtree_mounts(f->dir);

	test_err_stop();
	free(f);
	return ret ? -1 : 0;
}

static void in_dir(const struct fixture *f, const char *name, char *path)
{
	snprintf(path, PATH_MAX, "%s/%s", f->dir, name);
}

/* our namespace gets the name: a bind mount of its nsfs file (root) */
static void bind_self(const struct fixture *f, const char *name)
{
	char path[PATH_MAX];
	int fd;

	in_dir(f, name, path);
	fd = open(path, O_CREAT | O_RDONLY, 0);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(mount("/proc/self/ns/net", path, "none", MS_BIND,
			       NULL), 0);
}

static char *run_identify(const struct fixture *f, bool json, const char *pid)
{
	struct nstrack_opts o = { .json = json };
	struct out out;
	char *text;

	out_open(&out);
	assert_int_equal(nstrack_identify_run(&o, pid, f->dir, out.f), 0);
	text = strdup(out_text(&out));
	out_close(&out);
	return text;
}

static void identify_names(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX], pid[16], *text;

	/* symlinks and files are not names */
	in_dir(f, "link", path);
	assert_int_equal(symlink("/proc/self/ns/net", path), 0);
	in_dir(f, "file", path);
	assert_true(mknod(path, S_IFREG | 0600, 0) == 0);

	text = run_identify(f, false, NULL);
	assert_string_equal(text, "");
	free(text);
	text = run_identify(f, true, NULL);
	assert_string_equal(text, "[]\n");
	free(text);
	assert_string_equal(test_err_text(), "");

	if (geteuid() != 0)
		skip();
	/* every name, sorted, for us and for our pid */
	bind_self(f, "zeta");
	bind_self(f, "alpha");
	bind_self(f, "mid dle");
	text = run_identify(f, false, NULL);
	assert_string_equal(text, "alpha\nmid dle\nzeta\n");
	free(text);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	text = run_identify(f, true, pid);
	assert_string_equal(text, "[\"alpha\",\"mid dle\",\"zeta\"]\n");
	free(text);
	assert_string_equal(test_err_text(), "");
}

static void pids_of_our_namespace(void **state)
{
	struct fixture *f = *state;
	struct nstrack_opts text = { 0 }, js = { .json = true };
	char path[PATH_MAX], line[32], *lines;
	json_t *arr, *v;
	struct out out;
	size_t i;
	bool found = false;

	/* the name "self" opens our namespace (open follows symlinks) */
	in_dir(f, "self", path);
	assert_int_equal(symlink("/proc/self/ns/net", path), 0);

	out_open(&out);
	assert_int_equal(nstrack_pids_run(&text, "self", f->dir, "/proc",
					  out.f), 0);
	/* one pid a line: ours among them */
	assert_true(asprintf(&lines, "\n%s", out_text(&out)) > 0);
	snprintf(line, sizeof(line), "\n%d\n", (int)getpid());
	assert_non_null(strstr(lines, line));
	free(lines);
	out_close(&out);

	out_open(&out);
	assert_int_equal(nstrack_pids_run(&js, "self", f->dir, "/proc", out.f),
			 0);
	arr = json_loads(out_text(&out), 0, NULL);
	assert_non_null(arr);
	assert_true(json_is_array(arr));
	json_array_foreach(arr, i, v) {
		json_t *tids = json_object_get(v, "tids");

		assert_int_equal(json_object_size(v), 2);
		assert_true(json_is_array(tids));
		assert_true(json_array_size(tids) >= 1);
		if (json_integer_value(json_object_get(v, "pid")) != getpid())
			continue;
		found = true;
		assert_int_equal(json_array_size(tids), 1);
		assert_int_equal(json_integer_value(json_array_get(tids, 0)),
				 getpid());
	}
	assert_true(found);
	json_decref(arr);
	out_close(&out);
	assert_string_equal(test_err_text(), "");

	/* an unreadable proc: one error line, no output */
	out_open(&out);
	assert_int_equal(nstrack_pids_run(&js, "self", f->dir,
					  "/nonexistent-proc", out.f), 1);
	assert_string_equal(out_text(&out), "");
	out_close(&out);
	assert_string_equal(test_err_text(),
			    "nstrack: pids: cannot read /nonexistent-proc: No such file or directory\n");
}

static void exec_all(void **state)
{
	struct fixture *f = *state;
	char *cmd_true[] = { (char *)"true", NULL };
	char *cmd_exit3[] = { (char *)"sh", (char *)"-c", (char *)"exit 3",
			      NULL };
	char *cmd_kill[] = { (char *)"sh", (char *)"-c",
			     (char *)"kill -TERM $$", NULL };
	char *cmd_none[] = { (char *)"/nonexistent/nstrack-cmd", NULL };
	char path[PATH_MAX];
	struct out out;
	int fd;

	/* no names: nothing runs */
	out_open(&out);
	assert_int_equal(nstrack_exec_all(f->dir, cmd_true, out.f), 0);
	assert_string_equal(out_text(&out), "");
	out_close(&out);

	/* files that are not namespaces: each fails (125), headers printed */
	in_dir(f, "b", path);
	fd = open(path, O_CREAT | O_RDONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	in_dir(f, "a", path);
	fd = open(path, O_CREAT | O_RDONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	out_open(&out);
	assert_int_equal(nstrack_exec_all(f->dir, cmd_true, out.f), 125);
	assert_string_equal(out_text(&out), "\nnetns: a\n\nnetns: b\n");
	out_close(&out);
	assert_int_equal(unlink(path), 0);

	if (geteuid() != 0)
		skip();
	/* our own namespace under a name: the commands really run */
	in_dir(f, "b", path);
	assert_int_equal(unlink(path), 0);
	bind_self(f, "n1");
	bind_self(f, "n2");
	out_open(&out);
	assert_int_equal(nstrack_exec_all(f->dir, cmd_true, out.f), 0);
	assert_string_equal(out_text(&out), "\nnetns: n1\n\nnetns: n2\n");
	out_close(&out);
	out_open(&out);
	assert_int_equal(nstrack_exec_all(f->dir, cmd_exit3, out.f), 3);
	out_close(&out);
	out_open(&out);
	assert_int_equal(nstrack_exec_all(f->dir, cmd_kill, out.f), 128 + 15);
	out_close(&out);
	out_open(&out);
	assert_int_equal(nstrack_exec_all(f->dir, cmd_none, out.f), 127);
	out_close(&out);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_errors),
		cmocka_unit_test(del_errors),
		cmocka_unit_test(attach_errors),
		cmocka_unit_test(exec_errors),
		cmocka_unit_test(identify_errors),
		cmocka_unit_test(pids_errors),
		cmocka_unit_test(set_and_listid_errors),
		cmocka_unit_test(numbers),
		cmocka_unit_test(help),
		T(identify_names),
		T(pids_of_our_namespace),
		T(exec_all),
	};
#undef T

	return cmocka_run_group_tests_name("manage", tests, NULL, NULL);
}
