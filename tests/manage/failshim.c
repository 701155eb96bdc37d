// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for tests/manage/netns.sh: makes one step of nstrack's
 * namespace management fail with EPERM, chosen by $NSTRACK_FAIL, so the
 * suite can check that nothing is left half-made:
 *
 *   shared   mount(MS_SHARED) of the run directory
 *   bind     the bind mount of a namespace file (/proc/self/fd/N) on a name
 *   unshare  unshare(CLONE_NEWNET), i.e. creating the namespace
 *   sysfs    mounting a sysfs (exec)
 *
 * Everything else goes to the C library.
 */
#include <dlfcn.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

static int failing(const char *what)
{
	const char *f = getenv("NSTRACK_FAIL");

	return f && !strcmp(f, what);
}

int mount(const char *src, const char *target, const char *type,
	  unsigned long flags, const void *data)
{
	int (*real)(const char *, const char *, const char *, unsigned long,
		    const void *) = dlsym(RTLD_NEXT, "mount");

	if ((failing("shared") && (flags & MS_SHARED)) ||
	    (failing("bind") && (flags & MS_BIND) && src &&
	     !strncmp(src, "/proc/self/fd/", 14)) ||
	    (failing("sysfs") && type && !strcmp(type, "sysfs"))) {
		errno = EPERM;
		return -1;
	}
	return real(src, target, type, flags, data);
}

int unshare(int flags)
{
	int (*real)(int) = dlsym(RTLD_NEXT, "unshare");

	if (failing("unshare") && (flags & CLONE_NEWNET)) {
		errno = EPERM;
		return -1;
	}
	return real(flags);
}
