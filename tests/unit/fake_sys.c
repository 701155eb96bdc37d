// SPDX-License-Identifier: GPL-2.0
/*
 * Failure injection for the error-path tests: plans, counts, a call log.
 * Holds no __real_* reference, so every test binary can link it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_sys.h"

#define FSYS_MAX 32

struct fsys_fn {
	char name[32];
	unsigned int calls;
};

/* a planned failure of call number at of fns[fn] (and after, if from) */
struct fsys_plan {
	struct fsys_fn *fn;
	unsigned int at;
	bool from;
	int err;
};

static struct fsys_fn fns[FSYS_MAX];
static struct fsys_plan plans[FSYS_MAX];
static size_t nplans;
static char log_buf[16384];
static size_t log_len;

static struct fsys_fn *lookup(const char *fn)
{
	size_t i;

	for (i = 0; i < FSYS_MAX; i++) {
		if (!strcmp(fns[i].name, fn))
			return &fns[i];
		if (!fns[i].name[0]) {
			snprintf(fns[i].name, sizeof(fns[i].name), "%s", fn);
			return &fns[i];
		}
	}
	abort();	/* more functions than a test ever needs */
}

void fsys_reset(void)
{
	memset(fns, 0, sizeof(fns));
	memset(plans, 0, sizeof(plans));
	nplans = 0;
	log_len = 0;
	log_buf[0] = '\0';
}

static void plan(const char *fn, unsigned int nth, int err, bool from)
{
	struct fsys_fn *f = lookup(fn);

	if (nplans == FSYS_MAX || !nth)
		abort();
	plans[nplans++] = (struct fsys_plan){
		.fn = f, .at = f->calls + nth, .from = from, .err = err,
	};
}

void fsys_fail(const char *fn, unsigned int nth, int err)
{
	plan(fn, nth, err, false);
}

void fsys_fail_from(const char *fn, unsigned int nth, int err)
{
	plan(fn, nth, err, true);
}

bool fsys_failing(const char *fn)
{
	struct fsys_fn *f = lookup(fn);
	size_t i;

	f->calls++;
	for (i = 0; i < nplans; i++) {
		if (plans[i].fn != f || f->calls < plans[i].at ||
		    (f->calls > plans[i].at && !plans[i].from))
			continue;
		errno = plans[i].err;
		return true;
	}
	return false;
}

unsigned int fsys_calls(const char *fn)
{
	return lookup(fn)->calls;
}

void fsys_log(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n + 2 > sizeof(log_buf) - log_len)
		abort();	/* a test logs far less */
	log_len += (size_t)n;
	log_buf[log_len++] = '\n';
	log_buf[log_len] = '\0';
}

const char *fsys_log_text(void)
{
	return log_buf;
}

int fsys_open_fds(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		abort();
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* not the directory's own */
}
