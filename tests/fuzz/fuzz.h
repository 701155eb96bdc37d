/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the nstrack fuzz targets (libFuzzer): the fuzz input cut into
 * the datagrams a fake kernel answers with, fake transports for the
 * generic netlink and rtnetlink handles, a scratch directory, and a check
 * that aborts (so that libFuzzer keeps the input) when an invariant the
 * harness knows independently of the code under test does not hold.
 */
#ifndef NSTRACK_FUZZ_H
#define NSTRACK_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nl.h"
#include "rtnl.h"

/* the generic netlink family id the fake kernel uses for nstrack */
#define FZ_FAMILY_ID	0x1d

/*
 * What is left of the input.  A batch (one datagram) is a 16-bit
 * little-endian length followed by that many bytes; a length beyond the
 * end takes what is left.  When the input runs out, recv() returns 0
 * (the tool's "no reply from the kernel").
 */
struct fz_input {
	const uint8_t *p;
	size_t len;
};

/* The next byte of the input (0 when it is empty). */
uint8_t fz_byte(struct fz_input *in);

/* The next batch: true and *b, *n set, or false when the input is empty. */
bool fz_batch(struct fz_input *in, const uint8_t **b, size_t *n);

/*
 * Point the handle's transport at in: send() accepts any request, recv()
 * copies the next batch into the receive buffer and makes the rest of that
 * buffer unaddressable for AddressSanitizer until the next recv() or
 * fz_*_detach(), so that a read past the datagram is caught.
 */
void fz_nl_attach(struct nstrack_nl *nl, struct fz_input *in);
void fz_nl_detach(struct nstrack_nl *nl);
void fz_rtnl_attach(struct nstrack_rtnl *rt, struct fz_input *in);
void fz_rtnl_detach(struct nstrack_rtnl *rt);

/*
 * Once per process: error lines go to /dev/null (FUZZ_VERBOSE=1 in the
 * environment keeps them on stderr) and a scratch directory is made.
 */
void fz_setup(void);

/* FUZZ_VERBOSE=1: targets show what the tool printed for each input */
bool fz_verbose(void);

/* the scratch directory (absolute, removed at exit) */
const char *fz_dir(void);

/* An invariant broke: say which and abort, so the input is kept. */
void fz_fail(const char *file, int line, const char *what)
	__attribute__((noreturn));
#define FZ_CHECK(cond) \
	do { if (!(cond)) fz_fail(__FILE__, __LINE__, #cond); } while (0)

/*
 * The error output s[0..len) the tool printed: every line must start with
 * "nstrack: ", end with a newline and hold no control character.  Returns
 * the number of error lines, warnings ("nstrack: warning: ...") not
 * counted.
 */
size_t fz_err_lines(const char *s, size_t len);

/* true if s[0..size) holds a NUL (a C string that fits its array) */
bool fz_terminated(const char *s, size_t size);

/*
 * A NUL-terminated copy of data[0..len) in a buffer of exactly len + 1
 * bytes (ASan sees any read past it).  free() it.
 */
char *fz_strndup(const uint8_t *data, size_t len);

#endif /* NSTRACK_FUZZ_H */
