// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - finding the holders of a network namespace through /proc.
 *
 * Tasks: /proc/PID/task/TID/ns/net of every thread.  Files: /proc/PID/fd/N
 * that are the namespace's nsfs file.  Mounts: one task per mount
 * namespace (told apart by /proc/PID/ns/mnt), its mountinfo read for nsfs
 * mounts of "net:[INODE]" — a bind mount made in another mount namespace
 * is invisible in ours.  Sockets: a socket descriptor is copied out of its
 * process (pidfd_getfd()) and asked for its namespace (SIOCGSKNS), which
 * needs the privilege to ptrace that process.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <linux/sockios.h>

#include "holders.h"

/* Grow *v (of *n elements of size sz) by one; NULL when out of memory. */
static void *push(void *vp, size_t *n, size_t sz)
{
	void **v = vp;
	void *nv;

	/* capacity 8, 16, 32...: full exactly when n is one of those */
	if (!*n || (*n >= 8 && !(*n & (*n - 1)))) {
		nv = realloc(*v, (*n ? *n * 2 : 8) * sz);
		if (!nv)
			return NULL;
		*v = nv;
	}
	return (char *)*v + (*n)++ * sz;
}

static bool is_pid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static void read_comm(const char *path, char *comm)
{
	FILE *f = fopen(path, "re");
	size_t len;

	comm[0] = '\0';
	if (!f)
		return;
	if (fgets(comm, NSTRACK_TASK_COMM_LEN, f)) {
		len = strlen(comm);
		if (len && comm[len - 1] == '\n')
			comm[len - 1] = '\0';
	}
	fclose(f);
}

static int scan_tasks(const char *proc, const char *pid, dev_t dev,
		      uint64_t ino, struct nstrack_holders *h)
{
	struct nstrack_holder_task *t;
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s/task", proc, pid);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (!is_pid(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s/task/%s/ns/net", proc, pid,
			 de->d_name);
		if (stat(path, &st) < 0 || st.st_dev != dev || st.st_ino != ino)
			continue;
		t = push(&h->tasks, &h->ntasks, sizeof(*t));
		if (!t) {
			closedir(d);
			return -ENOMEM;
		}
		t->pid = atoi(pid);
		t->tid = atoi(de->d_name);
		snprintf(path, sizeof(path), "%s/%s/task/%s", proc, pid,
			 de->d_name);
		t->uid = stat(path, &st) == 0 ? st.st_uid : (uid_t)-1;
		snprintf(path, sizeof(path), "%s/%s/task/%s/comm", proc, pid,
			 de->d_name);
		read_comm(path, t->comm);
	}
	closedir(d);
	return 0;
}

/*
 * The network namespace of socket descriptor fd of process pid, as an
 * nsfs inode; 0 if it cannot be asked.
 */
static uint64_t socket_netns(pid_t pid, int fd, dev_t dev)
{
	int pidfd, sfd, nsfd;
	uint64_t ino = 0;
	struct stat st;

	pidfd = pidfd_open(pid, 0);
	if (pidfd < 0)
		return 0;
	sfd = pidfd_getfd(pidfd, fd, 0);
	close(pidfd);
	if (sfd < 0)
		return 0;
	nsfd = ioctl(sfd, SIOCGSKNS);
	close(sfd);
	if (nsfd < 0)
		return 0;
	if (fstat(nsfd, &st) == 0 && st.st_dev == dev)
		ino = st.st_ino;
	close(nsfd);
	return ino;
}

