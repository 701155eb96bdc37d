// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - named network namespaces under /run/netns, as iproute2 keeps
 * them (see netnsdir.h for the contract).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "netnsdir.h"
#include "util.h"

/* room for a sanitised valid name */
#define SHOWN_MAX	(NAME_MAX + 1)

/* mounts stacked on one name that delete takes off, at most */
#define DELETE_MAX_MOUNTS	64

#define STR_(x)		#x
#define STR(x)		STR_(x)

enum nstrack_name_check nstrack_netns_name_check(const char *name)
{
	size_t len = strlen(name);

	if (!len)
		return NSTRACK_NAME_EMPTY;
	if (len > NAME_MAX)
		return NSTRACK_NAME_TOO_LONG;
	if (strchr(name, '/'))
		return NSTRACK_NAME_SLASH;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return NSTRACK_NAME_DOT;
	return NSTRACK_NAME_OK;
}

const char *nstrack_netns_name_problem(enum nstrack_name_check why)
{
	switch (why) {
	case NSTRACK_NAME_OK:
		return "valid";
	case NSTRACK_NAME_EMPTY:
		return "a name cannot be empty";
	case NSTRACK_NAME_TOO_LONG:
		return "longer than " STR(NAME_MAX) " bytes";
	case NSTRACK_NAME_SLASH:
		return "a name cannot contain '/'";
	case NSTRACK_NAME_DOT:
		return "'.' and '..' are not names";
	}
	return "invalid";
}

void nstrack_netns_name_shown(char *dst, size_t len, const char *name)
{
	nstrack_sanitize(dst, len, name);
	if (len > 4 && strlen(name) >= len)
		strcpy(dst + len - 4, "...");
}

int nstrack_netns_name_valid(const char *cmd, const char *name)
{
	enum nstrack_name_check why = nstrack_netns_name_check(name);
	char shown[64];

	if (why == NSTRACK_NAME_OK)
		return 0;
	nstrack_netns_name_shown(shown, sizeof(shown), name);
	nstrack_err("%s: invalid name '%s': %s", cmd, shown,
		    nstrack_netns_name_problem(why));
	return -EINVAL;
}

/* dir/name into path (PATH_MAX bytes), or one error line */
static int name_path(const char *cmd, const char *dir, const char *name,
		     char *path)
{
	if ((size_t)snprintf(path, PATH_MAX, "%s/%s", dir, name) < PATH_MAX)
		return 0;
	nstrack_err("%s: %s: path too long", cmd, dir);
	return -ENAMETOOLONG;
}

/*
 * dir as a mount point with shared propagation.  Not a mount point yet
 * (EINVAL): bind it on itself, make that private so that it leaves the
 * peer group of the mount it came from, and try again; sharing it then
 * starts a peer group of its own.
 */
static int make_shared(const char *cmd, const char *dir)
{
	bool made = false;
	int err;

	while (mount("", dir, "none", MS_SHARED | MS_REC, NULL) < 0) {
		err = -errno;
		if (err != -EINVAL || made) {
			nstrack_err("%s: cannot make %s a shared mount: %s", cmd,
				    dir, strerror(-err));
			goto undo;
		}
		if (mount(dir, dir, "none", MS_BIND | MS_REC, NULL) < 0) {
			err = -errno;
			nstrack_err("%s: cannot bind-mount %s on itself: %s",
				    cmd, dir, strerror(-err));
			return err;
		}
		made = true;
		if (mount("", dir, "none", MS_PRIVATE | MS_REC, NULL) < 0) {
			err = -errno;
			nstrack_err("%s: cannot make %s a private mount: %s",
				    cmd, dir, strerror(-err));
			goto undo;
		}
	}
	return 0;
undo:
	if (made && umount2(dir, MNT_DETACH) < 0)
		nstrack_warn("%s: cannot unmount %s again: %s", cmd, dir,
			     strerror(errno));
	return err;
}

