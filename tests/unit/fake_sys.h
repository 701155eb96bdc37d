/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Failure injection for the error-path tests (test_errors_*.c).  A test
 * binary links with -Wl,--wrap=FN for the calls it wants to control (see
 * WRAP_* in the Makefile) and defines __wrap_FN itself, which asks
 * fsys_failing("FN") first: if a planned failure is due, errno is set and
 * the wrapper returns the call's failure value.  Every call asked about is
 * counted and can be logged, so a test can check what was undone.
 */
#ifndef NSTRACK_FAKE_SYS_H
#define NSTRACK_FAKE_SYS_H

#include <stdbool.h>

/* forget every plan, count and log line */
void fsys_reset(void);

/*
 * make the nth call of fn from now on (1 = the next one) fail with err;
 * plans add up
 */
void fsys_fail(const char *fn, unsigned int nth, int err);

/* the same for every call of fn from the nth on */
void fsys_fail_from(const char *fn, unsigned int nth, int err);

/* count a call of fn; true, with errno set, if it must fail */
bool fsys_failing(const char *fn);

/* calls of fn counted since the last fsys_reset() */
unsigned int fsys_calls(const char *fn);

/* append one line to the call log; the whole log so far */
void fsys_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *fsys_log_text(void);

/* number of file descriptors this process has open */
int fsys_open_fds(void);

#endif /* NSTRACK_FAKE_SYS_H */
