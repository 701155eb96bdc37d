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

/* a name under /run/netns (NAME_MAX) or an inode, and the NUL */
#define NAME_MAX_LABEL 256

uint64_t nstrack_boottime_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * NSTRACK_NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

void nstrack_fmt_task(char *buf, size_t len, bool has_pid, uint32_t pid,
		      const char *comm)
{
	if (has_pid)
		snprintf(buf, len, "%" PRIu32 "/%s", pid, comm);
	else
		snprintf(buf, len, "?/%s", comm);
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

/* the names of inode ino joined: "a,b,c", or "-"; NULL if out of memory */
static char *join_inode_names(const struct nstrack_names *names, uint64_t ino)
{
	size_t first = 0, n = 0, i, len = 2;
	char *s;

	if (names)
		n = nstrack_names_find(names, ino, &first);
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

/* the names of a namespace record: "a,b,c" or "-"; NULL if out of memory */
static char *join_names(const struct nstrack_netns *ns,
			const struct nstrack_names *names)
{
	if (ns->state != NSTRACK_NETNS_STATE_ALIVE)
		names = NULL;
	return join_inode_names(names, ns->inode);
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

/* A boottime: a number (or null) in JSON, a "label: time" line in text. */
static void boottime_field(const char *key, const char *label, bool has,
			   uint64_t ns)
{
	char buf[64];

	if (!has) {
		print_null(key, NULL);
		return;
	}
	print_u64(key, NULL, ns);
	if (print_is_json())	/* the text is not needed: not made */
		return;
	nstrack_fmt_boottime(buf, sizeof(buf), ns);
	text_line(label, buf);
}

void nstrack_print_netns(const struct nstrack_netns *ns,
			 const struct nstrack_names *names, uint64_t now_ns)
{
	print_open_object(NULL);
	nstrack_print_netns_fields(ns, names, now_ns);
	print_close_object();
}

void nstrack_print_netns_fields(const struct nstrack_netns *ns,
				const struct nstrack_names *names,
				uint64_t now_ns)
{
	size_t first, n = netns_names(ns, names, &first), i;
	char buf[128], age[32];
	char *joined;

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
	if (ns->has_devices)
		print_u64("devices", "devices:   %" PRIu64 "\n", ns->devices);
	else
		print_null("devices", "devices:   -\n");
	if (ns->has_sockets) {
		print_u64("sockets", NULL, ns->sockets);
		if (ns->has_tcp_time_wait)
			print_text("sockets:   %" PRIu32 " (%" PRIu32
				   " in TCP TIME_WAIT)\n", ns->sockets,
				   ns->tcp_time_wait);
		else
			print_text("sockets:   %" PRIu32 "\n", ns->sockets);
	} else {
		print_null("sockets", "sockets:   -\n");
	}

	if (ns->has_created) {
		print_u64("created_ns", NULL, ns->created_ns);
		if (!print_is_json()) {
			nstrack_fmt_boottime(buf, sizeof(buf), ns->created_ns);
			nstrack_fmt_age(age, sizeof(age),
					age_seconds(now_ns, ns->created_ns));
			print_text("created:   %s (%s ago)\n", buf, age);
		}
	} else {
		print_null("created_ns",
			   "created:   unknown (existed before nstrack was loaded)\n");
	}

	/* no pid: the creator is not visible from the caller's pid namespace */
	if (ns->has_creator || ns->creator_comm[0]) {
		print_open_object("creator");
		if (ns->has_creator)
			print_u64("pid", NULL, ns->creator_pid);
		else
			print_null("pid", NULL);
		print_string("comm", NULL, ns->creator_comm);
		print_close_object();
		if (!print_is_json()) {
			nstrack_fmt_task(buf, sizeof(buf), ns->has_creator,
					 ns->creator_pid, ns->creator_comm);
			print_string(NULL, "creator:   %s\n", buf);
		}
	} else {
		print_null("creator", "creator:   -\n");
	}

	print_u64("serial", "serial:    %" PRIu64 "\n", ns->serial);
	print_bool("preexisting", NULL, nstrack_netns_preexisting(ns));

	boottime_field("seen_ns", "seen", ns->has_seen, ns->seen_ns);
	boottime_field("pre_exit_ns", "pre_exit", ns->has_pre_exit,
		       ns->pre_exit_ns);
	boottime_field("exit_ns", "exit", ns->has_exit, ns->exit_ns);

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
}

enum { COL_INODE, COL_COOKIE, COL_NSID, COL_NAMES, COL_OWNER, COL_AGE,
       COL_CREATOR, COL_DEVICES, COL_SOCKETS, COL_STATE, NCOLS };

static const char *const list_header[NCOLS] = {
	"INODE", "COOKIE", "NSID", "NAMES", "OWNER", "AGE", "CREATOR",
	"DEVICES", "SOCKETS", "STATE",
};

static int list_row(struct print_table *t, const struct nstrack_netns *ns,
		    const struct nstrack_names *names, uint64_t now_ns)
{
	char inode[16], cookie[24], nsid[16], owner[16], age[32], creator[48];
	char devices[16], sockets[16];
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
	if (ns->has_creator || ns->creator_comm[0])
		nstrack_fmt_task(creator, sizeof(creator), ns->has_creator,
				 ns->creator_pid, ns->creator_comm);
	else
		strcpy(creator, "-");

	if (ns->has_devices)
		snprintf(devices, sizeof(devices), "%" PRIu32, ns->devices);
	else
		strcpy(devices, "-");
	if (ns->has_sockets)
		snprintf(sockets, sizeof(sockets), "%" PRIu32, ns->sockets);
	else
		strcpy(sockets, "-");

	cells[COL_INODE] = inode;
	cells[COL_COOKIE] = cookie;
	cells[COL_NSID] = nsid;
	cells[COL_NAMES] = joined;
	cells[COL_OWNER] = owner;
	cells[COL_AGE] = age;
	cells[COL_CREATOR] = creator;
	cells[COL_DEVICES] = devices;
	cells[COL_SOCKETS] = sockets;
	cells[COL_STATE] = nstrack_state_name(ns->state);
	err = print_table_add(t, cells);
	free(joined);
	return err;
}

void nstrack_print_list_array(const char *key, const struct nstrack_netns *v,
			      size_t n, const struct nstrack_names *names,
			      uint64_t now_ns)
{
	size_t i;

	print_open_array(key);
	for (i = 0; i < n; i++)
		nstrack_print_netns(&v[i], names, now_ns);
	print_close_array();
}

int nstrack_print_list(const struct nstrack_netns *v, size_t n,
		       const struct nstrack_names *names, uint64_t now_ns)
{
	struct print_table *t;
	size_t i;
	int err = 0;

	if (print_is_json()) {
		nstrack_print_list_array(NULL, v, n, names, now_ns);
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

/* ---- devices ---- */

/* first name of the live namespace with inode ino, or NULL */
static const char *first_name(const struct nstrack_names *names, uint64_t ino)
{
	size_t first;

	if (!names || !nstrack_names_find(names, ino, &first))
		return NULL;
	return names->v[first].name;
}

static void print_device(const struct nstrack_dev *d,
			 const struct nstrack_names *names)
{
	char mac[NSTRACK_MAC_STRLEN];
	size_t first, n = 0, i;

	if (names)
		n = nstrack_names_find(names, d->netns_inode, &first);

	print_open_object(NULL);
	print_u64("netns_cookie", NULL, d->netns_cookie);
	print_u64("netns_inode", NULL, d->netns_inode);
	print_u64("ifindex", NULL, d->ifindex);
	print_string("name", NULL, d->name);
	print_string("kind", NULL, d->kind);
	if (d->addr_len)
		print_string("mac", NULL, nstrack_fmt_mac(mac, d->addr,
							   d->addr_len));
	else
		print_null("mac", NULL);
	print_open_array("netns_names");
	for (i = 0; i < n; i++)
		print_string(NULL, NULL, names->v[first + i].name);
	print_close_array();
	print_close_object();
}

enum { DCOL_NETNS, DCOL_IFINDEX, DCOL_NAME, DCOL_KIND, DCOL_MAC, DNCOLS };

static const char *const dev_header[DNCOLS] = {
	"NETNS", "IFINDEX", "NAME", "KIND", "MAC",
};

static int device_row(struct print_table *t, const struct nstrack_dev *d,
		      const struct nstrack_names *names)
{
	char inode[16], ifindex[16], mac[NSTRACK_MAC_STRLEN];
	const char *cells[DNCOLS], *name = first_name(names, d->netns_inode);

	snprintf(inode, sizeof(inode), "%" PRIu32, d->netns_inode);
	snprintf(ifindex, sizeof(ifindex), "%" PRIu32, d->ifindex);
	if (d->addr_len)
		nstrack_fmt_mac(mac, d->addr, d->addr_len);
	else
		strcpy(mac, "-");
	cells[DCOL_NETNS] = name ? name : inode;
	cells[DCOL_IFINDEX] = ifindex;
	cells[DCOL_NAME] = d->name;
	cells[DCOL_KIND] = d->kind;
	cells[DCOL_MAC] = mac;
	return print_table_add(t, cells);
}

void nstrack_print_devices_array(const char *key, const struct nstrack_dev *v,
				 size_t n, const struct nstrack_names *names)
{
	size_t i;

	print_open_array(key);
	for (i = 0; i < n; i++)
		print_device(&v[i], names);
	print_close_array();
}

int nstrack_print_devices(const struct nstrack_dev *v, size_t n,
			  const struct nstrack_names *names)
{
	struct print_table *t;
	size_t i;
	int err = 0;

	if (print_is_json()) {
		nstrack_print_devices_array(NULL, v, n, names);
		return 0;
	}

	t = print_table_new(DNCOLS, dev_header);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < n && !err; i++)
		err = device_row(t, &v[i], names);
	if (!err)
		print_table_emit(t);
	print_table_free(t);
	return err;
}

/* ---- sockets ---- */

static void print_sockets_json(const struct nstrack_netns_sockets *r,
			       const struct nstrack_names *names)
{
	size_t first, n = 0, i;

	if (names)
		n = nstrack_names_find(names, r->inode, &first);

	print_open_object(NULL);
	print_u64("cookie", NULL, r->cookie);
	print_u64("inode", NULL, r->inode);
	print_open_array("names");
	for (i = 0; i < n; i++)
		print_string(NULL, NULL, names->v[first + i].name);
	print_close_array();
	print_u64("total", NULL, r->s.total);
	print_open_object("by_protocol");
	for (i = 0; i < r->s.nprotos; i++)
		print_u64(r->s.protos[i].name, NULL, r->s.protos[i].inuse);
	print_close_object();
	if (r->s.has_tcp_time_wait)
		print_u64("tcp_time_wait", NULL, r->s.tcp_time_wait);
	else
		print_null("tcp_time_wait", NULL);
	print_close_object();
}

/*
 * The protocol columns: every name in the order the module sent them.
 * It sends the same list for every namespace; should one differ, names
 * not seen before are appended.  The strings belong to v.
 */
static int sockets_columns(const struct nstrack_netns_sockets *v, size_t n,
			   const char ***cols, size_t *ncols)
{
	const char **c = NULL;
	size_t i, j, k, nc = 0, cap = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < v[i].s.nprotos; j++) {
			const char *name = v[i].s.protos[j].name;

			for (k = 0; k < nc && strcmp(c[k], name); k++)
				;
			if (k < nc)
				continue;
			if (nc == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				const char **nv = realloc(c, ncap * sizeof(*nv));

				if (!nv) {
					free(c);
					return -ENOMEM;
				}
				c = nv;
				cap = ncap;
			}
			c[nc++] = name;
		}
	}
	*cols = c;
	*ncols = nc;
	return 0;
}

/* NETNS NAMES TOTAL, the protocols from SCOL_PROTO0 on, then TW */
enum { SCOL_NETNS, SCOL_NAMES, SCOL_TOTAL, SCOL_PROTO0 };

#define COUNT_LEN 16

/* the sockets table being built, and room for the cells of one row */
struct sockets_table {
	struct print_table *t;
	const char **protos;		/* column names, owned by the records */
	size_t nprotos;
	const char **cells;		/* SCOL_PROTO0 + nprotos + 1 */
	char (*nums)[COUNT_LEN];	/* inode, total, protocols, TW */
};

static void fmt_count(char *buf, bool have, uint32_t v)
{
	if (have)
		snprintf(buf, COUNT_LEN, "%" PRIu32, v);
	else
		strcpy(buf, "-");
}

static int sockets_row(struct sockets_table *st,
		       const struct nstrack_netns_sockets *r,
		       const struct nstrack_names *names)
{
	const struct nstrack_proto_count *pc;
	char (*nums)[COUNT_LEN] = st->nums;
	char *joined;
	size_t i;
	int err;

	joined = join_inode_names(names, r->inode);
	if (!joined)
		return -ENOMEM;
	fmt_count(nums[0], true, r->inode);
	fmt_count(nums[1], true, r->s.total);
	st->cells[SCOL_NETNS] = nums[0];
	st->cells[SCOL_NAMES] = joined;
	st->cells[SCOL_TOTAL] = nums[1];
	for (i = 0; i < st->nprotos; i++) {
		pc = nstrack_sockets_find(&r->s, st->protos[i]);
		fmt_count(nums[2 + i], pc, pc ? pc->inuse : 0);
		st->cells[SCOL_PROTO0 + i] = nums[2 + i];
	}
	fmt_count(nums[2 + i], r->s.has_tcp_time_wait, r->s.tcp_time_wait);
	st->cells[SCOL_PROTO0 + i] = nums[2 + i];
	err = print_table_add(st->t, st->cells);
	free(joined);
	return err;
}

int nstrack_print_sockets(const struct nstrack_netns_sockets *v, size_t n,
			  const struct nstrack_names *names)
{
	struct sockets_table st = { 0 };
	size_t i, ncols;
	int err;

	if (print_is_json()) {
		print_open_array(NULL);
		for (i = 0; i < n; i++)
			print_sockets_json(&v[i], names);
		print_close_array();
		return 0;
	}

	err = sockets_columns(v, n, &st.protos, &st.nprotos);
	if (err)
		return err;
	ncols = SCOL_PROTO0 + st.nprotos + 1;
	st.cells = calloc(ncols, sizeof(*st.cells));
	st.nums = calloc(st.nprotos + 3, sizeof(*st.nums));
	if (!st.cells || !st.nums) {
		err = -ENOMEM;
		goto out;
	}
	st.cells[SCOL_NETNS] = "NETNS";
	st.cells[SCOL_NAMES] = "NAMES";
	st.cells[SCOL_TOTAL] = "TOTAL";
	for (i = 0; i < st.nprotos; i++)
		st.cells[SCOL_PROTO0 + i] = st.protos[i];
	st.cells[SCOL_PROTO0 + i] = "TW";
	st.t = print_table_new(ncols, st.cells);
	if (!st.t) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n && !err; i++)
		err = sockets_row(&st, &v[i], names);
	if (!err)
		print_table_emit(st.t);
out:
	print_table_free(st.t);
	free(st.nums);
	free(st.cells);
	free(st.protos);
	return err;
}

/* ---- events ---- */

static int cookie_cmp(const void *a, const void *b)
{
	const struct nstrack_netns *x = a, *y = b;

	if (x->cookie != y->cookie)
		return x->cookie < y->cookie ? -1 : 1;
	return 0;
}

void nstrack_netns_sort_by_cookie(struct nstrack_netns *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), cookie_cmp);
}

