// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - formatting of namespace records.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output.h"
#include "print.h"
#include "util.h"

uint64_t nstrack_boottime_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * NSTRACK_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

void nstrack_fmt_age(char *buf, size_t len, uint64_t s)
{
	if (s < 60)
		snprintf(buf, len, "%" PRIu64 "s", s);
	else if (s < 3600)
		snprintf(buf, len, "%" PRIu64 "m%02" PRIu64 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%" PRIu64 "h%02" PRIu64 "m", s / 3600,
			 s % 3600 / 60);
	else
		snprintf(buf, len, "%" PRIu64 "d%02" PRIu64 "h", s / 86400,
			 s % 86400 / 3600);
}

void nstrack_fmt_duration(char *buf, size_t len, uint64_t ns)
{
	if (ns < 1000)
		snprintf(buf, len, "%" PRIu64 "ns", ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%" PRIu64 ".%03" PRIu64 "us", ns / 1000,
			 ns % 1000);
	else if (ns < NSTRACK_NSEC_PER_SEC)
		snprintf(buf, len, "%" PRIu64 ".%03" PRIu64 "ms", ns / 1000000,
			 ns % 1000000 / 1000);
	else if (ns < 60 * NSTRACK_NSEC_PER_SEC)
		snprintf(buf, len, "%" PRIu64 ".%03" PRIu64 "s",
			 ns / NSTRACK_NSEC_PER_SEC,
			 ns % NSTRACK_NSEC_PER_SEC / 1000000);
	else
		nstrack_fmt_age(buf, len, ns / NSTRACK_NSEC_PER_SEC);
}

void nstrack_fmt_boottime(char *buf, size_t len, uint64_t ns)
{
	snprintf(buf, len, "%" PRIu64 ".%09" PRIu64 "s after boot",
		 ns / NSTRACK_NSEC_PER_SEC, ns % NSTRACK_NSEC_PER_SEC);
}

/*
 * Names only belong to live namespaces: a bind mount keeps its namespace
 * alive, and the inode of a dead one may already be reused by another.
 */
static size_t netns_names(const struct nstrack_netns *ns,
			  const struct nstrack_names *names, size_t *first)
{
	*first = 0;
	if (!names || ns->state != NSTRACK_NETNS_STATE_ALIVE)
		return 0;
	return nstrack_names_find(names, ns->inode, first);
}

/* "a,b,c" or "-"; NULL if out of memory */
static char *join_names(const struct nstrack_netns *ns,
			const struct nstrack_names *names)
{
	size_t first, n = netns_names(ns, names, &first), i, len = 2;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(names->v[first + i].name) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	strcpy(s, n ? "" : "-");
	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, names->v[first + i].name);
	}
	return s;
}

static uint64_t age_seconds(uint64_t now_ns, uint64_t then_ns)
{
	return now_ns > then_ns ? (now_ns - then_ns) / NSTRACK_NSEC_PER_SEC : 0;
}

static uint64_t delta(uint64_t from, uint64_t to)
{
	return to > from ? to - from : 0;
}

/* text mode: "key:" padded to the same column as the other lines */
static void text_line(const char *key, const char *value)
{
	char k[32];

	snprintf(k, sizeof(k), "%s:", key);
	print_text("%-10s %s\n", k, value);
}

