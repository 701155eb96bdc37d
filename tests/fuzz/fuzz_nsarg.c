// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the NS argument (nsarg.c, nsopen.c).
 *
 * Input: the argument itself (NUL bytes end it).  It goes through
 * nsarg_parse(), then nstrack_selector_from_arg() (show, devices, ...)
 * and nstrack_netns_open_arg() (link, addr, ...), with names looked up in
 * a scratch directory holding: "net" and "blue" (symlinks to this
 * process's network namespace), "uts" (another kind of namespace), "file",
 * "dir", "fifo", "loop" (a symlink to itself).  So that nothing outside
 * the scratch directory is ever opened, a PATH argument is opened below
 * it ("/x" and "x/y" become "<dir>//x" and "<dir>/x/y"), and one with a
 * ".." component is only parsed; pid:PID opens /proc/PID/ns/net, which is
 * read-only and harmless.
 *
 * Besides the sanitizers, these hold for every input:
 *  - nsarg_parse() agrees with an independent reading of the forms
 *    (prefix, plain decimal checked with strtoull(), range, name rules);
 *  - a selector is the number parsed, or for a name or path an open file
 *    of this process's network namespace (same device and inode), exactly
 *    when the file the argument names is that namespace (by stat());
 *  - a failure printed exactly one error line, without control
 *    characters, a success none;
 *  - no file descriptor is left open after a failure or a release;
 *  - a FIFO is refused as "not a network namespace file" at once:
 *    opening it must not wait for a writer (or a signal).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "nsarg.h"
#include "nsopen.h"
#include "util.h"

static char dir[PATH_MAX];
static struct stat self_net;

/* ---- the reference reading of the argument ---- */

struct ref {
	bool ok;
	enum nsarg_kind kind;
	uint64_t value;
};

/* "digits only, at least one" and in min..max, by strtoull() */
static bool ref_number(const char *s, uint64_t min, uint64_t max,
		       uint64_t *v)
{
	unsigned long long x;
	char *end;
	size_t i;

	if (!s[0])
		return false;
	for (i = 0; s[i]; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno == ERANGE || *end || x < min || x > max)
		return false;
	*v = x;
	return true;
}

static struct ref ref_parse(const char *arg)
{
	static const struct {
		const char *prefix;
		enum nsarg_kind kind;
		uint64_t min, max;
	} forms[] = {
		{ "pid:", NSARG_PID, 1, 2147483647ull },
		{ "inode:", NSARG_INODE, 1, 4294967295ull },
		{ "cookie:", NSARG_COOKIE, 0, UINT64_MAX },
	};
	struct ref r = { 0 };
	size_t i, len = strlen(arg);

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		size_t n = strlen(forms[i].prefix);

		if (len >= n && !memcmp(arg, forms[i].prefix, n)) {
			r.kind = forms[i].kind;
			r.ok = ref_number(arg + n, forms[i].min, forms[i].max,
					  &r.value);
			return r;
		}
	}
	if (memchr(arg, '/', len)) {
		r.kind = NSARG_PATH;
		r.ok = true;
	} else {
		r.kind = NSARG_NAME;
		r.ok = len >= 1 && len <= 255 && strcmp(arg, ".") &&
		       strcmp(arg, "..");
	}
	return r;
}

/* ---- helpers ---- */

/* the lowest free descriptor number: what a leak would change */
static int lowest_free_fd(void)
{
	int fd = dup(0);

	FZ_CHECK(fd >= 0);
	close(fd);
	return fd;
}

static bool has_dotdot(const char *p)
{
	const char *c = p;

	while (*c) {
		size_t n = strcspn(c, "/");

		if (n == 2 && c[0] == '.' && c[1] == '.')
			return true;
		c += n;
		while (*c == '/')
			c++;
	}
	return false;
}

/* is the file at path this process's network namespace? */
static bool is_self_net(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_dev == self_net.st_dev &&
	       st.st_ino == self_net.st_ino;
}

/* a FIFO: opening it for reading must not wait for a writer */
static bool is_fifo(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
}

static bool fd_is_self_net(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_dev == self_net.st_dev &&
	       st.st_ino == self_net.st_ino;
}

/* is fd open on a namespace file (nsfs: the device of our own)? */
static bool fd_is_nsfs(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_dev == self_net.st_dev;
}

/* ---- the target ---- */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[PATH_MAX + 16];
	int fd;

	(void)argc;
	(void)argv;
	fz_setup();
	if (stat("/proc/self/ns/net", &self_net) < 0)
		fz_fail(__FILE__, __LINE__, "cannot stat /proc/self/ns/net");
	snprintf(dir, sizeof(dir), "%s/netns", fz_dir());
