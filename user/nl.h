/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - the thin generic netlink layer (libmnl).
 *
 * Every public function that can fail prints exactly one line on the error
 * output (see util.h) and returns a negative errno; callers only pass the
 * status on.
 */
#ifndef NSTRACK_NL_H
#define NSTRACK_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <libmnl/libmnl.h>

/* receive buffer: large enough for any dump batch the kernel builds */
#define NSTRACK_NL_RXBUF	32768
#define NSTRACK_NL_TXBUF	4096
/* an interrupted dump (NLM_F_DUMP_INTR) is retried this many times */
#define NSTRACK_DUMP_RETRIES	5

struct nstrack_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family_id;
	uint32_t family_version;
	/* id of the family's "events" multicast group, 0 if it has none */
	uint32_t events_group;

	/*
	 * Transport.  nstrack_nl_open() points these at the socket; unit
	 * tests set their own after nstrack_nl_init() and feed crafted
	 * replies.  Both return a byte count or -1 with errno set.
	 */
	ssize_t (*send)(struct nstrack_nl *nl, const void *buf, size_t len);
	ssize_t (*recv)(struct nstrack_nl *nl, void *buf, size_t len);
	void *priv;

	/* text of the kernel's extended ack for the last error, or "" */
	char extack[256];
	/* how many times the last dump was run (1 + retries) */
	unsigned int dump_attempts;

	char *rx;
	char tx[NSTRACK_NL_TXBUF];
};

/* Zero *nl and allocate the buffers; no socket.  0 or -ENOMEM. */
int nstrack_nl_init(struct nstrack_nl *nl);

/*
 * nstrack_nl_init(), open and bind a NETLINK_GENERIC socket with
 * NETLINK_EXT_ACK and NETLINK_CAP_ACK, and resolve the "nstrack" family.
 * On failure *nl is already closed.
 */
int nstrack_nl_open(struct nstrack_nl *nl);

/* Ask the controller for the family id ("kernel module not loaded"...). */
int nstrack_nl_resolve_family(struct nstrack_nl *nl);

void nstrack_nl_close(struct nstrack_nl *nl);

/*
 * Start a request for command cmd of the nstrack family in nl->tx; add
 * attributes with mnl_attr_put_*() before passing it on.
 */
struct nlmsghdr *nstrack_nl_request(struct nstrack_nl *nl, uint8_t cmd);

/*
 * Send req as a "do" request (NLM_F_ACK is added) and run every reply
 * through cb until the ack.  cb returns MNL_CB_OK, or MNL_CB_ERROR after
 * setting errno (EBADMSG for a malformed record).  what names the subject
 * in messages: ENOENT is reported as "no such namespace: <what>".
 * At least one reply is required.
 */
int nstrack_nl_doit(struct nstrack_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		    void *data, const char *what);

/*
 * Send req as a dump request and run every reply through cb.  If the
 * kernel flags the dump as interrupted (NLM_F_DUMP_INTR), reset(data) is
 * called and the whole dump runs again, up to NSTRACK_DUMP_RETRIES times;
 * after that a warning is printed and the last result is kept.
 * what is used in messages ("<what>: <strerror>").
 */
int nstrack_nl_dump(struct nstrack_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		    void (*reset)(void *data), void *data, const char *what);

/*
 * One attempt at a dump whose consumer copes with changes itself (the
 * history, where sequence numbers tell what is missing): NLM_F_DUMP_INTR
 * is ignored.
 */
int nstrack_nl_dump_once(struct nstrack_nl *nl, struct nlmsghdr *req,
			 mnl_cb_t cb, void *data, const char *what);

/*
 * A new socket that has joined the events group of the family resolved in
 * nl, with a receive buffer of rcvbuf bytes (0: the system's default).
 * NULL after one error line.
 */
struct mnl_socket *nstrack_nl_events_open(const struct nstrack_nl *nl,
					  int rcvbuf);

#endif /* NSTRACK_NL_H */
