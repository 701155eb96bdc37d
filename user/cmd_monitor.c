// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack monitor [NS] [--type T,...] [--count N] [--timeout S]
 *                 [--since SEQ] [--rcvbuf BYTES]
 * - namespace and device events as they happen.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>

#include "attr.h"
#include "cmd.h"
#include "dev.h"
#include "event.h"
#include "info.h"
#include "monitor.h"
#include "names.h"
#include "netns.h"
#include "nl.h"
#include "nsarg.h"
#include "output.h"
#include "print.h"
#include "util.h"

/*
 * Room for the notifications that pile up while the reader is busy:
 * each takes well under 1 KiB of it.
 */
#define MONITOR_RCVBUF_DEFAULT	(8 << 20)
#define MONITOR_RXBUF		(64 << 10)
/* quiet this long after an overflow: look for silently dropped events */
#define MONITOR_IDLE_MS		500

struct monitor_opts {
	const char *ns_arg;
	uint32_t types;
	uint64_t count;
	double timeout;		/* seconds; 0: none */
	uint64_t since;		/* 0: from now */
	int rcvbuf;
};

struct monitor_run {
	struct nstrack_nl *nl;
	const struct nstrack_opts *o;
	struct nstrack_monitor m;
	FILE *out;
};

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void monitor_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack [-j] monitor [NS] [--type T[,T...]] [--count N]\n"
		"                            [--timeout SECONDS] [--since SEQ]\n"
		"                            [--rcvbuf BYTES]\n"
		"\n"
		"Print namespace and device events as they happen, one line each:\n"
		"the wall-clock time, then the columns of 'nstrack history' (SEQ\n"
		"EVENT DEVICE FROM TO REASON TASK), namespaces shown by inode.  With\n"
		"NS, only the events that involve that namespace.\n"
		"\n"
		"Every event has a sequence number one above the previous one, so\n"
		"nothing goes missing unnoticed: events the receive queue dropped\n"
		"are read back from the module's history and printed in order.  Those\n"
		"the history no longer holds are lost: the count goes to the error\n"
		"output and the current state (namespaces and devices, as 'list'\n"
		"and 'devices' print them) is printed before the next events.\n"
		"Events are only sent to the initial network namespace.\n"
		"\n"
		"NS is one of:\n"
		"  NAME        a name under /run/netns (as made by 'ip netns add')\n"
		"  PATH        a network namespace file, e.g. /proc/PID/ns/net\n"
		"  pid:PID     the network namespace of process PID\n"
		"  inode:N     the namespace with nsfs inode N (a live one first)\n"
		"  cookie:N    the namespace with netns cookie N\n"
		"\n"
		"Options:\n"
		"  --type T,...       only these events: netns_new, netns_pre_exit,\n"
		"                     netns_exit, dev_register, dev_unregister,\n"
		"                     dev_move; 'netns' and 'dev' name each group\n"
		"  --count N          stop after N events\n"
		"  --timeout SECONDS  stop after that long (fractions allowed)\n"
		"  --since SEQ        first print the history from event SEQ on,\n"
		"                     then go on live without a gap or a repeat\n"
		"  --rcvbuf BYTES     receive buffer (default %d)\n"
		"  -j, --json         one JSON object per line: the objects of\n"
		"                     'history -j', and after a loss\n"
		"                     {\"type\": \"resync\", \"lost\", \"seq\", \"netns\",\n"
		"                     \"devices\"} with the arrays of 'list -j' and\n"
		"                     'devices -j'\n"
		"  -p, --pretty       indented JSON\n"
		"  -h, --help         show this help\n",
		MONITOR_RCVBUF_DEFAULT);
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * NSTRACK_NSEC_PER_SEC +
	       (uint64_t)ts.tv_nsec;
}