static const struct nstrack_netns *
find_cookie(const struct nstrack_netns_ctx *ctx, uint64_t cookie)
{
	struct nstrack_netns key;

	if (!ctx || !ctx->n)
		return NULL;
	key.cookie = cookie;
	return bsearch(&key, ctx->ns, ctx->n, sizeof(*ctx->ns), cookie_cmp);
}

/*
 * The namespace of an endpoint in text: the first name under /run/netns
 * of that cookie's namespace if it is still alive and named, else the
 * inode ("?" if even that is unknown).
 */
static void fmt_netns_label(char *buf, size_t len,
			    const struct nstrack_endpoint *ep,
			    const struct nstrack_netns_ctx *ctx)
{
	const struct nstrack_netns *rec = NULL;
	const char *name = NULL;

	if (ep->has_cookie)
		rec = find_cookie(ctx, ep->cookie);
	if (rec && rec->state == NSTRACK_NETNS_STATE_ALIVE)
		name = first_name(ctx->names, rec->inode);
	if (name)
		snprintf(buf, len, "%s", name);
	else if (ep->has_inode)
		snprintf(buf, len, "%" PRIu32, ep->inode);
	else if (rec)
		snprintf(buf, len, "%" PRIu32, rec->inode);
	else
		snprintf(buf, len, "?");
}

