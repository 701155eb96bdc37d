/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - strict validation of the attributes of one kernel message or
 * nest, shared by the record parsers (netns.c, dev.c, event.c).
 */
#ifndef NSTRACK_ATTR_H
#define NSTRACK_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

/*
 * What an attribute type must look like.  type MNL_TYPE_UNSPEC (0) means
 * "skip it, whatever its content" (UNSPEC, PAD, request-only attributes).
 * Integers must have exactly their size; MNL_TYPE_NUL_STRING must end
 * with a NUL; MNL_TYPE_NESTED must be empty or hold at least one header.
 * maxlen, when not 0, bounds the payload (strings: including the NUL).
 */
struct nstrack_attr_rule {
	enum mnl_attr_data_type type;
	uint16_t maxlen;
};

/*
 * Check the attributes in payload[0..len) against rules[0..max] and store
 * the last one of each known type in tb[0..max] (zeroed first).  Unknown
 * types (above max, or with a rule of type 0) are ignored.  Fails if an
 * attribute breaks its rule, overruns the payload or is shorter than its
 * header, or if bytes are left over after the last one (beyond its
 * alignment padding).  Returns 0 or -EINVAL.
 */
int nstrack_attrs_parse(const void *payload, size_t len,
			const struct nstrack_attr_rule *rules, uint16_t max,
			const struct nlattr **tb);

/* The same for the payload of a nest attribute. */
int nstrack_attrs_parse_nested(const struct nlattr *nest,
			       const struct nstrack_attr_rule *rules,
			       uint16_t max, const struct nlattr **tb);

/*
 * The attributes of a generic netlink message of command cmd: checks that
 * nlh->nlmsg_len covers both headers and the command matches, then
 * nstrack_attrs_parse() on the rest.  nlh->nlmsg_len bytes must be
 * readable.  Returns 0 or -EINVAL.
 */
int nstrack_attrs_parse_genl(const struct nlmsghdr *nlh, uint8_t cmd,
			     const struct nstrack_attr_rule *rules,
			     uint16_t max, const struct nlattr **tb);

/*
 * Copy a validated MNL_TYPE_NUL_STRING attribute into dst (size dstlen,
 * > 0), stopping at its first NUL; always NUL-terminated.
 */
void nstrack_attr_copy_str(char *dst, size_t dstlen, const struct nlattr *attr);

/* true if buf (len bytes) holds one whole message as its header claims */
bool nstrack_msg_in_buf(const void *buf, size_t len);

/*
 * true if nlh, with len bytes left in its buffer, is a whole message that
 * fits them.  Unlike mnl_nlmsg_ok(), which compares nlmsg_len as an int,
 * a length above INT_MAX does not pass.
 */
bool nstrack_nlmsg_ok(const struct nlmsghdr *nlh, int len);

/*
 * true if buf[0..len) is whole messages only (nstrack_nlmsg_ok() each),
 * each followed by its alignment padding, nothing after the last one:
 * what mnl_cb_run2() may be given (libmnl's attribute walks go up to a
 * message's aligned end).
 */
bool nstrack_batch_ok(const void *buf, size_t len);

#endif /* NSTRACK_ATTR_H */
