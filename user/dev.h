/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - one network device as sent by the kernel module
 * (NSTRACK_CMD_DEV_GET).
 */
#ifndef NSTRACK_DEV_H
#define NSTRACK_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/nstrack.h>

/* IFNAMSIZ: at most 15 characters and the NUL */
#define NSTRACK_IFNAME_LEN	16
/* longest KIND accepted, NUL included (rtnl kinds are far shorter) */
#define NSTRACK_KIND_LEN	64
/* longest link-layer address (the kernel's MAX_ADDR_LEN) */
#define NSTRACK_ADDR_MAX	32
/* "aa:bb:..." for NSTRACK_ADDR_MAX bytes, NUL included */
#define NSTRACK_MAC_STRLEN	(NSTRACK_ADDR_MAX * 3)

/*
 * The parsed form of one NSTRACK_CMD_DEV_GET message.  Everything but the
 * address is mandatory: the module always sends it.  addr_len is 0 when
 * the device has no link-layer address (attribute absent or empty).
 */
struct nstrack_dev {
	uint64_t netns_cookie;
	uint32_t netns_inode;
	uint32_t ifindex;
	char name[NSTRACK_IFNAME_LEN];
	char kind[NSTRACK_KIND_LEN];
	size_t addr_len;
	uint8_t addr[NSTRACK_ADDR_MAX];
};

/*
 * Parse one message (header, genl header, flat attributes) into *out,
 * with the rules of nstrack_netns_parse(): unknown attributes ignored;
 * wrong lengths, strings without NUL or too long (NAME > 16 bytes, KIND >
 * 64, ADDRESS > 32), overruns, trailing bytes, another command or a
 * missing mandatory attribute make it invalid.  *out is zeroed first.
 * Returns 0 or -EINVAL.
 */
int nstrack_dev_parse(const struct nlmsghdr *nlh, struct nstrack_dev *out);

/* Same, for a buffer of len bytes that must hold exactly that message. */
int nstrack_dev_parse_buf(const void *buf, size_t len, struct nstrack_dev *out);

/*
 * The address as lowercase hex bytes separated by ':' ("02:00:5e:10:00:01"),
 * or "" for an empty one; buf must hold NSTRACK_MAC_STRLEN bytes, and
 * len is capped at NSTRACK_ADDR_MAX.  Returns buf.
 */
char *nstrack_fmt_mac(char *buf, const uint8_t *addr, size_t len);

/* Sort by namespace inode, then ifindex (then cookie, for stability). */
void nstrack_dev_sort(struct nstrack_dev *v, size_t n);

#endif /* NSTRACK_DEV_H */