/* "NETNS:name/ifindex", or "-" when the nest was not sent */
static void fmt_dev_endpoint(char *buf, size_t len,
			     const struct nstrack_endpoint *ep,
			     const struct nstrack_netns_ctx *ctx)
{
	char label[NAME_MAX_LABEL], ifindex[16];

	if (!ep->present) {
		snprintf(buf, len, "-");
		return;
	}
	fmt_netns_label(label, sizeof(label), ep, ctx);
	if (ep->has_ifindex)
		snprintf(ifindex, sizeof(ifindex), "%" PRIu32, ep->ifindex);
	else
		strcpy(ifindex, "?");
	snprintf(buf, len, "%s:%s/%s", label, ep->has_name ? ep->name : "?",
		 ifindex);
}

static void print_endpoint(const char *key, const struct nstrack_endpoint *ep,
			   bool dev)
{
	if (!ep->present) {
		print_null(key, NULL);
		return;
	}
	print_open_object(key);
	if (ep->has_cookie)
		print_u64("cookie", NULL, ep->cookie);
	else
		print_null("cookie", NULL);
	if (ep->has_inode)
		print_u64("inode", NULL, ep->inode);
	else
		print_null("inode", NULL);
	if (dev) {
		if (ep->has_ifindex)
			print_u64("ifindex", NULL, ep->ifindex);
		else
			print_null("ifindex", NULL);
		print_string("name", NULL, ep->has_name ? ep->name : NULL);
	}
	print_close_object();
}

