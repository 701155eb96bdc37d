/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - small helpers shared by every part of the tool.
 */
#ifndef NSTRACK_UTIL_H
#define NSTRACK_UTIL_H

#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Where error and warning lines go.  NULL means stderr; unit tests point it
 * at an open_memstream() to check the exact text.
 */
extern FILE *nstrack_errfp;

/* Print one line "nstrack: <message>\n" to nstrack_errfp. */
void nstrack_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print one line "nstrack: warning: <message>\n" to nstrack_errfp. */
void nstrack_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Copy at most dstlen - 1 bytes of src into dst, replacing control
 * characters by '?', always NUL-terminating (dstlen must be > 0).  Used for
 * strings that come from the kernel or the user and end up on one line.
 */
void nstrack_sanitize(char *dst, size_t dstlen, const char *src);

#endif /* NSTRACK_UTIL_H */
