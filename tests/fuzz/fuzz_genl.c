// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the tool's handling of generic netlink replies.
 *
 * Input: one byte picks the operation, one byte of flags, then the
 * datagrams the fake kernel answers with (fuzz.h).  The operations are the
 * tool's own requests over a struct nstrack_nl whose transport is the fuzz
 * input: nlctrl family resolution (multicast groups), the NETNS_GET,
 * DEV_GET, HISTORY_GET, SOCKETS_GET and INFO_GET dumps and "do"s, the
 * commands list, show, devices, sockets, history and holders printing to
 * memory, the monitor's event stream (notifications, read-back from the
 * history, resync), and every record parser run directly on each message.
 * NLMSG_ERROR (with extack), NLMSG_DONE, NLMSG_OVERRUN and interrupted
 * dumps come from the input like anything else.
 *
 * Besides the sanitizers, these hold for every input:
 *  - a parsed record agrees with an independent walk of its attributes
 *    (the last attribute of each mandatory type, at its exact size);
 *  - a well-formed DEV_GET message (checked by that walk) parses;
 *  - a failing request printed exactly one error line, a successful one
 *    none (warnings aside), and no error line holds a control character;
 *  - text output holds no control character but newlines, JSON output
 *    parses as JSON;
 *  - the monitor shows events in strictly increasing sequence order,
 *    only those its --type filter wants.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>
#include <linux/genetlink.h>
#include <linux/nstrack.h>

#include "attr.h"
#include "cmd.h"
#include "dev.h"
#include "event.h"
#include "fuzz.h"
#include "info.h"
#include "monitor.h"
#include "netns.h"
#include "nl.h"
#include "nsarg.h"
#include "output.h"
#include "print.h"
#include "sockets.h"
#include "util.h"

enum op {
	OP_FAMILY,
	OP_NETNS_DUMP,
	OP_NETNS_LOOKUP,
	OP_DEVICES_DUMP,
	OP_DEVICES_OF,
	OP_HISTORY_READ,
	OP_HISTORY_OF,
	OP_INFO,
	OP_LIST,
	OP_SHOW,
	OP_DEVICES,
	OP_SOCKETS,
	OP_HISTORY,
	OP_HOLDERS,
	OP_MONITOR,
	OP_RECORDS,
	OP_COUNT
};

/* flags byte */
#define F_JSON		0x01
#define F_PRETTY	0x02
#define F_NS		0x04	/* the command is given an NS */
#define F_TIMELINE	0x08	/* show --timeline; history --dev */
#define F_FILTER	0x10	/* monitor: NS and --type filters */

static char names_dir[256], proc_dir[256];

/*
 * A whole message fits the rest bytes left: not mnl_nlmsg_ok(), which
 * compares the length as an int and lets one above INT_MAX through.
 */
static bool msg_fits(const struct nlmsghdr *nlh, int rest)
{
	return rest >= (int)sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	       nlh->nlmsg_len <= (unsigned int)rest;
}

/* ---- an independent walk of a message's attributes ---- */

struct ref_attr {
	const uint8_t *data;	/* payload of the last one of its type */
	size_t len;
	bool seen;
};

#define REF_MAX 32

/*
 * Walk the attributes of payload[0..len) by hand.  true if every one has
 * a length of at least its header, stays inside and the last one ends
 * the payload (up to its padding); ref[type] keeps the last of each type
 * below REF_MAX.
 */
static bool ref_walk(const uint8_t *payload, size_t len, struct ref_attr *ref)
{
	size_t off = 0;

	memset(ref, 0, REF_MAX * sizeof(*ref));
	while (off + 4 <= len) {
		uint16_t alen, type;

		memcpy(&alen, payload + off, 2);
		memcpy(&type, payload + off + 2, 2);
		type &= NLA_TYPE_MASK;
		if (alen < 4 || alen > len - off)
			return false;
		if (type < REF_MAX) {
			ref[type].data = payload + off + 4;
			ref[type].len = alen - 4u;
			ref[type].seen = true;
		}
		off += (alen + 3u) & ~3u;
	}
	return off >= len;
}

/* the attributes after the generic netlink header; false if none fit */
static bool ref_msg(const struct nlmsghdr *nlh, uint8_t *cmd,
		    struct ref_attr *ref)
{
	const uint8_t *p = (const uint8_t *)nlh;