static void print_event_json(const struct nstrack_event *ev)
{
	print_open_object(NULL);
	nstrack_print_event_fields(ev);
	print_close_object();
}

void nstrack_print_event_fields(const struct nstrack_event *ev)
{
	const struct nstrack_endpoint *dev = nstrack_event_dev_endpoint(ev);

	print_u64("seq", NULL, ev->seq);
	print_u64("time_ns", NULL, ev->time_ns);
	print_string("type", NULL, nstrack_event_type_name(ev->type));
	if (ev->has_task || ev->task_comm[0]) {
		print_open_object("task");
		if (ev->has_task)
			print_u64("pid", NULL, ev->task_pid);
		else
			print_null("pid", NULL);
		print_string("comm", NULL, ev->task_comm);
		print_close_object();
	} else {
		print_null("task", NULL);
	}
	if (nstrack_event_is_netns(ev))
		print_endpoint("netns", &ev->netns, false);
	if (nstrack_event_is_dev(ev)) {
		if (dev && dev->has_ifindex)
			print_u64("ifindex", NULL, dev->ifindex);
		else
			print_null("ifindex", NULL);
		print_string("name", NULL,
			     dev && dev->has_name ? dev->name : NULL);
		print_endpoint("from", &ev->from, true);
		print_endpoint("to", &ev->to, true);
		print_string("reason", NULL,
			     nstrack_event_reason_name(ev->has_reason ?
						       ev->reason : 0));
	}
}

