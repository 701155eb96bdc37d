/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - what keeps a network namespace alive, as far as /proc shows:
 * tasks in it, open files of it, nsfs mounts of it in any mount namespace,
 * and sockets that belong to it.
 */
#ifndef NSTRACK_HOLDERS_H
#define NSTRACK_HOLDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define NSTRACK_TASK_COMM_LEN 16

/* a thread whose network namespace it is */
struct nstrack_holder_task {
	pid_t pid;
	pid_t tid;
	uid_t uid;
	char comm[NSTRACK_TASK_COMM_LEN];
};

/* an open file descriptor of the namespace's nsfs file, or of a socket */
struct nstrack_holder_fd {
	pid_t pid;
	int fd;
	uint64_t inode;		/* the socket's inode (sockets only) */
	char comm[NSTRACK_TASK_COMM_LEN];
};

/* an nsfs mount of the namespace, seen in mount namespace mntns */
struct nstrack_holder_mount {
	uint64_t mntns;		/* inode of that mount namespace */
	pid_t pid;		/* the task whose mountinfo showed it */
	char *path;		/* mount point, as that task sees it */
};

struct nstrack_holders {
	struct nstrack_holder_task *tasks;
	size_t ntasks;
	struct nstrack_holder_fd *fds;
	size_t nfds;
	struct nstrack_holder_mount *mounts;
	size_t nmounts;
	struct nstrack_holder_fd *sockets;
	size_t nsockets;
	/* socket descriptors whose namespace could not be asked */
	size_t sockets_unchecked;
};

/*
 * Scan proc (normally "/proc") for holders of the network namespace whose
 * nsfs file is (dev, ino), leaving out the process self.  Processes that
 * vanish meanwhile are skipped.  0, or -errno (only if proc cannot be read
 * at all, or memory runs out); *h must be freed with
 * nstrack_holders_free() either way.
 */
int nstrack_holders_scan(const char *proc, dev_t dev, uint64_t ino,
			 pid_t self, struct nstrack_holders *h);

void nstrack_holders_free(struct nstrack_holders *h);

/*
 * One line of /proc/PID/mountinfo: if it is an nsfs mount of the network
 * namespace ino, copy its mount point (octal escapes undone) to path and
 * return 1; 0 if it is another mount; -EINVAL if the line is malformed or
 * the path does not fit.
 */
int nstrack_mountinfo_netns(const char *line, uint64_t ino, char *path,
			    size_t len);

#endif /* NSTRACK_HOLDERS_H */