	if (nlh->nlmsg_len < 20)
		return false;
	*cmd = p[16];
	return ref_walk(p + 20, nlh->nlmsg_len - 20, ref);
}

static uint64_t ref_u64(const struct ref_attr *a)
{
	uint64_t v;

	FZ_CHECK(a->seen && a->len == 8);
	memcpy(&v, a->data, 8);
	return v;
}

static uint32_t ref_u32(const struct ref_attr *a)
{
	uint32_t v;

	FZ_CHECK(a->seen && a->len == 4);
	memcpy(&v, a->data, 4);
	return v;
}

static uint8_t ref_u8(const struct ref_attr *a)
{
	FZ_CHECK(a->seen && a->len == 1);
	return a->data[0];
}

/* a string attribute, NUL-terminated, of at most max bytes */
static bool ref_str_ok(const struct ref_attr *a, size_t max)
{
	return a->len >= 1 && a->len <= max && a->data[a->len - 1] == '\0';
}

/* dst is what a parser copied from string attribute a */
static void check_str(const char *dst, size_t size, const struct ref_attr *a)
{
	size_t n;

	FZ_CHECK(fz_terminated(dst, size));
	n = strnlen((const char *)a->data, a->len);
	if (n > size - 1)
		n = size - 1;
	FZ_CHECK(strlen(dst) == n && !memcmp(dst, a->data, n));
}

static void check_netns(const struct nlmsghdr *nlh)
{
	struct ref_attr ref[REF_MAX];
	struct nstrack_netns ns;
	uint8_t cmd;

	if (nstrack_netns_parse(nlh, &ns) < 0)
		return;
	FZ_CHECK(ref_msg(nlh, &cmd, ref) && cmd == NSTRACK_CMD_NETNS_GET);
	FZ_CHECK(ns.serial == ref_u64(&ref[NSTRACK_A_NETNS_SERIAL]));
	FZ_CHECK(ns.cookie == ref_u64(&ref[NSTRACK_A_NETNS_COOKIE]));
	FZ_CHECK(ns.inode == ref_u32(&ref[NSTRACK_A_NETNS_INODE]));
	FZ_CHECK(ns.state == ref_u8(&ref[NSTRACK_A_NETNS_STATE]));
	FZ_CHECK(ns.has_nsid == ref[NSTRACK_A_NETNS_NSID].seen);
	FZ_CHECK(ns.has_devices == ref[NSTRACK_A_NETNS_DEVICES].seen);
	FZ_CHECK(ns.has_sockets == ref[NSTRACK_A_NETNS_SOCKETS].seen);
	if (ref[NSTRACK_A_NETNS_CREATOR_COMM].seen)
		check_str(ns.creator_comm, sizeof(ns.creator_comm),
			  &ref[NSTRACK_A_NETNS_CREATOR_COMM]);
	else
		FZ_CHECK(!ns.creator_comm[0]);
}

/* a well-formed DEV_GET message, by the protocol's rules */
static bool ref_dev_valid(uint8_t cmd, const struct ref_attr *ref)
{
	return cmd == NSTRACK_CMD_DEV_GET &&
	       ref[NSTRACK_A_DEV_NETNS_COOKIE].len == 8 &&
	       ref[NSTRACK_A_DEV_NETNS_INODE].len == 4 &&
	       ref[NSTRACK_A_DEV_IFINDEX].len == 4 &&
	       ref_str_ok(&ref[NSTRACK_A_DEV_NAME], NSTRACK_IFNAME_LEN) &&
	       ref_str_ok(&ref[NSTRACK_A_DEV_KIND], NSTRACK_KIND_LEN) &&
	       (!ref[NSTRACK_A_DEV_ADDRESS].seen ||
		ref[NSTRACK_A_DEV_ADDRESS].len <= NSTRACK_ADDR_MAX);
}

/*
 * Every attribute of the message, of a type the parser knows, is valid
 * (not only the last one of its type): then the parser must accept it.
 */
