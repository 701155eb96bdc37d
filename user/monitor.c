// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - the event stream of "monitor" (see monitor.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "monitor.h"
#include "util.h"

static const struct {
	const char *name;
	uint32_t bits;
} type_names[] = {
	{ "netns", 1u << NSTRACK_EVENT_NETNS_NEW |
		   1u << NSTRACK_EVENT_NETNS_PRE_EXIT |
		   1u << NSTRACK_EVENT_NETNS_EXIT },
	{ "dev", 1u << NSTRACK_EVENT_DEV_REGISTER |
		 1u << NSTRACK_EVENT_DEV_UNREGISTER |
		 1u << NSTRACK_EVENT_DEV_MOVE },
	{ "netns_new", 1u << NSTRACK_EVENT_NETNS_NEW },
	{ "netns_pre_exit", 1u << NSTRACK_EVENT_NETNS_PRE_EXIT },
	{ "netns_exit", 1u << NSTRACK_EVENT_NETNS_EXIT },
	{ "dev_register", 1u << NSTRACK_EVENT_DEV_REGISTER },
	{ "dev_unregister", 1u << NSTRACK_EVENT_DEV_UNREGISTER },
	{ "dev_move", 1u << NSTRACK_EVENT_DEV_MOVE },
};

int nstrack_monitor_parse_types(const char *list, uint32_t *types)
{
	const char *p = list, *end;
	char shown[64];
	size_t i, len;

	*types = 0;
	for (;;) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < ARRAY_SIZE(type_names); i++) {
			if (strlen(type_names[i].name) == len &&
			    !strncmp(type_names[i].name, p, len))
				break;
		}
		if (i == ARRAY_SIZE(type_names)) {
			nstrack_sanitize(shown, sizeof(shown), list);
			nstrack_err("monitor: invalid event type list '%s' (types: netns_new, netns_pre_exit, netns_exit, dev_register, dev_unregister, dev_move; groups: netns, dev)",
				    shown);
			return -1;
		}
		*types |= type_names[i].bits;
		if (!end)
			return 0;
		p = end + 1;
	}
}

static bool endpoint_is(const struct nstrack_endpoint *ep, uint64_t cookie)
{
	return ep->present && ep->has_cookie && ep->cookie == cookie;
}

bool nstrack_monitor_wants(const struct nstrack_monitor *m,
			   const struct nstrack_event *ev)
{
	if (ev->type >= 32 || !(m->types & (1u << ev->type)))
		return false;
	if (!m->has_cookie)
		return true;
	return endpoint_is(&ev->netns, m->cookie) ||
	       endpoint_is(&ev->from, m->cookie) ||
	       endpoint_is(&ev->to, m->cookie);
}

/* Move past ev, showing it if wanted.  0, 1 when count is reached, -errno. */
static int show(struct nstrack_monitor *m, const struct nstrack_event *ev)
{
	int err;

	m->next = ev->seq + 1;
	if (!nstrack_monitor_wants(m, ev))
		return 0;
	err = m->hooks->emit(m->ctx, ev);
	if (err)
		return err;
	m->shown++;
	return m->count && m->shown >= m->count ? 1 : 0;
}

enum catch_up_cause { CAUSE_REPLAY, CAUSE_GAP, CAUSE_OVERFLOW };

/*
 * Show the events from next up to (not including) until that the history
 * holds, counting those it no longer holds in *lost and those read in *got;
 * until is UINT64_MAX for "all it has".
 */
static int read_back(struct nstrack_monitor *m, uint64_t until,
		     uint64_t *lost, uint64_t *got)
{
	struct nstrack_event *v = NULL;
	size_t n = 0, i;
	int ret;

	ret = m->hooks->history(m->ctx, m->next - 1, &v, &n);
	if (ret < 0)
		return ret;
	for (i = 0; i < n && !ret; i++) {
		if (v[i].seq < m->next)
			continue;
		if (v[i].seq >= until)
			break;
		*lost += v[i].seq - m->next;
		(*got)++;
		ret = show(m, &v[i]);
	}
	free(v);
	if (!ret && until != UINT64_MAX && m->next < until) {
		*lost += until - m->next;
		m->next = until;
	}
	return ret;
}

/*
 * Catch up from the history up to until (see read_back()).  After a loss,
 * also up to the newest event, so that the state re-read next is followed
 * only by events it does not reflect yet.
 */
static int catch_up(struct nstrack_monitor *m, uint64_t until,
		    enum catch_up_cause cause)
{
	uint64_t lost = 0, got = 0, newest = 0;
	int ret;

	ret = read_back(m, until, &lost, &got);
	if (!ret && lost && m->hooks->newest) {
		ret = m->hooks->newest(m->ctx, &newest);
		if (!ret && newest >= m->next)
			ret = read_back(m, newest + 1, &lost, &got);
	}
	if (ret < 0)
		return ret;

	m->lost += lost;
	if (cause != CAUSE_REPLAY)
		m->recovered += got;
	if (lost) {
		nstrack_err("monitor: lost %" PRIu64 " events (no longer in the history); %" PRIu64 " read back%s",
			    lost, cause == CAUSE_REPLAY ? 0 : got,
			    ret ? "" : "; re-reading the current state");
		if (!ret)
			ret = m->hooks->resync(m->ctx, lost, newest);
	} else if (cause == CAUSE_OVERFLOW) {
		nstrack_err("monitor: receive queue overflowed; %" PRIu64 " missed events read back from the history",
			    got);
	} else if (cause == CAUSE_GAP) {
		nstrack_err("monitor: %" PRIu64 " undelivered events read back from the history",
			    got);
	}
	return ret;
}

int nstrack_monitor_start(struct nstrack_monitor *m, uint64_t since,
			  uint64_t oldest, uint64_t last)
{
	uint64_t gone_to;

	m->shown = m->lost = m->recovered = 0;
	if (!since) {
		m->next = last + 1;
		return 0;
	}
	m->next = since;
	if (since < oldest && since <= last) {
		gone_to = oldest <= last ? oldest - 1 : last;
		nstrack_err("monitor: events %" PRIu64 " to %" PRIu64 " are no longer in the history",
			    since, gone_to);
		m->next = gone_to + 1;
	}
	if (m->next > last)
		return 0;
	return catch_up(m, UINT64_MAX, CAUSE_REPLAY);
}

int nstrack_monitor_event(struct nstrack_monitor *m,
			  const struct nstrack_event *ev)
{
	int ret;

	if (ev->seq < m->next)
		return 0;		/* already shown, from the history */
	if (ev->seq > m->next) {
		ret = catch_up(m, ev->seq, CAUSE_GAP);
		if (ret)
			return ret;
		/* a catch-up after a loss may have gone past it */
		if (ev->seq < m->next)
			return 0;
	}
	return show(m, ev);
}

int nstrack_monitor_overflow(struct nstrack_monitor *m)
{
	return catch_up(m, UINT64_MAX, CAUSE_OVERFLOW);
}

int nstrack_monitor_idle(struct nstrack_monitor *m, uint64_t last)
{
	if (last < m->next)
		return 0;
	return catch_up(m, last + 1, CAUSE_OVERFLOW);
}
