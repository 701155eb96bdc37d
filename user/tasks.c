// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - find the tasks of a network namespace under /proc.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tasks.h"

/* a /proc entry that is a pid: plain decimal, 1..INT_MAX; else 0 */
static int entry_id(const char *s)
{
	long v = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return 0;
	}
	return (int)v;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int task_cmp(const void *a, const void *b)
{
	const struct nstrack_task *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

void nstrack_tasks_free(struct nstrack_tasks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].tids);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/*
 * The threads of process pid (its directory open as procfd/PID) that are
 * in the namespace, into *tids.  0 (possibly none) or -ENOMEM; a process
 * that cannot be read has none.
 */
static int scan_threads(int procfd, const char *pid, dev_t dev, ino_t ino,
			int **tids, size_t *n)
{
	size_t cap = 0;
	struct dirent *de;
	char path[NAME_MAX + 16];
	int fd, *nv;
	DIR *d;

	*tids = NULL;
	*n = 0;
	snprintf(path, sizeof(path), "%s/task", pid);
	fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		int tid = entry_id(de->d_name);
		struct stat st;

		if (!tid)
			continue;
		snprintf(path, sizeof(path), "%s/ns/net", de->d_name);
		/* follows the link to the namespace's nsfs inode */
		if (fstatat(dirfd(d), path, &st, 0) < 0 || st.st_dev != dev ||
		    st.st_ino != ino)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			nv = realloc(*tids, cap * sizeof(*nv));
			if (!nv) {
				closedir(d);
				free(*tids);
				*tids = NULL;
				*n = 0;
				return -ENOMEM;
			}
			*tids = nv;
		}
		(*tids)[(*n)++] = tid;
	}
	closedir(d);
	if (*n > 1)
		qsort(*tids, *n, sizeof(**tids), int_cmp);
	return 0;
}

int nstrack_tasks_in_netns(struct nstrack_tasks *t, const char *proc_dir,
			   dev_t dev, ino_t ino)
{
	struct nstrack_task *nv;
	struct dirent *de;
	size_t cap = 0;
	int err = 0;
	DIR *d;

	t->v = NULL;
	t->n = 0;
	d = opendir(proc_dir);
	if (!d)
		return -errno;
	for (;;) {
		int pid, *tids;
		size_t ntids;

		errno = 0;
		de = readdir(d);
		if (!de) {
			err = -errno;
			break;
		}
		pid = entry_id(de->d_name);
		if (!pid)
			continue;
		err = scan_threads(dirfd(d), de->d_name, dev, ino, &tids,
				   &ntids);
		if (err)
			break;
		if (!ntids)
			continue;
		if (t->n == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(t->v, cap * sizeof(*nv));
			if (!nv) {
				free(tids);
				err = -ENOMEM;
				break;
			}
			t->v = nv;
		}
		t->v[t->n].pid = pid;
		t->v[t->n].tids = tids;
		t->v[t->n].ntids = ntids;
		t->n++;
	}
	closedir(d);
	if (err) {
		nstrack_tasks_free(t);
		return err;
	}
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), task_cmp);
	return 0;
}
