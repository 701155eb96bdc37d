// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers of the nstrack fuzz targets (see fuzz.h).
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sanitizer/asan_interface.h>

#include "fuzz.h"
#include "util.h"

static char scratch[] = "/tmp/nstrack-fuzz.XXXXXX";
static bool scratch_made, verbose;

uint8_t fz_byte(struct fz_input *in)
{
	uint8_t b;

	if (!in->len)
		return 0;
	b = in->p[0];
	in->p++;
	in->len--;
	return b;
}

bool fz_batch(struct fz_input *in, const uint8_t **b, size_t *n)
{
	size_t want;

	if (!in->len)
		return false;
	want = in->p[0];
	if (in->len > 1)
		want |= (size_t)in->p[1] << 8;
	in->p += in->len > 1 ? 2 : 1;
	in->len -= in->len > 1 ? 2 : 1;
	if (want > in->len)
		want = in->len;
	*b = in->p;
	*n = want;
	in->p += want;
	in->len -= want;
	return true;
}

/*
 * Copy the next batch into buf (size cap) and poison the rest of it.
 * Returns the byte count, or 0 when the input is empty.
 */
static ssize_t take(struct fz_input *in, void *buf, size_t cap)
{
	const uint8_t *b;
	size_t n;

	ASAN_UNPOISON_MEMORY_REGION(buf, cap);
	if (!fz_batch(in, &b, &n))
		return 0;
	if (n > cap)
		n = cap;
	memcpy(buf, b, n);
	ASAN_POISON_MEMORY_REGION((char *)buf + n, cap - n);
	return (ssize_t)n;
}

static ssize_t nl_send(struct nstrack_nl *nl, const void *buf, size_t len)
{
	(void)nl;
	(void)buf;
	return (ssize_t)len;
}

static ssize_t nl_recv(struct nstrack_nl *nl, void *buf, size_t len)
{
	return take(nl->priv, buf, len);
}

void fz_nl_attach(struct nstrack_nl *nl, struct fz_input *in)
{
	nl->send = nl_send;
	nl->recv = nl_recv;
	nl->priv = in;
}

void fz_nl_detach(struct nstrack_nl *nl)
{
	if (nl->rx)
		ASAN_UNPOISON_MEMORY_REGION(nl->rx, NSTRACK_NL_RXBUF);
}

static ssize_t rtnl_send(struct nstrack_rtnl *rt, const void *buf, size_t len)
{
	(void)rt;
	(void)buf;
	return (ssize_t)len;
}

static ssize_t rtnl_recv(struct nstrack_rtnl *rt, void *buf, size_t len)
{
	return take(rt->priv, buf, len);
}

void fz_rtnl_attach(struct nstrack_rtnl *rt, struct fz_input *in)
{
	rt->send = rtnl_send;
	rt->recv = rtnl_recv;
	rt->priv = in;
}

void fz_rtnl_detach(struct nstrack_rtnl *rt)
{
	if (rt->rx)
		ASAN_UNPOISON_MEMORY_REGION(rt->rx, NSTRACK_RTNL_RXBUF);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_scratch(void)
{
	if (scratch_made)
		nftw(scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void fz_setup(void)
{
	const char *v = getenv("FUZZ_VERBOSE");

	verbose = v && !strcmp(v, "1");
	if (!verbose) {
		nstrack_errfp = fopen("/dev/null", "we");
		if (!nstrack_errfp)
			fz_fail(__FILE__, __LINE__, "cannot open /dev/null");
	}
	if (!mkdtemp(scratch))
		fz_fail(__FILE__, __LINE__, "cannot make a scratch directory");
	scratch_made = true;
	atexit(remove_scratch);
}

bool fz_verbose(void)
{
	return verbose;
}

const char *fz_dir(void)
{
	return scratch;
}

void fz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "FUZZ CHECK FAILED: %s:%d: %s\n", file, line, what);
	fflush(stderr);
	abort();
}

size_t fz_err_lines(const char *s, size_t len)
{
	static const char warning[] = "nstrack: warning: ";
	size_t i, lines = 0;
	bool start = true, warn = false;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (start) {
			if (len - i < 9 || memcmp(s + i, "nstrack: ", 9))
				fz_fail(__FILE__, __LINE__,
					"an error line without its prefix");
			warn = len - i >= sizeof(warning) - 1 &&
			       !memcmp(s + i, warning, sizeof(warning) - 1);
			start = false;
		}
		if (c == '\n') {
			lines += !warn;
			start = true;
		} else if (c < 0x20 || c == 0x7f) {
			fz_fail(__FILE__, __LINE__,
				"a control character in an error line");
		}
	}
	if (!start)
		fz_fail(__FILE__, __LINE__, "an error line without its newline");
	return lines;
}

bool fz_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

char *fz_strndup(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		fz_fail(__FILE__, __LINE__, "out of memory");
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}
