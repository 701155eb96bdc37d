// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the tasks of a namespace (user/tasks.c), on a made-up /proc
 * where each task/TID/ns/net is a symlink to one of two files standing in
 * for namespaces, and on the real /proc with a thread of our own.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "tasks.h"
#include "testutil.h"

struct fixture {
	char dir[64];
	struct stat a, b;	/* the two "namespaces" */
};

static void path_in(const struct fixture *f, const char *rel, char *out)
{
	snprintf(out, PATH_MAX, "%s/%s", f->dir, rel);
}

static void mkdirs(const struct fixture *f, const char *rel)
{
	char path[PATH_MAX], *p;

	path_in(f, rel, path);
	for (p = path + strlen(f->dir) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
}

/* proc/PID/task/TID/ns/net -> the file ns ("a" or "b", or junk) */
static void thread_in(const struct fixture *f, int pid, int tid,
		      const char *ns)
{
	char rel[128], path[PATH_MAX], target[PATH_MAX];

	snprintf(rel, sizeof(rel), "proc/%d/task/%d/ns", pid, tid);
	mkdirs(f, rel);
	snprintf(rel, sizeof(rel), "proc/%d/task/%d/ns/net", pid, tid);
	path_in(f, rel, path);
	path_in(f, ns, target);
	assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char path[PATH_MAX];
	int fd;

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/nstrack-tasks-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	path_in(f, "a", path);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	if (fd < 0 || fstat(fd, &f->a) < 0)
		return -1;
	close(fd);
	path_in(f, "b", path);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	if (fd < 0 || fstat(fd, &f->b) < 0)
		return -1;
	close(fd);
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

static void made_up_proc(void **state)
{
	struct fixture *f = *state;
	struct nstrack_tasks t = { 0 };
	char proc[PATH_MAX], path[PATH_MAX];

	/* 300: all in b, listed out of order */
	thread_in(f, 300, 300, "b");
	thread_in(f, 300, 302, "b");
	thread_in(f, 300, 301, "b");
	/* 100: leader in a, one thread moved to b (setns) */
	thread_in(f, 100, 100, "a");
	thread_in(f, 100, 105, "b");
	thread_in(f, 100, 103, "a");
	/* 200: all in a */
	thread_in(f, 200, 200, "a");
	/* 250: a zombie thread (no ns link) and one in b */
	mkdirs(f, "proc/250/task/250");
	thread_in(f, 250, 251, "b");
	/* 260: no task directory at all */
	mkdirs(f, "proc/260");
	/* 270: a link to nothing */
	thread_in(f, 270, 270, "gone");
	/* not pids */
	mkdirs(f, "proc/self/task/1/ns");
	mkdirs(f, "proc/sys");
	mkdirs(f, "proc/12a");
	mkdirs(f, "proc/0");
	mkdirs(f, "proc/99999999999");
	thread_in(f, 300, 0, "b");	/* tid 0 is no thread */
	path_in(f, "proc/300/task/x1", path);
	assert_int_equal(mkdir(path, 0755), 0);

	path_in(f, "proc", proc);
	assert_int_equal(nstrack_tasks_in_netns(&t, proc, f->b.st_dev,
						f->b.st_ino), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.v[0].pid, 100);
	assert_int_equal(t.v[0].ntids, 1);
	assert_int_equal(t.v[0].tids[0], 105);
	assert_int_equal(t.v[1].pid, 250);
	assert_int_equal(t.v[1].ntids, 1);
	assert_int_equal(t.v[1].tids[0], 251);
	assert_int_equal(t.v[2].pid, 300);
	assert_int_equal(t.v[2].ntids, 3);
	assert_int_equal(t.v[2].tids[0], 300);
	assert_int_equal(t.v[2].tids[1], 301);
	assert_int_equal(t.v[2].tids[2], 302);
	nstrack_tasks_free(&t);
	assert_int_equal(t.n, 0);
	assert_null(t.v);

	assert_int_equal(nstrack_tasks_in_netns(&t, proc, f->a.st_dev,
						f->a.st_ino), 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.v[0].pid, 100);
	assert_int_equal(t.v[0].ntids, 2);
	assert_int_equal(t.v[0].tids[0], 100);
	assert_int_equal(t.v[0].tids[1], 103);
	assert_int_equal(t.v[1].pid, 200);
	nstrack_tasks_free(&t);

	/* another device: nothing, even with the same inode */
	assert_int_equal(nstrack_tasks_in_netns(&t, proc, f->a.st_dev + 1,
						f->a.st_ino), 0);
	assert_int_equal(t.n, 0);
	nstrack_tasks_free(&t);
}

static void unreadable_proc(void **state)
{
	struct fixture *f = *state;
	struct nstrack_tasks t = { 0 };
	char path[PATH_MAX];

	path_in(f, "nothing", path);
	assert_int_equal(nstrack_tasks_in_netns(&t, path, 0, 0), -ENOENT);
	assert_int_equal(t.n, 0);
	path_in(f, "a", path);
	assert_int_equal(nstrack_tasks_in_netns(&t, path, 0, 0), -ENOTDIR);
	assert_null(t.v);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int thread_tid;
static bool done;

static void *thread_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	thread_tid = (int)syscall(SYS_gettid);
	pthread_cond_broadcast(&cond);
	while (!done)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* We are in our namespace with both our threads. */
static void real_proc(void **state)
{
	struct nstrack_tasks t = { 0 };
	struct stat st;
	pthread_t th;
	size_t i;
	bool found = false;

	(void)state;
	assert_int_equal(pthread_create(&th, NULL, thread_main, NULL), 0);
	pthread_mutex_lock(&lock);
	while (!thread_tid)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);

	assert_int_equal(stat("/proc/self/ns/net", &st), 0);
	assert_int_equal(nstrack_tasks_in_netns(&t, "/proc", st.st_dev,
						st.st_ino), 0);
	for (i = 0; i < t.n; i++) {
		if (i)
			assert_true(t.v[i - 1].pid < t.v[i].pid);
		if (t.v[i].pid != getpid())
			continue;
		found = true;
		/* sorted: the thread's id may have wrapped below ours */
		assert_int_equal(t.v[i].ntids, 2);
		assert_true(t.v[i].tids[0] < t.v[i].tids[1]);
		assert_true((t.v[i].tids[0] == getpid() &&
			     t.v[i].tids[1] == thread_tid) ||
			    (t.v[i].tids[1] == getpid() &&
			     t.v[i].tids[0] == thread_tid));
	}
	assert_true(found);
	nstrack_tasks_free(&t);

	pthread_mutex_lock(&lock);
	done = true;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	assert_int_equal(pthread_join(th, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(made_up_proc, setup, teardown),
		cmocka_unit_test_setup_teardown(unreadable_proc, setup,
						teardown),
		cmocka_unit_test(real_proc),
	};

	return cmocka_run_group_tests_name("tasks", tests, NULL, NULL);
}