int nstrack_netnsdir_prepare(const char *cmd, const char *dir)
{
	int lock, err;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		err = -errno;
		nstrack_err("%s: cannot create %s: %s", cmd, dir,
			    strerror(-err));
		return err;
	}
	lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock < 0) {
		err = -errno;
		nstrack_err("%s: cannot open %s: %s", cmd, dir, strerror(-err));
		return err;
	}
	if (flock(lock, LOCK_EX) < 0)
		nstrack_warn("%s: cannot lock %s (going on without): %s", cmd,
			     dir, strerror(errno));
	err = make_shared(cmd, dir);
	close(lock);		/* releases the lock */
	return err;
}

/* The file the namespace is bound on; O_EXCL makes the name ours. */
static int create_file(const char *cmd, const char *shown, const char *path)
{
	int fd, err;

	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	err = -errno;
	if (err == -EEXIST)
		nstrack_err("%s: %s: name already exists", cmd, shown);
	else
		nstrack_err("%s: %s: cannot create %s: %s", cmd, shown, path,
			    strerror(-err));
	return err;
}

/* Undo create_file() after a later step failed (and said so). */
static void remove_file(const char *cmd, const char *shown, const char *path)
{
	if (unlink(path) < 0)
		nstrack_warn("%s: %s: cannot remove %s again: %s", cmd, shown,
			     path, strerror(errno));
}

/*
 * A new network namespace, as an open nsfs file.  The calling thread
 * enters it (there is no other way to create one without a new process)
 * and goes back at once, so everything else happens where it started.
 */