#define MAKE(call) \
	do { if ((call) < 0) fz_fail(__FILE__, __LINE__, #call); } while (0)
	MAKE(mkdir(dir, 0755));
	snprintf(path, sizeof(path), "%s/net", dir);
	MAKE(symlink("/proc/self/ns/net", path));
	snprintf(path, sizeof(path), "%s/blue", dir);
	MAKE(symlink("/proc/self/ns/net", path));
	snprintf(path, sizeof(path), "%s/uts", dir);
	MAKE(symlink("/proc/self/ns/uts", path));
	snprintf(path, sizeof(path), "%s/dir", dir);
	MAKE(mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	MAKE(mkfifo(path, 0600));
	snprintf(path, sizeof(path), "%s/loop", dir);
	MAKE(symlink(path, path));
	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	MAKE(fd);
	close(fd);
#undef MAKE
	return 0;
}

/* the argument as given to the tool: a path opens below dir */
static char *confined(const char *arg, const struct nsarg *a)
{
	char *s;

	if (a->kind != NSARG_PATH)
		return strdup(arg);
	if (asprintf(&s, "%s/%s", dir, arg) < 0)
		return NULL;
	return s;
}

static void run_selector(const char *arg, const struct nsarg *a,
			 const struct ref *r)
{
	struct nstrack_selector sel;
	char *errbuf = NULL, *path = NULL;
	size_t errlen = 0;
	FILE *errf, *saved = nstrack_errfp;
	int before = lowest_free_fd(), err;
	bool want_fd = false;

	if (r->ok && (r->kind == NSARG_PATH || r->kind == NSARG_NAME)) {
		if (r->kind == NSARG_PATH)
			path = strdup(arg);
		else if (asprintf(&path, "%s/%s", dir, arg) < 0)
			path = NULL;
		FZ_CHECK(path);
		want_fd = strlen(path) < PATH_MAX && is_self_net(path);
	}

	errf = open_memstream(&errbuf, &errlen);
	FZ_CHECK(errf);
	nstrack_errfp = errf;
	err = nstrack_selector_from_arg(arg, dir, &sel);
	nstrack_errfp = saved;
	fclose(errf);
	FZ_CHECK(fz_err_lines(errbuf, errlen) == (err ? 1u : 0u));
	free(errbuf);

	if (!r->ok) {
		FZ_CHECK(err == -EINVAL);
	} else if (r->kind == NSARG_PID || r->kind == NSARG_INODE ||
		   r->kind == NSARG_COOKIE) {
		static const uint16_t attr[] = {
			[NSARG_PID] = NSTRACK_A_NETNS_PID,
			[NSARG_INODE] = NSTRACK_A_NETNS_INODE,
			[NSARG_COOKIE] = NSTRACK_A_NETNS_COOKIE,
		};

		FZ_CHECK(!err && sel.kind == attr[r->kind] &&
			 sel.value == r->value);
	} else {
		FZ_CHECK(want_fd == !err);
		if (is_fifo(path))
			FZ_CHECK(err == -EINVAL);
		if (!err)
			FZ_CHECK(sel.kind == NSTRACK_A_NETNS_FD &&
				 fd_is_self_net((int)sel.value));
	}
	if (!err) {
		nstrack_selector_release(&sel);
		nstrack_selector_release(&sel);		/* safe twice */
	}
	FZ_CHECK(lowest_free_fd() == before);
	free(path);
	(void)a;
}

static void run_open(const char *arg, const struct ref *r)
{
	char *errbuf = NULL;
	size_t errlen = 0;
	FILE *errf, *saved = nstrack_errfp;
	int before = lowest_free_fd(), fd;

	errf = open_memstream(&errbuf, &errlen);
	FZ_CHECK(errf);
	nstrack_errfp = errf;
	fd = nstrack_netns_open_arg(arg, dir);
	nstrack_errfp = saved;
	fclose(errf);
	FZ_CHECK(fz_err_lines(errbuf, errlen) == (fd < 0 ? 1u : 0u));
	free(errbuf);

	/* inode: and cookie: give no way into a namespace */
	if (!r->ok || r->kind == NSARG_INODE || r->kind == NSARG_COOKIE)
		FZ_CHECK(fd == -EINVAL);
	if (fd >= 0) {
		FZ_CHECK(fd_is_nsfs(fd));
		if (r->kind != NSARG_PID)
			FZ_CHECK(fd_is_self_net(fd));
		close(fd);
	} else if (r->ok && r->kind == NSARG_NAME) {
		char *path;

		FZ_CHECK(asprintf(&path, "%s/%s", dir, arg) >= 0);
		FZ_CHECK(!is_self_net(path));
		/* not blocked in open() until a signal came */
		if (is_fifo(path))
			FZ_CHECK(fd == -EINVAL);
		free(path);
	} else if (r->ok && r->kind == NSARG_PATH) {
		FZ_CHECK(strlen(arg) >= PATH_MAX || !is_self_net(arg));
		if (strlen(arg) < PATH_MAX && is_fifo(arg))
			FZ_CHECK(fd == -EINVAL);
	}
	FZ_CHECK(lowest_free_fd() == before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = fz_strndup(data, size), *arg;
	struct nsarg a;
	struct ref r;
	int err;

	r = ref_parse(raw);
	err = nsarg_parse(raw, &a);
	FZ_CHECK(r.ok == !err);
	if (!err) {
		FZ_CHECK(a.kind == r.kind);
		if (a.kind == NSARG_PATH || a.kind == NSARG_NAME)
			FZ_CHECK(a.str == raw);
		else
			FZ_CHECK(a.value == r.value);
	}
	FZ_CHECK(nsarg_parse(NULL, &a) == -EINVAL);
	nsarg_parse(raw, &a);

	/* what is opened stays below the scratch directory */
	if (r.ok && r.kind == NSARG_PATH && has_dotdot(raw)) {
		free(raw);
		return 0;
	}
	arg = r.ok ? confined(raw, &a) : strdup(raw);
	FZ_CHECK(arg);
	run_selector(arg, &a, &r);
	run_open(arg, &r);
	free(arg);
	free(raw);
	return 0;
}
