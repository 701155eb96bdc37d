/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - the module's INFO (NSTRACK_CMD_INFO_GET).
 */
#ifndef NSTRACK_INFO_H
#define NSTRACK_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/netlink.h>
#include <linux/nstrack.h>

/*
 * The parsed reply; the version is mandatory.  The system-wide figures
 * (has_system: the sequence numbers, notify_failed and the record counts)
 * are only sent to a caller who sees every namespace.
 */
struct nstrack_info {
	char version[NSTRACK_VERSION_LEN];
	bool has_system;
	uint64_t event_last;
	uint64_t event_oldest;
	uint32_t event_history_size;
	uint32_t netns_history_size;
	bool events_here;
	uint64_t notify_failed;
	uint32_t netns_records;
	uint32_t dev_records;
	uint32_t netns_record_size;
	uint32_t dev_record_size;
	uint32_t event_record_size;
};

/* Parse one reply (strict, like the other parsers).  0 or -EINVAL. */
int nstrack_info_parse(const struct nlmsghdr *nlh, struct nstrack_info *out);

struct nstrack_nl;
/* Ask the module.  0, or -errno after one error line. */
int nstrack_info_get(struct nstrack_nl *nl, struct nstrack_info *out);

/*
 * The module's line of "nstrack --version" on out, "module VERSION
 * (netlink family nstrack, version N)", and a warning line for a module
 * version other than tool_version or a family version other than the
 * tool's.  0, or -errno after one error line.
 */
int nstrack_info_version(struct nstrack_nl *nl, const char *tool_version,
			 FILE *out);

#endif /* NSTRACK_INFO_H */