void nstrack_print_netns(const struct nstrack_netns *ns,
			 const struct nstrack_names *names, uint64_t now_ns)
{
	size_t first, n = netns_names(ns, names, &first), i;
	char buf[128], age[32];
	char *joined;

	print_open_object(NULL);

	print_u64("cookie", "cookie:    %" PRIu64 "\n", ns->cookie);
	print_u64("inode", "inode:     %" PRIu64 "\n", ns->inode);
	if (ns->has_nsid)
		print_s64("nsid", "nsid:      %" PRId64 "\n", ns->nsid);
	else
		print_null("nsid", "nsid:      -\n");

	print_open_array("names");
	for (i = 0; i < n; i++)
		print_string(NULL, NULL, names->v[first + i].name);
	print_close_array();
	if (!print_is_json()) {
		joined = join_names(ns, names);
		print_string(NULL, "names:     %s\n", joined ? joined : "?");
		free(joined);
	}

	if (ns->has_owner_uid)
		print_u64("owner_uid", NULL, ns->owner_uid);
	else
		print_null("owner_uid", NULL);
	if (ns->has_owner_userns)
		print_u64("owner_userns", NULL, ns->owner_userns);
	else
		print_null("owner_userns", NULL);
	if (ns->has_owner_uid && ns->has_owner_userns)
		print_text("owner:     uid %" PRIu32 " (userns %" PRIu32 ")\n",
			   ns->owner_uid, ns->owner_userns);
	else if (ns->has_owner_uid)
		print_text("owner:     uid %" PRIu32 "\n", ns->owner_uid);
	else
		print_text("owner:     -\n");

	print_string("state", "state:     %s\n", nstrack_state_name(ns->state));

	if (ns->has_created) {
		print_u64("created_ns", NULL, ns->created_ns);
		nstrack_fmt_boottime(buf, sizeof(buf), ns->created_ns);
		nstrack_fmt_age(age, sizeof(age),
				age_seconds(now_ns, ns->created_ns));
		print_text("created:   %s (%s ago)\n", buf, age);
	} else {
		print_null("created_ns",
			   "created:   unknown (existed before nstrack was loaded)\n");
	}

	if (ns->has_creator) {
		print_open_object("creator");
		print_u64("pid", NULL, ns->creator_pid);
		print_string("comm", NULL, ns->creator_comm);
		print_close_object();
		snprintf(buf, sizeof(buf), "%" PRIu32 "/%s", ns->creator_pid,
			 ns->creator_comm);
		print_string(NULL, "creator:   %s\n", buf);
	} else {
		print_null("creator", "creator:   -\n");
	}

	print_u64("serial", "serial:    %" PRIu64 "\n", ns->serial);
	print_bool("preexisting", NULL, nstrack_netns_preexisting(ns));

	if (ns->has_seen) {
		print_u64("seen_ns", NULL, ns->seen_ns);
		nstrack_fmt_boottime(buf, sizeof(buf), ns->seen_ns);
		text_line("seen", buf);
	} else {
		print_null("seen_ns", NULL);
	}

	if (ns->has_pre_exit) {
		print_u64("pre_exit_ns", NULL, ns->pre_exit_ns);
		nstrack_fmt_boottime(buf, sizeof(buf), ns->pre_exit_ns);
		text_line("pre_exit", buf);
	} else {
		print_null("pre_exit_ns", NULL);
	}
	if (ns->has_exit) {
		print_u64("exit_ns", NULL, ns->exit_ns);
		nstrack_fmt_boottime(buf, sizeof(buf), ns->exit_ns);
		text_line("exit", buf);
	} else {
		print_null("exit_ns", NULL);
	}

	/* alive from creation until pre_exit (or exit if pre_exit is unknown) */
	if (ns->has_created && (ns->has_pre_exit || ns->has_exit)) {
		uint64_t end = ns->has_pre_exit ? ns->pre_exit_ns : ns->exit_ns;

		nstrack_fmt_duration(buf, sizeof(buf), delta(ns->created_ns, end));
		text_line("lived", buf);
	}
	if (ns->has_pre_exit && ns->has_exit) {
		nstrack_fmt_duration(buf, sizeof(buf),
				     delta(ns->pre_exit_ns, ns->exit_ns));
		text_line("teardown", buf);
	}

	print_close_object();
}

enum { COL_INODE, COL_COOKIE, COL_NSID, COL_NAMES, COL_OWNER, COL_AGE,
       COL_CREATOR, COL_STATE, NCOLS };

static const char *const list_header[NCOLS] = {
	"INODE", "COOKIE", "NSID", "NAMES", "OWNER", "AGE", "CREATOR", "STATE",
};

static int list_row(struct print_table *t, const struct nstrack_netns *ns,
		    const struct nstrack_names *names, uint64_t now_ns)
{
	char inode[16], cookie[24], nsid[16], owner[16], age[32], creator[48];
	const char *cells[NCOLS];
	char *joined;
	int err;

	joined = join_names(ns, names);
	if (!joined)
		return -ENOMEM;

	snprintf(inode, sizeof(inode), "%" PRIu32, ns->inode);
	snprintf(cookie, sizeof(cookie), "%" PRIu64, ns->cookie);
	if (ns->has_nsid)
		snprintf(nsid, sizeof(nsid), "%" PRId32, ns->nsid);
	else
		strcpy(nsid, "-");
	if (ns->has_owner_uid)
		snprintf(owner, sizeof(owner), "%" PRIu32, ns->owner_uid);
	else
		strcpy(owner, "-");
	if (ns->has_created)
		nstrack_fmt_age(age, sizeof(age),
				age_seconds(now_ns, ns->created_ns));
	else
		strcpy(age, "?");
	if (ns->has_creator)
		snprintf(creator, sizeof(creator), "%" PRIu32 "/%s",
			 ns->creator_pid, ns->creator_comm);
	else
		strcpy(creator, "-");

	cells[COL_INODE] = inode;
	cells[COL_COOKIE] = cookie;
	cells[COL_NSID] = nsid;
	cells[COL_NAMES] = joined;
	cells[COL_OWNER] = owner;
	cells[COL_AGE] = age;
	cells[COL_CREATOR] = creator;
	cells[COL_STATE] = nstrack_state_name(ns->state);
	err = print_table_add(t, cells);
	free(joined);
	return err;
}

int nstrack_print_list(const struct nstrack_netns *v, size_t n,
		       const struct nstrack_names *names, uint64_t now_ns)
{
	struct print_table *t;
	size_t i;
	int err = 0;

	if (print_is_json()) {
		print_open_array(NULL);
		for (i = 0; i < n; i++)
			nstrack_print_netns(&v[i], names, now_ns);
		print_close_array();
		return 0;
	}

	t = print_table_new(NCOLS, list_header);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < n && !err; i++)
		err = list_row(t, &v[i], names, now_ns);
	if (!err)
		print_table_emit(t);
	print_table_free(t);
	return err;
}