enum { ECOL_SEQ, ECOL_TIME, ECOL_EVENT, ECOL_DEVICE, ECOL_FROM, ECOL_TO,
       ECOL_REASON, ECOL_TASK, ENCOLS };

static const char *const event_header[ENCOLS] = {
	"SEQ", "TIME", "EVENT", "DEVICE", "FROM", "TO", "REASON", "TASK",
};

/* The text cells of one event, shared by history's table and monitor. */
struct event_text {
	char seq[24];
	char when[32];
	char from[NAME_MAX_LABEL + 48];
	char to[NAME_MAX_LABEL + 48];
	char task[48];
	const char *cells[ENCOLS];
};

static void event_text(struct event_text *et, const struct nstrack_event *ev,
		       const struct nstrack_netns_ctx *ctx)
{
	const struct nstrack_endpoint *dev = nstrack_event_dev_endpoint(ev);

	snprintf(et->seq, sizeof(et->seq), "%" PRIu64, ev->seq);
	snprintf(et->when, sizeof(et->when), "%" PRIu64 ".%06" PRIu64,
		 ev->time_ns / NSTRACK_NSEC_PER_SEC,
		 ev->time_ns % NSTRACK_NSEC_PER_SEC / 1000);
	strcpy(et->from, "-");
	strcpy(et->to, "-");
	if (nstrack_event_is_netns(ev)) {
		/* a new namespace appears in TO, a dying one leaves FROM */
		if (ev->netns.present && ev->type == NSTRACK_EVENT_NETNS_NEW)
			fmt_netns_label(et->to, sizeof(et->to), &ev->netns, ctx);
		else if (ev->netns.present)
			fmt_netns_label(et->from, sizeof(et->from), &ev->netns,
					ctx);
	} else {
		fmt_dev_endpoint(et->from, sizeof(et->from), &ev->from, ctx);
		fmt_dev_endpoint(et->to, sizeof(et->to), &ev->to, ctx);
	}
	if (ev->has_task || ev->task_comm[0])
		nstrack_fmt_task(et->task, sizeof(et->task), ev->has_task,
				 ev->task_pid, ev->task_comm);
	else
		strcpy(et->task, "-");

	et->cells[ECOL_SEQ] = et->seq;
	et->cells[ECOL_TIME] = et->when;
	et->cells[ECOL_EVENT] = nstrack_event_type_name(ev->type);
	et->cells[ECOL_DEVICE] = dev && dev->has_name ? dev->name : "-";
	et->cells[ECOL_FROM] = et->from;
	et->cells[ECOL_TO] = et->to;
	et->cells[ECOL_REASON] = !nstrack_event_is_dev(ev) ? "-" :
		nstrack_event_reason_name(ev->has_reason ? ev->reason : 0);
	et->cells[ECOL_TASK] = et->task;
}

