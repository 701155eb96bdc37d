/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - the tasks in a network namespace, read from /proc.
 *
 * Each thread has its own network namespace (setns() moves one thread),
 * so a process belongs to a namespace when any of its threads is in it,
 * whichever namespace its thread-group leader is in.
 */
#ifndef NSTRACK_TASKS_H
#define NSTRACK_TASKS_H

#include <stddef.h>
#include <sys/types.h>

/* a process and those of its threads that are in the namespace */
struct nstrack_task {
	int pid;
	int *tids;		/* sorted */
	size_t ntids;
};

/* Zero-initialise before use. */
struct nstrack_tasks {
	struct nstrack_task *v;	/* sorted by pid */
	size_t n;
};

/*
 * Fill *t with every process under proc_dir (normally "/proc") that has a
 * thread whose proc_dir/PID/task/TID/ns/net is inode ino of device dev.
 * Tasks that exit meanwhile, zombies and tasks we may not look at are
 * skipped.  Returns 0 or -errno (then *t is empty); prints nothing.
 */
int nstrack_tasks_in_netns(struct nstrack_tasks *t, const char *proc_dir,
			   dev_t dev, ino_t ino);

void nstrack_tasks_free(struct nstrack_tasks *t);

#endif /* NSTRACK_TASKS_H */