static bool all_dev_attrs_valid(const struct nlmsghdr *nlh)
{
	const uint8_t *p = (const uint8_t *)nlh + 20;
	size_t len = nlh->nlmsg_len - 20, off = 0;

	while (off + 4 <= len) {
		struct ref_attr one[REF_MAX] = { 0 };
		uint16_t alen, type;

		memcpy(&alen, p + off, 2);
		memcpy(&type, p + off + 2, 2);
		type &= NLA_TYPE_MASK;
		if (type >= NSTRACK_A_DEV_NETNS_COOKIE &&
		    type <= NSTRACK_A_DEV_ADDRESS) {
			struct ref_attr *a = &one[type];

			a->data = p + off + 4;
			a->len = alen - 4u;
			a->seen = true;
			if ((type == NSTRACK_A_DEV_NETNS_COOKIE && a->len != 8) ||
			    ((type == NSTRACK_A_DEV_NETNS_INODE ||
			      type == NSTRACK_A_DEV_IFINDEX) && a->len != 4) ||
			    (type == NSTRACK_A_DEV_NAME &&
			     !ref_str_ok(a, NSTRACK_IFNAME_LEN)) ||
			    (type == NSTRACK_A_DEV_KIND &&
			     !ref_str_ok(a, NSTRACK_KIND_LEN)) ||
			    (type == NSTRACK_A_DEV_ADDRESS &&
			     a->len > NSTRACK_ADDR_MAX))
				return false;
		}
		off += (alen + 3u) & ~3u;
	}
	return true;
}

static void check_dev(const struct nlmsghdr *nlh)
{
	struct ref_attr ref[REF_MAX];
	struct nstrack_dev d;
	bool walk_ok, valid;
	uint8_t cmd = 0;
	int err;

	err = nstrack_dev_parse(nlh, &d);
	walk_ok = ref_msg(nlh, &cmd, ref);
	valid = walk_ok && ref_dev_valid(cmd, ref) && all_dev_attrs_valid(nlh);
	if (valid)
		FZ_CHECK(err == 0);
	if (err < 0)
		return;
	FZ_CHECK(walk_ok && ref_dev_valid(cmd, ref));
	FZ_CHECK(d.netns_cookie == ref_u64(&ref[NSTRACK_A_DEV_NETNS_COOKIE]));
	FZ_CHECK(d.netns_inode == ref_u32(&ref[NSTRACK_A_DEV_NETNS_INODE]));
	FZ_CHECK(d.ifindex == ref_u32(&ref[NSTRACK_A_DEV_IFINDEX]));
	check_str(d.name, sizeof(d.name), &ref[NSTRACK_A_DEV_NAME]);
	check_str(d.kind, sizeof(d.kind), &ref[NSTRACK_A_DEV_KIND]);
	if (ref[NSTRACK_A_DEV_ADDRESS].seen) {
		FZ_CHECK(d.addr_len == ref[NSTRACK_A_DEV_ADDRESS].len);
		FZ_CHECK(!memcmp(d.addr, ref[NSTRACK_A_DEV_ADDRESS].data,
				 d.addr_len));
	} else {
		FZ_CHECK(d.addr_len == 0);
	}
}

static void check_endpoint(const struct nstrack_endpoint *ep,
			   const struct ref_attr *nest)
{
	struct ref_attr ref[REF_MAX];

	FZ_CHECK(ep->present == nest->seen);
	if (!nest->seen)
		return;
	FZ_CHECK(ref_walk(nest->data, nest->len, ref));
	FZ_CHECK(ep->has_cookie == ref[NSTRACK_A_ENDPOINT_COOKIE].seen);
	if (ep->has_cookie)
		FZ_CHECK(ep->cookie == ref_u64(&ref[NSTRACK_A_ENDPOINT_COOKIE]));
	FZ_CHECK(ep->has_name == ref[NSTRACK_A_ENDPOINT_NAME].seen);
	if (ep->has_name)
		check_str(ep->name, sizeof(ep->name),
			  &ref[NSTRACK_A_ENDPOINT_NAME]);
}