static int scan_fds(const char *proc, const char *pid, dev_t dev,
		    uint64_t ino, struct nstrack_holders *h)
{
	struct nstrack_holder_fd *f;
	char path[PATH_MAX], comm[NSTRACK_TASK_COMM_LEN];
	struct dirent *de;
	struct stat st;
	uint64_t sk_ns;
	bool sock;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s/fd", proc, pid);
	d = opendir(path);
	if (!d)
		return 0;
	snprintf(path, sizeof(path), "%s/%s/comm", proc, pid);
	read_comm(path, comm);
	while ((de = readdir(d))) {
		if (!is_pid(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s/fd/%s", proc, pid,
			 de->d_name);
		if (stat(path, &st) < 0)
			continue;
		sock = S_ISSOCK(st.st_mode);
		if (sock) {
			sk_ns = socket_netns(atoi(pid), atoi(de->d_name), dev);
			if (!sk_ns) {
				h->sockets_unchecked++;
				continue;
			}
			if (sk_ns != ino)
				continue;
			f = push(&h->sockets, &h->nsockets, sizeof(*f));
		} else if (st.st_dev == dev && st.st_ino == ino) {
			f = push(&h->fds, &h->nfds, sizeof(*f));
		} else {
			continue;
		}
		if (!f) {
			closedir(d);
			return -ENOMEM;
		}
		f->pid = atoi(pid);
		f->fd = atoi(de->d_name);
		f->inode = sock ? st.st_ino : 0;
		memcpy(f->comm, comm, sizeof(f->comm));
	}
	closedir(d);
	return 0;
}

/* Undo mountinfo's octal escapes (\040 and the like) in place. */
static void unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
					(s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

int nstrack_mountinfo_netns(const char *line, uint64_t ino, char *path,
			    size_t len)
{
	char root[64], want[64];
	const char *p = line, *sep;
	size_t field_len;
	int i;

	/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE ... */
	sep = strstr(line, " - ");
	if (!sep)
		return -EINVAL;
	if (strncmp(sep + 3, "nsfs ", 5))
		return 0;
	for (i = 0; i < 3; i++) {
		p = strchr(p, ' ');
		if (!p || p > sep)
			return -EINVAL;
		p++;
	}
	field_len = strcspn(p, " ");
	if (field_len >= sizeof(root))
		return 0;	/* not a namespace's root: it is short */
	memcpy(root, p, field_len);
	root[field_len] = '\0';
	snprintf(want, sizeof(want), "net:[%" PRIu64 "]", ino);
	if (strcmp(root, want))
		return 0;

	p += field_len;
	if (*p != ' ')
		return -EINVAL;
	p++;
	field_len = strcspn(p, " ");
	if (!field_len || field_len >= len || p + field_len > sep)
		return -EINVAL;
	memcpy(path, p, field_len);
	path[field_len] = '\0';
	unescape(path);
	return 1;
}

static int scan_mountinfo(const char *proc, const char *pid, uint64_t mntns,
			  uint64_t ino, struct nstrack_holders *h)
{
	struct nstrack_holder_mount *m;
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	int err = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/mountinfo", proc, pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!err && getline(&line, &cap, f) > 0) {
		if (nstrack_mountinfo_netns(line, ino, path, sizeof(path)) != 1)
			continue;
		m = push(&h->mounts, &h->nmounts, sizeof(*m));
		if (!m) {
			err = -ENOMEM;
			break;
		}
		m->mntns = mntns;
		m->pid = atoi(pid);
		m->path = strdup(path);
		if (!m->path) {
			h->nmounts--;
			err = -ENOMEM;
		}
	}
	free(line);
	fclose(f);
	return err;
}

/* Mount namespaces already read, as a small sorted set. */
struct mntns_set {
	uint64_t *v;
	size_t n;
};

/* true if ino is new (and now added); false if seen, or out of memory */
static bool mntns_add(struct mntns_set *s, uint64_t ino, int *err)
{
	size_t i;
	uint64_t *slot;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == ino)
			return false;
	slot = push(&s->v, &s->n, sizeof(*slot));
	if (!slot) {
		*err = -ENOMEM;
		return false;
	}
	*slot = ino;
	return true;
}

int nstrack_holders_scan(const char *proc, dev_t dev, uint64_t ino,
			 pid_t self, struct nstrack_holders *h)
{
	struct mntns_set seen = { 0 };
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	int err = 0;
	DIR *d;

	memset(h, 0, sizeof(*h));
	d = opendir(proc);
	if (!d)
		return -errno;
	while (!err && (de = readdir(d))) {
		if (!is_pid(de->d_name) || atoi(de->d_name) == self)
			continue;
		err = scan_tasks(proc, de->d_name, dev, ino, h);
		if (!err)
			err = scan_fds(proc, de->d_name, dev, ino, h);
		if (err)
			break;
		snprintf(path, sizeof(path), "%s/%s/ns/mnt", proc, de->d_name);
		if (stat(path, &st) == 0 && mntns_add(&seen, st.st_ino, &err))
			err = scan_mountinfo(proc, de->d_name, st.st_ino, ino,
					     h);
	}
	closedir(d);
	free(seen.v);
	return err;
}

void nstrack_holders_free(struct nstrack_holders *h)
{
	size_t i;

	for (i = 0; i < h->nmounts; i++)
		free(h->mounts[i].path);
	free(h->tasks);
	free(h->fds);
	free(h->mounts);
	free(h->sockets);
	memset(h, 0, sizeof(*h));
}