static int emit_event(void *ctx, const struct nstrack_event *ev)
{
	struct monitor_run *r = ctx;
	uint64_t real = clock_ns(CLOCK_REALTIME);
	uint64_t boot = clock_ns(CLOCK_BOOTTIME);
	uint64_t wall = real - (boot > ev->time_ns ? boot - ev->time_ns : 0);

	print_init(r->out, r->o->json, r->o->pretty);
	nstrack_print_event(ev, wall);
	return nstrack_cmd_finish_output() ? -EIO : 0;
}

static int read_history(void *ctx, uint64_t after, struct nstrack_event **v,
			size_t *n)
{
	struct monitor_run *r = ctx;

	return nstrack_history_read(r->nl, after, v, n);
}

/* Keep only the record of the namespace being watched. */
static size_t keep_cookie(struct nstrack_netns *v, size_t n, uint64_t cookie)
{
	size_t i, kept = 0;

	for (i = 0; i < n; i++)
		if (v[i].cookie == cookie)
			v[kept++] = v[i];
	return kept;
}

static int newest(void *ctx, uint64_t *last)
{
	struct monitor_run *r = ctx;
	struct nstrack_info info;
	int err;

	err = nstrack_info_get(r->nl, &info);
	if (!err)
		*last = info.event_last;
	return err;
}

static int resync(void *ctx, uint64_t lost, uint64_t seq)
{
	struct monitor_run *r = ctx;
	const uint64_t *cookie = r->m.has_cookie ? &r->m.cookie : NULL;
	struct nstrack_names names = { 0 };
	struct nstrack_netns *ns = NULL;
	struct nstrack_dev *devs = NULL;
	struct nstrack_info info;
	size_t nns = 0, ndevs = 0;
	int err;

	/* read first: every event up to it shows in what is dumped next */
	info.event_last = seq;
	err = seq ? 0 : nstrack_info_get(r->nl, &info);
	if (!err)
		err = nstrack_netns_dump(r->nl, &ns, &nns);
	if (!err)
		err = nstrack_devices_dump(r->nl, cookie, &devs, &ndevs);
	if (!err)
		err = nstrack_names_load(&names, NSTRACK_NETNS_RUN_DIR);
	if (!err) {
		if (cookie)
			nns = keep_cookie(ns, nns, *cookie);
		print_init(r->out, r->o->json, r->o->pretty);
		err = nstrack_print_resync(lost, info.event_last, ns, nns, devs,
					   ndevs, &names,
					   nstrack_boottime_now());
		err = nstrack_cmd_end_output(err);
	}
	nstrack_names_free(&names);
	free(ns);
	free(devs);
	return err;
}

static const struct nstrack_monitor_hooks monitor_hooks = {
	.emit = emit_event,
	.history = read_history,
	.newest = newest,
	.resync = resync,
};

/* Every notification in one datagram.  0, 1 when done, or -errno. */
static int take_batch(struct monitor_run *r, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	const struct genlmsghdr *genl;
	struct nstrack_event ev;
	int rest = (int)len, ret = 0;

	while (!ret && nstrack_nlmsg_ok(nlh, rest)) {
		if (nlh->nlmsg_type != r->nl->family_id ||
		    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*genl))
			goto next;
		genl = mnl_nlmsg_get_payload(nlh);
		if (genl->cmd != NSTRACK_CMD_EVENT_NTF)
			goto next;
		if (nstrack_event_parse(nlh, &ev) < 0) {
			nstrack_err("monitor: malformed event from the kernel");
			return -EBADMSG;
		}
		ret = nstrack_monitor_event(&r->m, &ev);
next:
		nlh = mnl_nlmsg_next(nlh, &rest);
	}
	return ret;
}

/* Milliseconds left until deadline (CLOCK_MONOTONIC ns); -1 without. */
static int poll_timeout(uint64_t deadline)
{
	uint64_t now;

	if (!deadline)
		return -1;
	now = clock_ns(CLOCK_MONOTONIC);
	if (now >= deadline)
		return 0;
	return (int)((deadline - now + 999999) / 1000000 > INT_MAX ?
		     INT_MAX : (deadline - now + 999999) / 1000000);
}

