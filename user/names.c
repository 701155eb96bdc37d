// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - map nsfs inodes to their names under /run/netns.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "names.h"
#include "util.h"

static int name_cmp(const void *a, const void *b)
{
	const struct nstrack_name *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return strcmp(x->name, y->name);
}

void nstrack_names_free(struct nstrack_names *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].name);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static int names_add(struct nstrack_names *m, size_t *cap, uint64_t ino,
		     const char *name)
{
	char *copy;

	if (m->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct nstrack_name *nv = realloc(m->v, ncap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		m->v = nv;
		*cap = ncap;
	}
	copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	m->v[m->n].ino = ino;
	m->v[m->n].name = copy;
	m->n++;
	return 0;
}

int nstrack_names_scan(struct nstrack_names *m, const char *dir,
		       dev_t nsfs_dev)
{
	struct dirent *de;
	size_t cap = 0;
	int err = 0;
	DIR *d;

	m->v = NULL;
	m->n = 0;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;

	for (;;) {
		struct stat st;

		errno = 0;
		de = readdir(d);
		if (!de) {
			err = -errno;
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;	/* removed meanwhile, or unreadable */
		if (st.st_dev != nsfs_dev)
			continue;	/* not (or no longer) a bind mount */
		err = names_add(m, &cap, (uint64_t)st.st_ino, de->d_name);
		if (err)
			break;
	}
	closedir(d);

	if (err) {
		nstrack_names_free(m);
		return err;
	}
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(*m->v), name_cmp);
	return 0;
}

int nstrack_names_load(struct nstrack_names *m, const char *dir)
{
	struct stat st;
	int err;

	m->v = NULL;
	m->n = 0;
	if (stat("/proc/self/ns/net", &st) < 0) {
		err = -errno;
		nstrack_err("/proc/self/ns/net: %s", strerror(-err));
		return err;
	}
	err = nstrack_names_scan(m, dir, st.st_dev);
	if (err)
		nstrack_err("%s: %s", dir, strerror(-err));
	return err;
}

size_t nstrack_names_find(const struct nstrack_names *m, uint64_t ino,
			  size_t *first)
{
	size_t lo = 0, hi = m->n, n = 0;

	/* lower bound of ino */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->v[mid].ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < m->n && m->v[lo + n].ino == ino)
		n++;
	return n;
}
