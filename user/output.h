/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - how namespace records are shown (shared by list and show).
 */
#ifndef NSTRACK_OUTPUT_H
#define NSTRACK_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dev.h"
#include "event.h"
#include "names.h"
#include "netns.h"
#include "sockets.h"

#define NSTRACK_NSEC_PER_SEC ((uint64_t)1000000000)

/* CLOCK_BOOTTIME now, in nanoseconds (0 if the clock cannot be read) */
uint64_t nstrack_boottime_now(void);

/*
 * A task as "PID/comm", or "?/comm" when its pid is not visible from our
 * pid namespace (the module leaves the pid out then).
 */
void nstrack_fmt_task(char *buf, size_t len, bool has_pid, uint32_t pid,
		      const char *comm);

/* Coarse age of whole seconds: "42s", "5m12s", "3h04m", "2d05h". */
void nstrack_fmt_age(char *buf, size_t len, uint64_t seconds);

/*
 * Precise duration for short intervals: "950ns", "12.345us", "1.500ms",
 * "59.999s", then like nstrack_fmt_age() from one minute on.
 */
void nstrack_fmt_duration(char *buf, size_t len, uint64_t ns);

/* A CLOCK_BOOTTIME instant: "1234.567890123s after boot". */
void nstrack_fmt_boottime(char *buf, size_t len, uint64_t ns);

/*
 * One namespace as a JSON object (the element type of "list -j" and the
 * whole output of "show -j"), or as "key: value" lines in text mode.
 * names may be NULL; now_ns is CLOCK_BOOTTIME now, for ages.
 */
void nstrack_print_netns(const struct nstrack_netns *ns,
			 const struct nstrack_names *names, uint64_t now_ns);

/* The same without the enclosing object, to add keys of one's own. */
void nstrack_print_netns_fields(const struct nstrack_netns *ns,
				const struct nstrack_names *names,
				uint64_t now_ns);

/*
 * Every record: a JSON array of nstrack_print_netns() objects, or the
 * text table "INODE COOKIE NSID NAMES OWNER AGE CREATOR DEVICES
 * SOCKETS STATE".
 * Returns 0 or -ENOMEM.
 */
int nstrack_print_list(const struct nstrack_netns *v, size_t n,
		       const struct nstrack_names *names, uint64_t now_ns);

/* JSON only: the array of "list -j" under key (NULL inside an array). */
void nstrack_print_list_array(const char *key, const struct nstrack_netns *v,
			      size_t n, const struct nstrack_names *names,
			      uint64_t now_ns);

/*
 * Devices, in the order given (nstrack_dev_sort() first): a JSON array of
 * objects {netns_cookie, netns_inode, ifindex, name, kind, mac,
 * netns_names}, or the table "NETNS IFINDEX NAME KIND MAC" where NETNS is
 * the namespace's first name under /run/netns, else its inode.  names may
 * be NULL.  Returns 0 or -ENOMEM.
 */
int nstrack_print_devices(const struct nstrack_dev *v, size_t n,
			  const struct nstrack_names *names);

/* JSON only: the array of "devices -j" under key (NULL inside an array). */
void nstrack_print_devices_array(const char *key, const struct nstrack_dev *v,
				 size_t n, const struct nstrack_names *names);

/*
 * Socket counts, in the order given (the module's): a JSON array of
 * objects {cookie, inode, names, total, by_protocol, tcp_time_wait} where
 * by_protocol maps each protocol name to its count in the module's order,
 * or the table "NETNS NAMES TOTAL <protocol>... TW" with one column per
 * protocol name, in the order the module sent them ("-" for a namespace
 * without that protocol).  NETNS is the inode, NAMES its names under
 * /run/netns.  names may be NULL.  Returns 0 or -ENOMEM.
 */
int nstrack_print_sockets(const struct nstrack_netns_sockets *v, size_t n,
			  const struct nstrack_names *names);

/*
 * What the text output of events needs to name namespaces: the records of
 * the module sorted by cookie (nstrack_netns_sort_by_cookie()), and the
 * names under /run/netns.  Both may be empty: namespaces are then shown by
 * inode.
 */
struct nstrack_netns_ctx {
	const struct nstrack_netns *ns;
	size_t n;
	const struct nstrack_names *names;
};

void nstrack_netns_sort_by_cookie(struct nstrack_netns *v, size_t n);

/*
 * Events, in the order given: a JSON array of event objects, or the table
 * "SEQ TIME EVENT DEVICE FROM TO REASON TASK".  ctx is only used for text
 * and may be NULL.  Returns 0 or -ENOMEM.
 */
int nstrack_print_history(const struct nstrack_event *v, size_t n,
			  const struct nstrack_netns_ctx *ctx);

/* A CLOCK_REALTIME instant in local time: "2026-11-23T17:27:40.123456". */
void nstrack_fmt_walltime(char *buf, size_t len, uint64_t ns);

/*
 * One event of "monitor": the object of "history -j", or one text line
 * "TIME SEQ EVENT DEVICE FROM TO REASON TASK" with the cells of history's
 * table (namespaces by inode) and wall_ns (CLOCK_REALTIME) as TIME.
 */
void nstrack_print_event(const struct nstrack_event *ev, uint64_t wall_ns);

/* JSON only: the keys of one "history -j" object, in the open object. */
void nstrack_print_event_fields(const struct nstrack_event *ev);

/*
 * "show --timeline": the record as "show" prints it, then its events
 * (those of the history that involve it, oldest first) as steps with the
 * time since the start of its life and since the previous step: JSON key
 * "timeline", an array of event objects with "offset_ns" and "delta_ns".
 */
void nstrack_print_timeline(const struct nstrack_netns *ns,
			    const struct nstrack_names *names, uint64_t now_ns,
			    const struct nstrack_event *v, size_t n);

/*
 * The state "monitor" re-read after losing events: a JSON object
 * {type: "resync", lost, seq, netns: [list -j], devices: [devices -j]}, or
 * in text a header line, the list and devices tables and a closing line.
 * seq: every event up to it is reflected.  Returns 0 or -ENOMEM.
 */
int nstrack_print_resync(uint64_t lost, uint64_t seq,
			 const struct nstrack_netns *ns, size_t nns,
			 const struct nstrack_dev *devs, size_t ndevs,
			 const struct nstrack_names *names, uint64_t now_ns);

#endif /* NSTRACK_OUTPUT_H */
