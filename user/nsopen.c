// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - open the NS argument of the commands that change a namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "nsarg.h"
#include "nsopen.h"
#include "util.h"

int nstrack_netns_open_arg(const char *arg, const char *netns_dir)
{
	char path[PATH_MAX], shown[PATH_MAX];
	struct nsarg a;
	int fd, err;

	nstrack_sanitize(shown, sizeof(shown), arg ? arg : "");
	if (nsarg_parse(arg, &a) ||
	    a.kind == NSARG_INODE || a.kind == NSARG_COOKIE) {
		nstrack_err("malformed namespace argument '%s' (use NAME, PATH or pid:PID)",
			    shown);
		return -EINVAL;
	}
	switch (a.kind) {
	case NSARG_PID:
		snprintf(path, sizeof(path), "/proc/%llu/ns/net",
			 (unsigned long long)a.value);
		break;
	case NSARG_NAME:
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", netns_dir,
				     a.str) >= sizeof(path)) {
			nstrack_err("%s: path too long", netns_dir);
			return -ENAMETOOLONG;
		}
		break;
	default:
		if (strlen(a.str) >= sizeof(path)) {
			nstrack_err("%s: path too long", shown);
			return -ENAMETOOLONG;
		}
		strcpy(path, a.str);
		break;
	}

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		err = -errno;
		if (err == -ENOENT && a.kind == NSARG_NAME)
			nstrack_err("%s: no such network namespace name under %s",
				    shown, netns_dir);
		else if (err == -ENOENT && a.kind == NSARG_PID)
			nstrack_err("%s: no such process", shown);
		else
			nstrack_err("%s: %s", shown, strerror(-err));
		return err;
	}
	if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) {
		close(fd);
		nstrack_err("%s: not a network namespace file", shown);
		return -EINVAL;
	}
	return fd;
}
