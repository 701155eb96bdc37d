// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: running out of memory, and the other failures of the
 * output path, the name table and the /proc scans.  Every allocation the
 * tool makes (malloc, calloc, realloc, strdup, and jansson's through
 * json_set_alloc_funcs()) counts as one; a sweep fails the first, then the
 * second, ... until the code under test gets through without meeting the
 * failure, and checks each time that it failed cleanly: the exact error,
 * no partial output, nothing leaked (ASan, valgrind).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
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
#include <jansson.h>

#include "cmd.h"
#include "dev.h"
#include "event.h"
#include "fake.h"
#include "fake_sys.h"
#include "holders.h"
#include "names.h"
#include "output.h"
#include "print.h"
#include "sockets.h"
#include "tasks.h"
#include "testutil.h"
#include "util.h"

/* ---- the seams ---- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
int __real_stat(const char *path, struct stat *st);
DIR *__real_opendir(const char *path);

void *__wrap_malloc(size_t size)
{
	return fsys_failing("alloc") ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fsys_failing("alloc") ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return fsys_failing("alloc") ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
	return fsys_failing("alloc") ? NULL : __real_strdup(s);
}

static void *json_alloc(size_t size)
{
	return fsys_failing("alloc") ? NULL : __real_malloc(size);
}

int __wrap_stat(const char *path, struct stat *st)
{
	return fsys_failing("stat") ? -1 : __real_stat(path, st);
}

DIR *__wrap_opendir(const char *path)
{
	return fsys_failing("opendir") ? NULL : __real_opendir(path);
}

static int setup(void **state)
{
	(void)state;
	fsys_reset();
	test_err_start();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fsys_reset();
	test_err_stop();
	return 0;
}

/* ---- the data printed ---- */

static struct nstrack_name name_v[] = {
	{ 4026532281u, "blue" },
	{ 4026532281u, "cyan" },
	{ 4026532300u, "red" },
};
static const struct nstrack_names names = { name_v, 3 };

static void records(struct nstrack_netns v[3])
{
	test_full_record(&v[0]);
	test_full_record(&v[1]);
	v[1].cookie = 7;
	v[1].inode = 4026532300u;
	v[1].state = NSTRACK_NETNS_STATE_ALIVE;
	test_full_record(&v[2]);
	v[2].cookie = 9;
	v[2].has_creator = false;
}

static int run_list(FILE *out, bool json)
{
	struct nstrack_netns v[3];

	records(v);
	print_init(out, json, false);
	return nstrack_cmd_end_output(nstrack_print_list(v, 3, &names,
							 1000000000000ULL));
}

static void devices(struct nstrack_dev v[2])
{
	memset(v, 0, 2 * sizeof(*v));
	v[0].netns_cookie = 0x0123456789abcdefULL;
	v[0].netns_inode = 4026532281u;
	v[0].ifindex = 2;
	strcpy(v[0].name, "eth0");
	strcpy(v[0].kind, "veth");
	v[0].addr_len = 6;
	v[0].addr[0] = 2;
	v[1] = v[0];
	v[1].ifindex = 1;
	strcpy(v[1].name, "lo");
	v[1].kind[0] = '\0';
}

static int run_devices(FILE *out, bool json)
{
	struct nstrack_dev v[2];

	devices(v);
	print_init(out, json, false);
	return nstrack_cmd_end_output(nstrack_print_devices(v, 2, &names));
}

static int run_sockets(FILE *out, bool json)
{
	struct nstrack_proto_count p[2] = { { "TCP", 3 }, { "UDP", 1 } };
	struct nstrack_netns_sockets v[2];

	memset(v, 0, sizeof(v));
	v[0].cookie = 5;
	v[0].inode = 4026532281u;
	v[0].s.total = 4;
	v[0].s.protos = p;
	v[0].s.nprotos = 2;
	v[1].cookie = 7;
	v[1].inode = 4026532300u;
	v[1].s.total = 1;
	v[1].s.has_tcp_time_wait = true;
	v[1].s.tcp_time_wait = 2;
	v[1].s.protos = p + 1;
	v[1].s.nprotos = 1;
	print_init(out, json, false);
	return nstrack_cmd_end_output(nstrack_print_sockets(v, 2, &names));
}

