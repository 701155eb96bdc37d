// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - small helpers shared by every part of the tool.
 */
#include <stdarg.h>
#include <stdio.h>

#include "util.h"

FILE *nstrack_errfp;

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	FILE *fp = nstrack_errfp ? nstrack_errfp : stderr;

	fputs("nstrack: ", fp);
	fputs(prefix, fp);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
	fflush(fp);
}

void nstrack_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void nstrack_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void nstrack_sanitize(char *dst, size_t dstlen, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < dstlen && src[i]; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	dst[i] = '\0';
}