static void check_event(const struct nlmsghdr *nlh)
{
	struct ref_attr ref[REF_MAX];
	struct nstrack_event ev;
	uint8_t cmd;

	if (nstrack_event_parse(nlh, &ev) < 0)
		return;
	FZ_CHECK(ref_msg(nlh, &cmd, ref));
	FZ_CHECK(cmd == NSTRACK_CMD_HISTORY_GET || cmd == NSTRACK_CMD_EVENT_NTF);
	FZ_CHECK(ev.seq == ref_u64(&ref[NSTRACK_A_EVENT_SEQ]));
	FZ_CHECK(ev.time_ns == ref_u64(&ref[NSTRACK_A_EVENT_TIME_NS]));
	FZ_CHECK(ev.type == ref_u8(&ref[NSTRACK_A_EVENT_TYPE]));
	FZ_CHECK(ev.has_task == ref[NSTRACK_A_EVENT_TASK_PID].seen);
	check_endpoint(&ev.netns, &ref[NSTRACK_A_EVENT_NETNS]);
	check_endpoint(&ev.from, &ref[NSTRACK_A_EVENT_FROM]);
	check_endpoint(&ev.to, &ref[NSTRACK_A_EVENT_TO]);
}

static void check_sockets(const struct nlmsghdr *nlh)
{
	struct ref_attr ref[REF_MAX], sref[REF_MAX];
	struct nstrack_netns_sockets s;
	size_t i, j, nproto = 0;
	const uint8_t *p;
	uint8_t cmd;
	size_t off;

	if (nstrack_netns_sockets_parse(nlh, &s) < 0)
		return;
	FZ_CHECK(ref_msg(nlh, &cmd, ref) && cmd == NSTRACK_CMD_SOCKETS_GET);
	FZ_CHECK(s.cookie == ref_u64(&ref[NSTRACK_A_NETNS_COOKIE]));
	FZ_CHECK(s.inode == ref_u32(&ref[NSTRACK_A_NETNS_INODE]));
	FZ_CHECK(ref[NSTRACK_A_NETNS_SOCKETS].seen);
	FZ_CHECK(ref_walk(ref[NSTRACK_A_NETNS_SOCKETS].data,
			  ref[NSTRACK_A_NETNS_SOCKETS].len, sref));
	FZ_CHECK(s.s.total == ref_u32(&sref[NSTRACK_A_SOCKETS_TOTAL]));
	/* count the PROTO nests by hand */
	p = ref[NSTRACK_A_NETNS_SOCKETS].data;
	for (off = 0; off + 4 <= ref[NSTRACK_A_NETNS_SOCKETS].len;) {
		uint16_t alen, type;

		memcpy(&alen, p + off, 2);
		memcpy(&type, p + off + 2, 2);
		if ((type & NLA_TYPE_MASK) == NSTRACK_A_SOCKETS_PROTO)
			nproto++;
		off += (alen + 3u) & ~3u;
	}
	FZ_CHECK(s.s.nprotos <= nproto);
	FZ_CHECK(!nproto || s.s.nprotos >= 1);
	for (i = 0; i < s.s.nprotos; i++) {
		const char *name = s.s.protos[i].name;

		FZ_CHECK(fz_terminated(name, sizeof(s.s.protos[i].name)));
		FZ_CHECK(name[0]);
		for (j = 0; name[j]; j++)
			FZ_CHECK(name[j] > ' ' && name[j] <= '~');
		for (j = 0; j < i; j++)
			FZ_CHECK(strcmp(name, s.s.protos[j].name));
	}
	nstrack_netns_sockets_free(&s);
}

static void check_info(const struct nlmsghdr *nlh)
{
	struct ref_attr ref[REF_MAX];
	struct nstrack_info info;
	uint8_t cmd;

	if (nstrack_info_parse(nlh, &info) < 0)
		return;
	FZ_CHECK(ref_msg(nlh, &cmd, ref) && cmd == NSTRACK_CMD_INFO_GET);
	/* the sequence numbers come as a pair, for callers who see all */
	FZ_CHECK(info.has_system == ref[NSTRACK_A_INFO_EVENT_LAST].seen);
	FZ_CHECK(info.has_system == ref[NSTRACK_A_INFO_EVENT_OLDEST].seen);
	if (info.has_system) {
		FZ_CHECK(info.event_last ==
			 ref_u64(&ref[NSTRACK_A_INFO_EVENT_LAST]));
		FZ_CHECK(info.event_oldest ==
			 ref_u64(&ref[NSTRACK_A_INFO_EVENT_OLDEST]));
	} else {
		FZ_CHECK(info.event_last == 0 && info.event_oldest == 0);
	}
	if (ref[NSTRACK_A_INFO_NETNS_RECORDS].seen)
		FZ_CHECK(info.netns_records ==
			 ref_u32(&ref[NSTRACK_A_INFO_NETNS_RECORDS]));
	else
		FZ_CHECK(info.netns_records == 0);
	FZ_CHECK(info.events_here == ref[NSTRACK_A_INFO_EVENTS_HERE].seen);
	FZ_CHECK(ref[NSTRACK_A_INFO_VERSION].seen);
	check_str(info.version, sizeof(info.version),
		  &ref[NSTRACK_A_INFO_VERSION]);
}