static int run_history(FILE *out, bool json)
{
	struct nstrack_netns ns[3];
	struct nstrack_netns_ctx ctx = { ns, 3, &names };
	struct nstrack_event ev[2];

	records(ns);
	nstrack_netns_sort_by_cookie(ns, 3);
	memset(ev, 0, sizeof(ev));
	ev[0].seq = 1;
	ev[0].time_ns = 5000;
	ev[0].type = NSTRACK_EVENT_NETNS_NEW;
	ev[0].has_task = true;
	ev[0].task_pid = 42;
	strcpy(ev[0].task_comm, "ip");
	ev[0].netns.cookie = 7;
	ev[0].netns.inode = 4026532300u;
	ev[1] = ev[0];
	ev[1].seq = 2;
	ev[1].type = NSTRACK_EVENT_NETNS_EXIT;
	print_init(out, json, false);
	return nstrack_cmd_end_output(nstrack_print_history(ev, 2, &ctx));
}

/*
 * Fail allocation 1, 2, ... of run() until it goes through.  Each run
 * either fails cleanly (status < 0, exactly "out of memory", no output at
 * all) or recovers (a JSON string that cannot be made is tried again as
 * plain ASCII): then it must print exactly what a run without failure
 * prints.  Returns the number of allocations a run makes.
 */
static unsigned int sweep(int (*run)(FILE *out, bool json), bool json)
{
	unsigned int k, failed = 0;
	struct out ref;

	out_open(&ref);
	fsys_reset();
	assert_int_equal(run(ref.f, json), 0);
	assert_true(strlen(out_text(&ref)) > 0);
	for (k = 1;; k++) {
		struct out o;
		int ret;

		out_open(&o);
		fsys_reset();
		fsys_fail("alloc", k, ENOMEM);
		test_err_start();
		ret = run(o.f, json);
		if (fsys_calls("alloc") < k) {
			out_close(&o);
			break;
		}
		if (ret < 0 &&
		    !strcmp(test_err_text(), "nstrack: out of memory\n") &&
		    !strcmp(out_text(&o), ""))
			failed++;
		else if (ret || strcmp(test_err_text(), "") ||
			 strcmp(out_text(&o), out_text(&ref)))
			fail_msg("allocation %u failed: status %d, error \"%s\", output \"%s\"",
				 k, ret, test_err_text(), out_text(&o));
		out_close(&o);
	}
	out_close(&ref);
	assert_true(failed > 0);
	return k - 1;
}

static void out_of_memory_list(void **state)
{
	(void)state;
	sweep(run_list, false);
	sweep(run_list, true);
}

static void out_of_memory_devices(void **state)
{
	(void)state;
	sweep(run_devices, false);
	sweep(run_devices, true);
}

static void out_of_memory_sockets(void **state)
{
	(void)state;
	sweep(run_sockets, false);
	sweep(run_sockets, true);
}

static void out_of_memory_history(void **state)
{
	(void)state;
	sweep(run_history, false);
	sweep(run_history, true);
}

/* ---- the printer itself ---- */

/* text: one string, made safe in a copy first */
static int run_text_string(FILE *out, bool json)
{
	print_init(out, json, false);
	print_string("s", "%s\n", "plain");
	return nstrack_cmd_finish_output() ? -ENOMEM : 0;
}

/* JSON: an array that has to grow */
static int run_long_array(FILE *out, bool json)
{
	uint64_t i;

	print_init(out, json, false);
	print_open_array(NULL);
	for (i = 0; i < 40; i++)
		print_u64(NULL, "%" PRIu64 "\n", i);
	print_close_array();
	return nstrack_cmd_finish_output() ? -ENOMEM : 0;
}

/*
 * JSON: a key longer than the first block of the document, so that the
 * write of a key is what runs out of memory, which jansson does not check
 */