static int new_netns(const char *cmd, const char *shown)
{
	static const char self_path[] = "/proc/thread-self/ns/net";
	int self, fd, err = 0;

	self = open(self_path, O_RDONLY | O_CLOEXEC);
	if (self < 0) {
		err = -errno;
		nstrack_err("%s: cannot open %s: %s", cmd, self_path,
			    strerror(-err));
		return err;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		err = -errno;
		nstrack_err("%s: %s: cannot create a network namespace: %s",
			    cmd, shown, strerror(-err));
		close(self);
		return err;
	}
	fd = open(self_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		err = -errno;
	if (setns(self, CLONE_NEWNET) < 0) {
		err = -errno;
		nstrack_err("%s: cannot return to the original network namespace: %s",
			    cmd, strerror(-err));
		if (fd >= 0)
			close(fd);
		close(self);
		return err;
	}
	close(self);
	if (fd < 0) {
		nstrack_err("%s: %s: cannot open the new namespace: %s", cmd,
			    shown, strerror(-err));
		return err;
	}
	return fd;
}

/* Bind-mount the namespace open as fd on path. */
static int bind_netns(const char *cmd, const char *shown, int fd,
		      const char *path)
{
	char src[32];
	int err;

	snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
	if (mount(src, path, "none", MS_BIND, NULL) == 0)
		return 0;
	err = -errno;
	nstrack_err("%s: %s: cannot bind-mount the namespace on %s: %s", cmd,
		    shown, path, strerror(-err));
	return err;
}

/*
 * Name the namespace: fd >= 0 is an open namespace, fd < 0 asks for a new
 * one.  The file comes first (it is the lock on the name), the namespace
 * next, the bind mount last; a failure undoes what was done.
 */
static int name_netns(const char *cmd, const char *dir, const char *name,
		      int fd)
{
	char path[PATH_MAX], shown[SHOWN_MAX];
	int err, nsfd = fd;

	nstrack_sanitize(shown, sizeof(shown), name);
	err = name_path(cmd, dir, name, path);
	if (!err)
		err = nstrack_netnsdir_prepare(cmd, dir);
	if (!err)
		err = create_file(cmd, shown, path);
	if (err)
		return err;
	if (nsfd < 0) {
		nsfd = new_netns(cmd, shown);
		if (nsfd < 0) {
			remove_file(cmd, shown, path);
			return nsfd;
		}
	}
	err = bind_netns(cmd, shown, nsfd, path);
	if (err)
		remove_file(cmd, shown, path);
	if (nsfd != fd)
		close(nsfd);
	return err;
}

int nstrack_netnsdir_add(const char *cmd, const char *dir, const char *name)
{
	if (nstrack_netns_name_valid(cmd, name) < 0)
		return -EINVAL;
	return name_netns(cmd, dir, name, -1);
}

/* fd is a network namespace file; path names it in messages */
static int check_netns(const char *cmd, const char *what, int fd,
		       const char *path)
{
	if (ioctl(fd, NS_GET_NSTYPE) == CLONE_NEWNET)
		return 0;
	nstrack_err("%s: %s: %s is not a network namespace", cmd, what, path);
	return -EINVAL;
}

int nstrack_netnsdir_attach(const char *cmd, const char *dir,
			    const char *name, pid_t pid)
{
	char proc[64], what[32];
	int fd, err;

	if (nstrack_netns_name_valid(cmd, name) < 0)
		return -EINVAL;
	/* held open from here, so the namespace cannot go with the process */
	snprintf(proc, sizeof(proc), "/proc/%d/ns/net", (int)pid);
	snprintf(what, sizeof(what), "%d", (int)pid);
	fd = open(proc, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		if (err == -ENOENT)
			nstrack_err("%s: %s: no such process", cmd, what);
		else
			nstrack_err("%s: %s: cannot open %s: %s", cmd, what,
				    proc, strerror(-err));
		return err;
	}
	err = check_netns(cmd, what, fd, proc);
	if (!err)
		err = name_netns(cmd, dir, name, fd);
	close(fd);
	return err;
}

int nstrack_netnsdir_delete(const char *cmd, const char *dir,
			    const char *name)
{
	char path[PATH_MAX], shown[SHOWN_MAX];
	int err, i;

	if (nstrack_netns_name_valid(cmd, name) < 0)
		return -EINVAL;
	err = name_path(cmd, dir, name, path);
	if (err)
		return err;
	nstrack_sanitize(shown, sizeof(shown), name);
	/*
	 * Every mount stacked on the name goes (one is the rule; a name
	 * bound twice by hand would otherwise stay half-deleted, its file
	 * busy), until it is no mount point (EINVAL): a file with nothing on
	 * it is removed too.  NOFOLLOW: a symlink put there must not unmount
	 * its target.
	 */
	for (i = 0; i < DELETE_MAX_MOUNTS; i++) {
		if (umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) == 0)
			continue;
		if (errno == EINVAL)
			break;
		err = -errno;
		goto fail;
	}
	if (unlink(path) == 0)
		return 0;
	err = -errno;
fail:
	if (err == -ENOENT)
		nstrack_err("%s: %s: no such network namespace name under %s",
			    cmd, shown, dir);
	else
		nstrack_err("%s: %s: cannot remove %s: %s", cmd, shown, path,
			    strerror(-err));
	return err;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void nstrack_netnsdir_list_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int nstrack_netnsdir_list(const char *cmd, const char *dir, char ***names,
			  size_t *n)
{
	char **v = NULL, **nv;
	size_t cnt = 0, cap = 0;
	struct dirent *de;
	int err = 0;
	DIR *d;

	*names = NULL;
	*n = 0;
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		err = -errno;
		nstrack_err("%s: cannot open %s: %s", cmd, dir, strerror(-err));
		return err;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			err = -errno;
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				err = -ENOMEM;
				break;
			}
			v = nv;
		}
		v[cnt] = strdup(de->d_name);
		if (!v[cnt]) {
			err = -ENOMEM;
			break;
		}
		cnt++;
	}
	closedir(d);
	if (err) {
		nstrack_netnsdir_list_free(v, cnt);
		if (err == -ENOMEM)
			nstrack_err("out of memory");
		else
			nstrack_err("%s: cannot read %s: %s", cmd, dir,
				    strerror(-err));
		return err;
	}
	if (cnt > 1)
		qsort(v, cnt, sizeof(*v), str_cmp);
	*names = v;
	*n = cnt;
	return 0;
}