static int monitor_loop(struct monitor_run *r, struct mnl_socket *sock,
			double timeout)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(sock), .events = POLLIN };
	uint64_t deadline = 0, last;
	bool overflowed = false;
	char *buf;
	ssize_t n;
	int ret = 0, wait_ms, got;

	buf = malloc(MONITOR_RXBUF);
	if (!buf) {
		nstrack_err("out of memory");
		return -ENOMEM;
	}
	if (timeout > 0)
		deadline = clock_ns(CLOCK_MONOTONIC) +
			   (uint64_t)(timeout * 1e9);
	while (!ret && !stop_signal) {
		wait_ms = poll_timeout(deadline);
		if (!wait_ms)
			break;
		/*
		 * After an overflow, drops are silent until the queue has
		 * drained: once it is quiet, ask how far the events went.
		 */
		if (overflowed && (wait_ms < 0 || wait_ms > MONITOR_IDLE_MS))
			wait_ms = MONITOR_IDLE_MS;
		got = poll(&pfd, 1, wait_ms);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			nstrack_err("monitor: poll: %s", strerror(errno));
			break;
		}
		if (!got && overflowed) {
			overflowed = false;
			ret = newest(r, &last);
			if (!ret)
				ret = nstrack_monitor_idle(&r->m, last);
			continue;
		}
		if (!(pfd.revents & (POLLIN | POLLERR)))
			continue;
		n = mnl_socket_recvfrom(sock, buf, MONITOR_RXBUF);
		if (n < 0 && errno == ENOBUFS) {
			overflowed = true;
			ret = nstrack_monitor_overflow(&r->m);
		} else if (n < 0 && errno != EINTR && errno != EAGAIN) {
			ret = -errno;
			nstrack_err("monitor: receiving events: %s",
				    strerror(errno));
		} else if (n > 0) {
			ret = take_batch(r, buf, (size_t)n);
		}
	}
	free(buf);
	return ret < 0 ? ret : 0;
}

static int monitor_run(struct nstrack_nl *nl, const struct nstrack_opts *o,
		       const struct nstrack_selector *sel,
		       const struct monitor_opts *mo)
{
	struct monitor_run r = { .nl = nl, .o = o, .out = stdout };
	struct mnl_socket *sock = NULL;
	struct nstrack_netns ns = { 0 };
	struct nstrack_info info;
	int ret;

	r.m.types = mo->types;
	r.m.count = mo->count;
	r.m.hooks = &monitor_hooks;
	r.m.ctx = &r;
	if (sel) {
		ret = nstrack_netns_lookup(nl, sel, mo->ns_arg, &ns);
		if (ret < 0)
			return 1;
		r.m.has_cookie = true;
		r.m.cookie = ns.cookie;
		/* an open NS file would keep the namespace alive meanwhile */
		nstrack_selector_release((struct nstrack_selector *)sel);
	}

	/* join first: whatever is logged from now on reaches the socket */
	sock = nstrack_nl_events_open(nl, mo->rcvbuf);
	if (!sock)
		return 1;
	ret = nstrack_info_get(nl, &info);
	if (ret < 0)
		goto out;
	if (!info.events_here) {
		nstrack_err("monitor: events are only sent to the initial network namespace; run the monitor there");
		ret = -EOPNOTSUPP;
		goto out;
	}
	/* lines reach a pipe as they are printed */
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = nstrack_monitor_start(&r.m, mo->since, info.event_oldest,
				    info.event_last);
	if (!ret)
		ret = monitor_loop(&r, sock, mo->timeout);
out:
	mnl_socket_close(sock);
	return ret < 0 ? 1 : 0;
}