static int run_long_key(FILE *out, bool json)
{
	char key[5000];

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	print_init(out, json, false);
	print_open_object(NULL);
	print_u64(key, "%" PRIu64 "\n", 1);
	print_u64("b", "%" PRIu64 "\n", 2);
	print_close_object();
	return nstrack_cmd_finish_output() ? -ENOMEM : 0;
}

static void out_of_memory_printer(void **state)
{
	(void)state;
	sweep(run_text_string, false);
	sweep(run_long_array, true);
	sweep(run_long_key, true);
}

static void nesting_too_deep(void **state)
{
	struct out o;
	int i;

	(void)state;
	out_open(&o);
	print_init(o.f, true, false);
	for (i = 0; i < 17; i++)
		print_open_array(NULL);
	for (i = 0; i < 17; i++)
		print_close_array();
	assert_int_equal(print_finish(), -EINVAL);
	assert_string_equal(out_text(&o), "");
	out_close(&o);
}

static void write_error(void **state)
{
	FILE *full = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(full);
	print_init(full, true, false);
	print_open_object(NULL);
	print_u64("n", "%" PRIu64, 1);
	print_close_object();
	assert_int_equal(nstrack_cmd_finish_output(), 1);
	assert_string_equal(test_err_text(),
			    "nstrack: error writing output: No space left on device\n");
	test_err_start();

	print_init(full, false, false);
	print_text("%s\n", "text");
	assert_int_equal(nstrack_cmd_end_output(0), -EIO);
	assert_string_equal(test_err_text(),
			    "nstrack: error writing output: No space left on device\n");
	fclose(full);
}

/* ---- names under /run/netns ---- */

struct tree {
	char dir[64];
};