/* Every parser on every whole message of every batch. */
static void run_records(struct fz_input *in)
{
	const uint8_t *b;
	size_t n;

	while (fz_batch(in, &b, &n)) {
		/* aligned like a receive buffer, and exactly n bytes */
		char *buf = malloc(n ? n : 1);
		const struct nlmsghdr *nlh;
		int rest = (int)n;

		FZ_CHECK(buf);
		memcpy(buf, b, n);
		nlh = (const struct nlmsghdr *)buf;
		while (msg_fits(nlh, rest)) {
			check_netns(nlh);
			check_dev(nlh);
			check_event(nlh);
			check_sockets(nlh);
			check_info(nlh);
			nlh = mnl_nlmsg_next(nlh, &rest);
		}
		/* the _buf variants on the whole batch */
		{
			struct nstrack_netns ns;
			struct nstrack_dev d;
			struct nstrack_event ev;
			struct nstrack_netns_sockets s;

			nstrack_netns_parse_buf(buf, n, &ns);
			nstrack_dev_parse_buf(buf, n, &d);
			nstrack_event_parse_buf(buf, n, &ev);
			if (!nstrack_netns_sockets_parse_buf(buf, n, &s))
				nstrack_netns_sockets_free(&s);
		}
		free(buf);
	}
}

/* ---- the monitor ---- */

struct mon {
	struct nstrack_nl *nl;
	struct nstrack_monitor m;
	FILE *out;
	bool json, pretty;
	bool any_shown;
	uint64_t last_shown;
};

static int mon_emit(void *ctx, const struct nstrack_event *ev)
{
	struct mon *r = ctx;

	/* "no gap and no repeat": strictly increasing, and only wanted ones */
	FZ_CHECK(!r->any_shown || ev->seq > r->last_shown);
	FZ_CHECK(ev->type < 32 && (r->m.types & (1u << ev->type)));
	r->any_shown = true;
	r->last_shown = ev->seq;
	print_init(r->out, r->json, r->pretty);
	nstrack_print_event(ev, 1000000000ull * 1700000000ull);
	return print_finish() ? -EIO : 0;
}

static int mon_history(void *ctx, uint64_t after, struct nstrack_event **v,
		       size_t *n)
{
	struct mon *r = ctx;

	return nstrack_history_read(r->nl, after, v, n);
}

static int mon_newest(void *ctx, uint64_t *last)
{
	struct mon *r = ctx;
	struct nstrack_info info;
	int err = nstrack_info_get(r->nl, &info);

	if (!err)
		*last = info.event_last;
	return err;
}

static int mon_resync(void *ctx, uint64_t lost, uint64_t seq)
{
	struct mon *r = ctx;
	struct nstrack_names names = { 0 };
	struct nstrack_netns *ns = NULL;
	struct nstrack_dev *devs = NULL;
	size_t nns = 0, ndevs = 0;
	int err;

	err = nstrack_netns_dump(r->nl, &ns, &nns);
	if (!err)
		err = nstrack_devices_dump(r->nl, NULL, &devs, &ndevs);
	if (!err) {
		print_init(r->out, r->json, r->pretty);
		err = nstrack_print_resync(lost, seq, ns, nns, devs, ndevs,
					   &names, 2000000000ull);
		err = nstrack_cmd_end_output(err);
	}
	free(ns);
	free(devs);
	return err;
}

static const struct nstrack_monitor_hooks mon_hooks = {
	.emit = mon_emit,
	.history = mon_history,
	.newest = mon_newest,
	.resync = mon_resync,
};

/*
 * The monitor: start from the first batch's INFO-like numbers, then every
 * EVENT_NTF of the next batch goes to the stream, as "monitor" does with
 * a datagram; the batches after that answer its requests.
 */
