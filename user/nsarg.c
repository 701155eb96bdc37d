// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - parse and open the NS argument.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/nsfs.h>

#include "nsarg.h"
#include "util.h"

/* Plain decimal in 0..max; anything else (empty, sign, junk) fails. */
static int parse_dec(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned int d;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		d = (unsigned int)(*s - '0');
		if (v > (max - d) / 10)
			return -EINVAL;	/* v * 10 + d would exceed max */
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static const char *skip_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) ? NULL : s + n;
}

int nsarg_parse(const char *arg, struct nsarg *out)
{
	static const struct {
		const char *prefix;
		enum nsarg_kind kind;
		uint64_t min, max;
	} num[] = {
		{ "pid:", NSARG_PID, 1, INT32_MAX },
		{ "inode:", NSARG_INODE, 1, UINT32_MAX },	/* no inode 0 */
		{ "cookie:", NSARG_COOKIE, 0, UINT64_MAX },
	};
	size_t i, len;

	memset(out, 0, sizeof(*out));
	if (!arg)
		return -EINVAL;

	for (i = 0; i < ARRAY_SIZE(num); i++) {
		const char *rest = skip_prefix(arg, num[i].prefix);
		uint64_t v;

		if (!rest)
			continue;
		if (parse_dec(rest, num[i].max, &v) || v < num[i].min)
			return -EINVAL;
		out->kind = num[i].kind;
		out->value = v;
		return 0;
	}

	if (strchr(arg, '/')) {
		out->kind = NSARG_PATH;
		out->str = arg;
		return 0;
	}

	len = strlen(arg);
	if (len == 0 || len > NAME_MAX || !strcmp(arg, ".") ||
	    !strcmp(arg, ".."))
		return -EINVAL;
	out->kind = NSARG_NAME;
	out->str = arg;
	return 0;
}

/*
 * Open path and check it is a network namespace; name is the NS argument
 * when it was a name looked up in dir, NULL for a path.  O_NONBLOCK and
 * O_NOCTTY only keep a mistaken FIFO or tty path from blocking or becoming
 * our terminal; they mean nothing for nsfs files.
 */
static int open_netns(const char *path, const char *name, const char *dir)
{
	char shown[PATH_MAX];
	int fd, type, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		err = -errno;
		if (name && err == -ENOENT) {
			nstrack_sanitize(shown, sizeof(shown), name);
			nstrack_err("%s: no such network namespace name under %s",
				    shown, dir);
		} else {
			nstrack_sanitize(shown, sizeof(shown), path);
			nstrack_err("%s: %s", shown, strerror(-err));
		}
		return err;
	}
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type != CLONE_NEWNET) {
		close(fd);
		nstrack_sanitize(shown, sizeof(shown), path);
		nstrack_err("%s: not a network namespace file", shown);
		return -EINVAL;
	}
	return fd;
}

int nstrack_selector_from_arg(const char *arg, const char *netns_dir,
			      struct nstrack_selector *sel)
{
	char path[PATH_MAX];
	struct nsarg a;
	int fd;

	sel->kind = NSTRACK_A_NETNS_UNSPEC;
	sel->value = 0;

	if (nsarg_parse(arg, &a)) {
		nstrack_sanitize(path, sizeof(path), arg ? arg : "");
		nstrack_err("malformed namespace argument '%s' (use NAME, PATH, pid:PID, inode:N or cookie:N)",
			    path);
		return -EINVAL;
	}

	switch (a.kind) {
	case NSARG_PID:
		sel->kind = NSTRACK_A_NETNS_PID;
		sel->value = a.value;
		return 0;
	case NSARG_INODE:
		sel->kind = NSTRACK_A_NETNS_INODE;
		sel->value = a.value;
		return 0;
	case NSARG_COOKIE:
		sel->kind = NSTRACK_A_NETNS_COOKIE;
		sel->value = a.value;
		return 0;
	case NSARG_PATH:
		fd = open_netns(a.str, NULL, NULL);
		break;
	case NSARG_NAME:
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", netns_dir,
				     a.str) >= sizeof(path)) {
			nstrack_err("%s: path too long", netns_dir);
			return -ENAMETOOLONG;
		}
		fd = open_netns(path, a.str, netns_dir);
		break;
	default:
		return -EINVAL;
	}
	if (fd < 0)
		return fd;
	sel->kind = NSTRACK_A_NETNS_FD;
	sel->value = (uint64_t)fd;
	return 0;
}

void nstrack_selector_release(struct nstrack_selector *sel)
{
	if (sel->kind == NSTRACK_A_NETNS_FD)
		close((int)sel->value);
	sel->kind = NSTRACK_A_NETNS_UNSPEC;
	sel->value = 0;
}

void nstrack_selector_put(struct nlmsghdr *nlh,
			  const struct nstrack_selector *sel)
{
	if (sel->kind == NSTRACK_A_NETNS_COOKIE)
		mnl_attr_put_u64(nlh, sel->kind, sel->value);
	else
		mnl_attr_put_u32(nlh, sel->kind, (uint32_t)sel->value);
}