static int parse_u64(const char *opt, const char *s, uint64_t min,
		     uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end, shown[64];

	errno = 0;
	v = strtoull(s, &end, 10);
	/* digits only: strtoull() would take " -1" and "+3" */
	if (*s < '0' || *s > '9' || *end || errno || v < min || v > max) {
		nstrack_sanitize(shown, sizeof(shown), s);
		nstrack_err("monitor: invalid %s '%s' (a whole number from %" PRIu64 " to %" PRIu64 ")",
			    opt, shown, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_timeout(const char *s, double *out)
{
	char *end, shown[64];
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || !isfinite(v) || v <= 0 || v > 1e9) {
		nstrack_sanitize(shown, sizeof(shown), s);
		nstrack_err("monitor: invalid --timeout '%s' (seconds, more than 0)",
			    shown);
		return -1;
	}
	*out = v;
	return 0;
}

enum { OPT_TYPE, OPT_COUNT, OPT_TIMEOUT, OPT_SINCE, OPT_RCVBUF, NOPTS };

static int parse_monitor_opts(const char **val, struct monitor_opts *mo)
{
	uint64_t v;

	mo->types = NSTRACK_MONITOR_ALL_TYPES;
	mo->rcvbuf = MONITOR_RCVBUF_DEFAULT;
	if (val[OPT_TYPE] &&
	    nstrack_monitor_parse_types(val[OPT_TYPE], &mo->types) < 0)
		return -1;
	if (val[OPT_COUNT] &&
	    parse_u64("--count", val[OPT_COUNT], 1, UINT64_MAX, &mo->count) < 0)
		return -1;
	if (val[OPT_TIMEOUT] && parse_timeout(val[OPT_TIMEOUT], &mo->timeout) < 0)
		return -1;
	if (val[OPT_SINCE] &&
	    parse_u64("--since", val[OPT_SINCE], 0, UINT64_MAX - 1,
		      &mo->since) < 0)
		return -1;
	/* --since 0 means the whole history, like 1 */
	if (val[OPT_SINCE] && !mo->since)
		mo->since = 1;
	if (val[OPT_RCVBUF]) {
		if (parse_u64("--rcvbuf", val[OPT_RCVBUF], 4096, INT_MAX / 2,
			      &v) < 0)
			return -1;
		mo->rcvbuf = (int)v;
	}
	return 0;
}

int cmd_monitor(struct nstrack_opts *o, int argc, char **argv)
{
	static const char *const names[NOPTS] = {
		[OPT_TYPE] = "--type", [OPT_COUNT] = "--count",
		[OPT_TIMEOUT] = "--timeout", [OPT_SINCE] = "--since",
		[OPT_RCVBUF] = "--rcvbuf",
	};
	struct sigaction sa = { .sa_handler = on_stop_signal };
	struct monitor_opts mo = { 0 };
	struct nstrack_selector sel;
	const char *val[NOPTS];
	struct nstrack_nl nl;
	bool help, have_ns;
	int npos, status;

	argc = nstrack_cmd_take_values("monitor", argc, argv, names, val, NOPTS);
	if (argc < 0)
		return 1;
	npos = nstrack_cmd_opts("monitor", argc, argv, o, &help);
	if (npos < 0)
		return 1;
	if (help) {
		monitor_usage(stdout);
		return 0;
	}
	if (parse_monitor_opts(val, &mo) < 0)
		return 1;
	if (nstrack_cmd_optional_ns("monitor", npos, argv, &sel, &have_ns) < 0)
		return 1;
	mo.ns_arg = have_ns ? argv[1] : NULL;

	/* a stop by signal ends like --timeout: output complete, status 0 */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	status = 1;
	if (nstrack_nl_open(&nl) == 0) {
		status = monitor_run(&nl, o, have_ns ? &sel : NULL, &mo);
		nstrack_nl_close(&nl);
	}
	if (have_ns)
		nstrack_selector_release(&sel);
	return status;
}