static int run_monitor(struct nstrack_nl *nl, struct fz_input *in,
		       uint8_t flags, FILE *out)
{
	struct mon r = { .nl = nl, .out = out };
	uint64_t since, oldest, last;
	const struct nlmsghdr *nlh;
	struct nstrack_event ev;
	const uint8_t *b;
	uint8_t hdr[25] = { 0 };
	size_t n, i;
	char *buf;
	int rest, ret;

	for (i = 0; i < sizeof(hdr); i++)
		hdr[i] = fz_byte(in);
	memcpy(&since, hdr, 8);
	memcpy(&oldest, hdr + 8, 8);
	memcpy(&last, hdr + 16, 8);
	/* small numbers are where the interesting cases are */
	since %= 64;
	oldest %= 64;
	last %= 64;
	r.json = flags & F_JSON;
	r.pretty = flags & F_PRETTY;
	r.m.hooks = &mon_hooks;
	r.m.ctx = &r;
	r.m.types = NSTRACK_MONITOR_ALL_TYPES;
	if (flags & F_FILTER) {
		r.m.types = hdr[24] | 1u;
		r.m.has_cookie = true;
		r.m.cookie = 1;
	}
	r.m.count = (flags >> 5) & 7;

	ret = nstrack_monitor_start(&r.m, since, oldest, last);
	if (ret || !fz_batch(in, &b, &n))
		return ret;
	buf = malloc(n ? n : 1);
	FZ_CHECK(buf);
	memcpy(buf, b, n);
	nlh = (const struct nlmsghdr *)buf;
	rest = (int)n;
	while (!ret && msg_fits(nlh, rest)) {
		const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

		if (nlh->nlmsg_type == nl->family_id &&
		    nlh->nlmsg_len >= MNL_NLMSG_HDRLEN + sizeof(*genl) &&
		    genl->cmd == NSTRACK_CMD_EVENT_NTF) {
			uint64_t next = r.m.next;

			if (nstrack_event_parse(nlh, &ev) < 0)
				break;
			ret = nstrack_monitor_event(&r.m, &ev);
			/* an event is never taken twice */
			if (!ret && ev.seq >= next && ev.seq != UINT64_MAX)
				FZ_CHECK(r.m.next > ev.seq);
		}
		nlh = mnl_nlmsg_next(nlh, &rest);
	}
	if (!ret)
		ret = nstrack_monitor_overflow(&r.m);
	free(buf);
	return ret;
}

/* ---- the operations ---- */

/*
 * Run op; returns true if it failed (a negative errno, or exit status 1),
 * false if it succeeded.
 */
static bool run_op(struct nstrack_nl *nl, enum op op, uint8_t flags,
		   struct fz_input *in, FILE *out)
{
	struct nstrack_opts o = { .json = flags & F_JSON,
				  .pretty = flags & F_PRETTY };
	struct nstrack_selector sel = { NSTRACK_A_NETNS_COOKIE, 4097 };
	const struct nstrack_selector *psel = flags & F_NS ? &sel : NULL;
	const char *arg = psel ? "cookie:4097" : NULL;
	struct nstrack_netns *nsv = NULL, ns;
	struct nstrack_dev *devs = NULL;
	struct nstrack_event *evs = NULL;
	struct nstrack_info info;
	uint64_t cookie = 4097;
	size_t n = 0;
	int err = 0;