static void tree_make(struct tree *t)
{
	strcpy(t->dir, "/tmp/nstrack-alloc-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
}

static void tree_remove(struct tree *t)
{
	assert_int_equal(test_rmtree(t->dir), 0);
}

static void put_file(const char *text, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void put_file(const char *text, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void out_of_memory_names(void **state)
{
	struct nstrack_names m;
	struct tree t;
	struct stat st;
	unsigned int k;
	int i, ret;

	(void)state;
	tree_make(&t);
	/* 10 names: the table grows (8 first) */
	for (i = 0; i < 10; i++)
		put_file("", "%s/n%d", t.dir, i);
	assert_int_equal(stat(t.dir, &st), 0);
	for (k = 1;; k++) {
		fsys_reset();
		fsys_fail("alloc", k, ENOMEM);
		ret = nstrack_names_scan(&m, t.dir, st.st_dev);
		if (fsys_calls("alloc") < k) {
			assert_int_equal(ret, 0);
			assert_int_equal(m.n, 10);
			nstrack_names_free(&m);
			break;
		}
		assert_int_equal(ret, -ENOMEM);
		assert_null(m.v);
		assert_int_equal(m.n, 0);
	}
	assert_true(k > 10);
	tree_remove(&t);
}

static void names_unreadable(void **state)
{
	struct nstrack_names m;

	(void)state;
	fsys_fail("stat", 1, EACCES);
	assert_int_equal(nstrack_names_load(&m, "/nonexistent"), -EACCES);
	assert_string_equal(test_err_text(),
			    "nstrack: /proc/self/ns/net: Permission denied\n");
	assert_int_equal(fsys_calls("opendir"), 0);
	test_err_start();

	fsys_fail("opendir", 1, EACCES);
	assert_int_equal(nstrack_names_load(&m, "/run/netns"), -EACCES);
	assert_string_equal(test_err_text(),
			    "nstrack: /run/netns: Permission denied\n");
	assert_null(m.v);
	assert_int_equal(m.n, 0);
}

/* each command stops when the names cannot be read: no output */
static void commands_without_names(void **state)
{
	static const char *const what[] = { "list", "devices", "sockets",
					    "history" };
	struct nstrack_opts o = { 0 };
	void *nlp;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(what); i++) {
		struct nstrack_nl *nl;
		struct out out;
		int ret;

		assert_int_equal(fake_setup(&nlp), 0);
		nl = nlp;
		/* an empty dump for each request made */
		add_done(new_batch(), 0, 0, NULL);
		add_done(new_batch(), 0, 0, NULL);
		out_open(&out);
		fsys_reset();
		fsys_fail("opendir", 1, EACCES);
		if (i == 0)
			ret = nstrack_list_run(nl, &o, "/run/netns", out.f);
		else if (i == 1)
			ret = nstrack_devices_run(nl, &o, NULL, NULL,
						  "/run/netns", out.f);
		else if (i == 2)
			ret = nstrack_sockets_run(nl, &o, NULL, NULL,
						  "/run/netns", out.f);
		else
			ret = nstrack_history_run(nl, &o, NULL, NULL, NULL,
						  "/run/netns", out.f);
		assert_int_equal(ret, 1);
		assert_string_equal(test_err_text(),
				    "nstrack: /run/netns: Permission denied\n");
		assert_string_equal(out_text(&out), "");
		assert_int_equal(fsys_calls("opendir"), 1);
		out_close(&out);
		fake_teardown(&nlp);
		test_err_start();
	}
}

/* ---- /proc scans ---- */

static void mkdirs(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
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

static void link_to(const char *target, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void link_to(const char *target, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	assert_int_equal(symlink(target, path), 0);
}

/*
 * A made-up /proc: an ordinary file plays the namespace; processes 10..14
 * have 2 threads in it, a descriptor of it and a mount of it each, and
 * process 10 four threads more (more than the first block of thread ids).
 */
static void fake_proc(struct tree *t, struct stat *st)
{
	char ns[PATH_MAX], mnt[PATH_MAX], mi[256];
	int pid, tid;

	tree_make(t);
	snprintf(ns, sizeof(ns), "%s/ns", t->dir);
	put_file("", "%s", ns);
	assert_int_equal(stat(ns, st), 0);
	snprintf(mi, sizeof(mi),
		 "612 28 0:4 net:[%llu] /run/netns/n%%d rw shared:5 - nsfs nsfs rw\n",
		 (unsigned long long)st->st_ino);
	for (pid = 10; pid < 15; pid++) {
		char line[256];

		mkdirs("%s/proc/%d/task/%d/ns", t->dir, pid, pid);
		mkdirs("%s/proc/%d/task/%d/ns", t->dir, pid, pid + 100);
		mkdirs("%s/proc/%d/fd", t->dir, pid);
		mkdirs("%s/proc/%d/ns", t->dir, pid);
		put_file("x\n", "%s/proc/%d/comm", t->dir, pid);
		put_file("x\n", "%s/proc/%d/task/%d/comm", t->dir, pid, pid);
		link_to(ns, "%s/proc/%d/task/%d/ns/net", t->dir, pid, pid);
		link_to(ns, "%s/proc/%d/task/%d/ns/net", t->dir, pid, pid + 100);
		for (tid = pid + 101; pid == 10 && tid < pid + 105; tid++) {
			mkdirs("%s/proc/%d/task/%d/ns", t->dir, pid, tid);
			link_to(ns, "%s/proc/%d/task/%d/ns/net", t->dir, pid,
				tid);
		}
		link_to(ns, "%s/proc/%d/ns/net", t->dir, pid);
		link_to(ns, "%s/proc/%d/fd/3", t->dir, pid);
		/* a mount namespace of its own */
		snprintf(mnt, sizeof(mnt), "%s/mnt%d", t->dir, pid);
		put_file("", "%s", mnt);
		link_to(mnt, "%s/proc/%d/ns/mnt", t->dir, pid);
		snprintf(line, sizeof(line), mi, pid);
		put_file(line, "%s/proc/%d/mountinfo", t->dir, pid);
	}
}

static void out_of_memory_holders(void **state)
{
	struct nstrack_holders h;
	char proc[PATH_MAX];
	struct stat st;
	struct tree t;
	unsigned int k;
	int ret;

	(void)state;
	fake_proc(&t, &st);
	snprintf(proc, sizeof(proc), "%s/proc", t.dir);
	for (k = 1;; k++) {
		memset(&h, 0, sizeof(h));
		fsys_reset();
		fsys_fail("alloc", k, ENOMEM);
		ret = nstrack_holders_scan(proc, st.st_dev, st.st_ino, 1, &h);
		if (fsys_calls("alloc") < k) {
			assert_int_equal(ret, 0);
			assert_int_equal(h.ntasks, 14);
			assert_int_equal(h.nfds, 5);
			assert_int_equal(h.nmounts, 5);
			nstrack_holders_free(&h);
			break;
		}
		assert_int_equal(ret, -ENOMEM);
		nstrack_holders_free(&h);
	}
	assert_true(k > 5);
	tree_remove(&t);
}

static void out_of_memory_tasks(void **state)
{
	struct nstrack_tasks tk;
	char proc[PATH_MAX];
	struct stat st;
	struct tree t;
	unsigned int k;
	int ret;

	(void)state;
	fake_proc(&t, &st);
	snprintf(proc, sizeof(proc), "%s/proc", t.dir);
	for (k = 1;; k++) {
		fsys_reset();
		fsys_fail("alloc", k, ENOMEM);
		ret = nstrack_tasks_in_netns(&tk, proc, st.st_dev, st.st_ino);
		if (fsys_calls("alloc") < k) {
			assert_int_equal(ret, 0);
			assert_int_equal(tk.n, 5);
			nstrack_tasks_free(&tk);
			break;
		}
		assert_int_equal(ret, -ENOMEM);
		assert_null(tk.v);
		assert_int_equal(tk.n, 0);
	}
	assert_true(k > 5);
	tree_remove(&t);
}

/* a mount line for the namespace whose mount point field is cut off */
static void mountinfo_malformed(void **state)
{
	char path[64] = "untouched";

	(void)state;
	assert_int_equal(nstrack_mountinfo_netns("612 28 0:4 net:[7] - nsfs nsfs rw",
						 7, path, sizeof(path)),
			 -EINVAL);
	assert_int_equal(nstrack_mountinfo_netns("612 28 0:4 net:[7]  - nsfs nsfs rw",
						 7, path, sizeof(path)),
			 -EINVAL);
	assert_string_equal(path, "untouched");
}

/* ---- socket counts ---- */

static void out_of_memory_socket_protos(void **state)
{
	union test_buf buf;
	struct nstrack_sockets s;
	struct nlmsghdr *nlh;
	struct nlattr *nest, *p;

	(void)state;
	nlh = test_put_reply_header(buf.b, 0);
	nest = mnl_attr_nest_start(nlh, NSTRACK_A_NETNS_SOCKETS);
	mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, 3);
	p = mnl_attr_nest_start(nlh, NSTRACK_A_SOCKETS_PROTO);
	mnl_attr_put_strz(nlh, NSTRACK_A_PROTO_NAME, "TCP");
	mnl_attr_put_u32(nlh, NSTRACK_A_PROTO_INUSE, 3);
	mnl_attr_nest_end(nlh, p);
	mnl_attr_nest_end(nlh, nest);

	memset(&s, 0xff, sizeof(s));
	fsys_fail("alloc", 1, ENOMEM);
	assert_int_equal(nstrack_sockets_parse_nest(nest, true, &s), -ENOMEM);
	assert_null(s.protos);
	assert_int_equal(s.nprotos, 0);
	assert_int_equal(s.total, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(out_of_memory_list),
		T(out_of_memory_devices),
		T(out_of_memory_sockets),
		T(out_of_memory_history),
		T(out_of_memory_printer),
		T(nesting_too_deep),
		T(write_error),
		T(out_of_memory_names),
		T(names_unreadable),
		T(commands_without_names),
		T(out_of_memory_holders),
		T(out_of_memory_tasks),
		T(mountinfo_malformed),
		T(out_of_memory_socket_protos),
	};

	json_set_alloc_funcs(json_alloc, free);
	return cmocka_run_group_tests_name("errors_alloc", tests, NULL, NULL);
}