static int event_row(struct print_table *t, const struct nstrack_event *ev,
		     const struct nstrack_netns_ctx *ctx)
{
	struct event_text et;

	event_text(&et, ev, ctx);
	return print_table_add(t, et.cells);
}

void nstrack_fmt_walltime(char *buf, size_t len, uint64_t ns)
{
	time_t sec = (time_t)(ns / NSTRACK_NSEC_PER_SEC);
	struct tm tm;

	if (!localtime_r(&sec, &tm) ||
	    !strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, len, "?");
		return;
	}
	snprintf(buf + strlen(buf), len - strlen(buf), ".%06" PRIu64,
		 ns % NSTRACK_NSEC_PER_SEC / 1000);
}

void nstrack_print_event(const struct nstrack_event *ev, uint64_t wall_ns)
{
	char when[48], line[1024];
	struct event_text et;

	if (print_is_json()) {
		print_event_json(ev);
		return;
	}
	event_text(&et, ev, NULL);
	nstrack_fmt_walltime(when, sizeof(when), wall_ns);
	snprintf(line, sizeof(line), "%s  %s  %-14s  %s  %s  %s  %s  %s", when,
		 et.seq, et.cells[ECOL_EVENT], et.cells[ECOL_DEVICE], et.from,
		 et.to, et.cells[ECOL_REASON], et.task);
	/* names and comms may hold control characters: one line, always */
	print_string(NULL, "%s\n", line);
}

int nstrack_print_resync(uint64_t lost, uint64_t seq,
			 const struct nstrack_netns *ns, size_t nns,
			 const struct nstrack_dev *devs, size_t ndevs,
			 const struct nstrack_names *names, uint64_t now_ns)
{
	int err;

	if (print_is_json()) {
		print_open_object(NULL);
		print_string("type", NULL, "resync");
		print_u64("lost", NULL, lost);
		print_u64("seq", NULL, seq);
		nstrack_print_list_array("netns", ns, nns, names, now_ns);
		nstrack_print_devices_array("devices", devs, ndevs, names);
		print_close_object();
		return 0;
	}
	print_text("--- %" PRIu64 " events lost; the state after event %" PRIu64 ":\n",
		   lost, seq);
	err = nstrack_print_list(ns, nns, names, now_ns);
	if (!err)
		err = nstrack_print_devices(devs, ndevs, names);
	print_text("---\n");
	return err;
}

int nstrack_print_history(const struct nstrack_event *v, size_t n,
			  const struct nstrack_netns_ctx *ctx)
{
	struct print_table *t;
	size_t i;
	int err = 0;

	if (print_is_json()) {
		print_open_array(NULL);
		for (i = 0; i < n; i++)
			print_event_json(&v[i]);
		print_close_array();
		return 0;
	}

	t = print_table_new(ENCOLS, event_header);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < n && !err; i++)
		err = event_row(t, &v[i], ctx);
	if (!err)
		print_table_emit(t);
	print_table_free(t);
	return err;
}