	switch (op) {
	case OP_FAMILY:
		err = nstrack_nl_resolve_family(nl);
		if (!err)
			FZ_CHECK(nl->family_id != 0);
		break;
	case OP_NETNS_DUMP:
		err = nstrack_netns_dump(nl, &nsv, &n);
		FZ_CHECK(err == 0 || (!nsv && !n));
		free(nsv);
		break;
	case OP_NETNS_LOOKUP:
		err = nstrack_netns_lookup(nl, &sel, "cookie:4097", &ns);
		break;
	case OP_DEVICES_DUMP:
	case OP_DEVICES_OF:
		err = nstrack_devices_dump(nl, op == OP_DEVICES_OF ? &cookie :
					   NULL, &devs, &n);
		FZ_CHECK(err == 0 || (!devs && !n));
		free(devs);
		break;
	case OP_HISTORY_READ:
		err = nstrack_history_read(nl, flags, &evs, &n);
		FZ_CHECK(err == 0 || (!evs && !n));
		free(evs);
		break;
	case OP_HISTORY_OF:
		err = nstrack_history_of(nl, cookie, &evs, &n);
		FZ_CHECK(err == 0 || (!evs && !n));
		free(evs);
		break;
	case OP_INFO:
		err = nstrack_info_get(nl, &info);
		break;
	case OP_LIST:
		err = -nstrack_list_run(nl, &o, names_dir, out);
		break;
	case OP_SHOW:
		err = -nstrack_show_run(nl, &o, &sel, "cookie:4097",
					flags & F_TIMELINE, names_dir, out);
		break;
	case OP_DEVICES:
		err = -nstrack_devices_run(nl, &o, psel, arg, names_dir, out);
		break;
	case OP_SOCKETS:
		err = -nstrack_sockets_run(nl, &o, psel, arg, names_dir, out);
		break;
	case OP_HISTORY:
		err = -nstrack_history_run(nl, &o, psel, arg,
					   flags & F_TIMELINE ? "veth0" : NULL,
					   names_dir, out);
		break;
	case OP_HOLDERS:
		err = -nstrack_holders_run(nl, &o, &sel, "cookie:4097",
					   proc_dir, names_dir, out);
		break;
	case OP_MONITOR:
		err = run_monitor(nl, in, flags, out);
		if (err > 0)
			err = 0;	/* --count reached */
		break;
	case OP_RECORDS:
	case OP_COUNT:
		run_records(in);
		break;
	}
	return err != 0;
}

static void check_output(const char *s, size_t len, bool json)
{
	size_t i;

	if (!json) {
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];

			FZ_CHECK(c == '\n' || (c >= 0x20 && c != 0x7f));
		}
		return;
	}
	if (!len)
		return;
	/* one JSON document, or (monitor) one per line */
	{
		json_error_t jerr;
		json_t *v = json_loadb(s, len, JSON_DISABLE_EOF_CHECK, &jerr);

		FZ_CHECK(v);
		json_decref(v);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	snprintf(names_dir, sizeof(names_dir), "%s/netns", fz_dir());
	snprintf(proc_dir, sizeof(proc_dir), "%s/proc", fz_dir());
	if (mkdir(names_dir, 0755) < 0 || mkdir(proc_dir, 0755) < 0)
		fz_fail(__FILE__, __LINE__, "cannot make the scratch dirs");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_input in = { data, size };
	struct nstrack_nl nl;
	char *errbuf = NULL, *outbuf = NULL;
	size_t errlen = 0, outlen = 0, lines;
	FILE *errf, *out, *saved = nstrack_errfp;
	enum op op;
	uint8_t flags;
	bool failed;

	op = (enum op)(fz_byte(&in) % OP_COUNT);
	flags = fz_byte(&in);

	FZ_CHECK(nstrack_nl_init(&nl) == 0);
	fz_nl_attach(&nl, &in);
	nl.family_id = FZ_FAMILY_ID;
	errf = open_memstream(&errbuf, &errlen);
	out = open_memstream(&outbuf, &outlen);
	FZ_CHECK(errf && out);
	nstrack_errfp = errf;

	failed = run_op(&nl, op, flags, &in, out);

	nstrack_errfp = saved;
	fclose(errf);
	fclose(out);
	if (fz_verbose())
		fprintf(stderr, "op %d flags %#x: %s\n-- errors:\n%.*s-- output:\n%.*s--\n",
			op, flags, failed ? "failed" : "ok", (int)errlen,
			errbuf, (int)outlen, outbuf);
	lines = fz_err_lines(errbuf, errlen);
	/* the monitor may report recoveries; records prints nothing */
	if (op != OP_MONITOR && op != OP_RECORDS)
		FZ_CHECK(lines == (failed ? 1u : 0u));
	if (op == OP_RECORDS)
		FZ_CHECK(lines == 0);
	/* a failed command prints nothing on its output */
	if (failed && op >= OP_LIST && op <= OP_HOLDERS)
		FZ_CHECK(outlen == 0);
	else
		check_output(outbuf, outlen, flags & (F_JSON | F_PRETTY));
	free(errbuf);
	free(outbuf);
	fz_nl_detach(&nl);
	nstrack_nl_close(&nl);
	return 0;
}