int nstrack_netnsdir_delete_all(const char *cmd, const char *dir)
{
	char **names;
	size_t n, i;
	int err, first = 0;

	err = nstrack_netnsdir_list(cmd, dir, &names, &n);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		err = nstrack_netnsdir_delete(cmd, dir, names[i]);
		if (err && !first)
			first = err;
	}
	nstrack_netnsdir_list_free(names, n);
	return first;
}

int nstrack_netnsdir_open(const char *cmd, const char *dir, const char *name)
{
	char path[PATH_MAX], shown[SHOWN_MAX];
	int fd, err;

	if (nstrack_netns_name_valid(cmd, name) < 0)
		return -EINVAL;
	err = name_path(cmd, dir, name, path);
	if (err)
		return err;
	nstrack_sanitize(shown, sizeof(shown), name);
	/* O_NONBLOCK, O_NOCTTY: a FIFO or tty put there cannot hang us */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		err = -errno;
		if (err == -ENOENT)
			nstrack_err("%s: %s: no such network namespace name under %s",
				    cmd, shown, dir);
		else
			nstrack_err("%s: %s: cannot open %s: %s", cmd, shown,
				    path, strerror(-err));
		return err;
	}
	err = check_netns(cmd, shown, fd, path);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/* Each /etc/netns/NAME/ENTRY over /etc/ENTRY; failures are warnings. */
static void bind_etc(const char *cmd, const char *name)
{
	char etc[PATH_MAX], src[PATH_MAX], dst[PATH_MAX];
	struct dirent *de;
	DIR *d;

	snprintf(etc, sizeof(etc), "%s/%s", NSTRACK_NETNS_ETC_DIR, name);
	d = opendir(etc);
	if (!d) {
		if (errno != ENOENT)
			nstrack_warn("%s: cannot open %s: %s", cmd, etc,
				     strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(src, sizeof(src), "%s/%s", etc,
				     de->d_name) >= sizeof(src))
			continue;	/* cannot happen: NAME_MAX each */
		snprintf(dst, sizeof(dst), "/etc/%s", de->d_name);
		if (mount(src, dst, "none", MS_BIND, NULL) < 0)
			nstrack_warn("%s: cannot bind-mount %s on %s: %s", cmd,
				     src, dst, strerror(errno));
	}
	closedir(d);
}

int nstrack_netnsdir_enter(const char *cmd, const char *dir, const char *name)
{
	char shown[SHOWN_MAX];
	unsigned long flags = 0;
	struct statvfs sv;
	int fd, err;

	fd = nstrack_netnsdir_open(cmd, dir, name);
	if (fd < 0)
		return fd;
	nstrack_sanitize(shown, sizeof(shown), name);
	if (setns(fd, CLONE_NEWNET) < 0) {
		err = -errno;
		close(fd);
		nstrack_err("%s: %s: cannot join the namespace: %s", cmd, shown,
			    strerror(-err));
		return err;
	}
	close(fd);
	if (unshare(CLONE_NEWNS) < 0) {
		err = -errno;
		nstrack_err("%s: cannot create a mount namespace: %s", cmd,
			    strerror(-err));
		return err;
	}
	/* nothing done from here on may propagate back */
	if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0) {
		err = -errno;
		nstrack_err("%s: cannot make / a slave mount: %s", cmd,
			    strerror(-err));
		return err;
	}
	/*
	 * The old /sys goes; if it cannot (there was none, or it is locked),
	 * the new one covers it, read-only if the old one was, since a
	 * read-only sysfs cannot be covered by a writable one.
	 */
	if (umount2("/sys", MNT_DETACH) < 0 && statvfs("/sys", &sv) == 0 &&
	    (sv.f_flag & ST_RDONLY))
		flags = MS_RDONLY;
	if (mount(name, "/sys", "sysfs", flags, NULL) < 0) {
		err = -errno;
		nstrack_err("%s: %s: cannot mount the namespace's sysfs on /sys: %s",
			    cmd, shown, strerror(-err));
		return err;
	}
	bind_etc(cmd, name);
	return 0;
}
