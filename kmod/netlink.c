// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family: lookups and resumable, consistency-checked
 * dumps of the registry, the devices and the event history; the module's
 * INFO; and the events multicast group.
 */

#include <linux/cred.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include <uapi/linux/nstrack.h>

#include "access.h"
#include "compat.h"
#include "devices.h"
#include "events.h"
#include "netlink.h"
#include "registry.h"
#include "sockets.h"
#include "version.h"

static struct genl_family nstrack_family;

enum { NSTRACK_MCGRP_EVENTS_ID };

/* registry lock: the family is registered and may send notifications */
static bool family_ready;
/* registry lock: notifications that could not be allocated */
static u64 notify_failed;

/* not const: 6.1 declares the policy's range pointer without const */
static struct netlink_range_validation fd_range = {
	.min = 0,
	.max = INT_MAX,
};

static const struct nla_policy proto_policy[NSTRACK_A_PROTO_MAX + 1] = {
	[NSTRACK_A_PROTO_NAME] = { .type = NLA_NUL_STRING,
				   .len = NSTRACK_PROTO_NAME_LEN - 1 },
	[NSTRACK_A_PROTO_INUSE] = { .type = NLA_U32 },
};

const struct nla_policy nstrack_sockets_policy[NSTRACK_A_SOCKETS_MAX + 1] = {
	[NSTRACK_A_SOCKETS_TOTAL] = { .type = NLA_U32 },
	[NSTRACK_A_SOCKETS_TCP_TIME_WAIT] = { .type = NLA_U32 },
	[NSTRACK_A_SOCKETS_PROTO] = NLA_POLICY_NESTED(proto_policy),
};

/*
 * One policy for the whole attribute set, requests and replies alike, so
 * that a reply can be checked with the policy the family enforces; which
 * attributes a request may carry is checked by the ops themselves.
 */
const struct nla_policy nstrack_netns_policy[NSTRACK_A_NETNS_MAX + 1] = {
	[NSTRACK_A_NETNS_PAD] = { .type = NLA_UNSPEC },
	[NSTRACK_A_NETNS_SERIAL] = { .type = NLA_U64 },
	[NSTRACK_A_NETNS_COOKIE] = { .type = NLA_U64 },
	[NSTRACK_A_NETNS_INODE] = NLA_POLICY_MIN(NLA_U32, 1),
	[NSTRACK_A_NETNS_PID] = NLA_POLICY_MIN(NLA_U32, 1),
	[NSTRACK_A_NETNS_FD] = NLA_POLICY_FULL_RANGE(NLA_U32, &fd_range),
	[NSTRACK_A_NETNS_NSID] = { .type = NLA_S32 },
	[NSTRACK_A_NETNS_OWNER_USERNS] = { .type = NLA_U32 },
	[NSTRACK_A_NETNS_OWNER_UID] = { .type = NLA_U32 },
	[NSTRACK_A_NETNS_STATE] = NLA_POLICY_RANGE(NLA_U8,
						   NSTRACK_NETNS_STATE_ALIVE,
						   NSTRACK_NETNS_STATE_DEAD),
	[NSTRACK_A_NETNS_FLAGS] = NLA_POLICY_MASK(NLA_U32,
						  NSTRACK_NETNS_F_PREEXISTING),
	[NSTRACK_A_NETNS_SEEN_NS] = { .type = NLA_U64 },
	[NSTRACK_A_NETNS_CREATED_NS] = { .type = NLA_U64 },
	[NSTRACK_A_NETNS_CREATOR_PID] = { .type = NLA_U32 },
	[NSTRACK_A_NETNS_CREATOR_COMM] = { .type = NLA_NUL_STRING,
					   .len = NSTRACK_COMM_LEN - 1 },
	[NSTRACK_A_NETNS_PRE_EXIT_NS] = { .type = NLA_U64 },
	[NSTRACK_A_NETNS_EXIT_NS] = { .type = NLA_U64 },
	[NSTRACK_A_NETNS_DEVICES] = { .type = NLA_U32 },
	[NSTRACK_A_NETNS_SOCKETS] = NLA_POLICY_NESTED(nstrack_sockets_policy),
};

const struct nla_policy nstrack_dev_policy[NSTRACK_A_DEV_MAX + 1] = {
	[NSTRACK_A_DEV_PAD] = { .type = NLA_UNSPEC },
	[NSTRACK_A_DEV_NETNS_COOKIE] = { .type = NLA_U64 },
	[NSTRACK_A_DEV_NETNS_INODE] = { .type = NLA_U32 },
	[NSTRACK_A_DEV_IFINDEX] = { .type = NLA_U32 },
	[NSTRACK_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NSTRACK_A_DEV_KIND] = { .type = NLA_NUL_STRING,
				 .len = NSTRACK_KIND_LEN - 1 },
	[NSTRACK_A_DEV_ADDRESS] = { .type = NLA_BINARY, .len = MAX_ADDR_LEN },
};

const struct nla_policy nstrack_endpoint_policy[NSTRACK_A_ENDPOINT_MAX + 1] = {
	[NSTRACK_A_ENDPOINT_PAD] = { .type = NLA_UNSPEC },
	[NSTRACK_A_ENDPOINT_COOKIE] = { .type = NLA_U64 },
	[NSTRACK_A_ENDPOINT_INODE] = { .type = NLA_U32 },
	[NSTRACK_A_ENDPOINT_IFINDEX] = { .type = NLA_U32 },
	[NSTRACK_A_ENDPOINT_NAME] = { .type = NLA_NUL_STRING,
				      .len = IFNAMSIZ - 1 },
};

const struct nla_policy nstrack_event_policy[NSTRACK_A_EVENT_MAX + 1] = {
	[NSTRACK_A_EVENT_PAD] = { .type = NLA_UNSPEC },
	[NSTRACK_A_EVENT_SEQ] = { .type = NLA_U64 },
	[NSTRACK_A_EVENT_TIME_NS] = { .type = NLA_U64 },
	[NSTRACK_A_EVENT_TYPE] = NLA_POLICY_RANGE(NLA_U8,
						  NSTRACK_EVENT_NETNS_NEW,
						  NSTRACK_EVENT_DEV_MOVE),
	[NSTRACK_A_EVENT_REASON] = NLA_POLICY_RANGE(NLA_U8,
						    NSTRACK_REASON_REGISTER,
						    NSTRACK_REASON_UNKNOWN),
	[NSTRACK_A_EVENT_TASK_PID] = { .type = NLA_U32 },
	[NSTRACK_A_EVENT_TASK_COMM] = { .type = NLA_NUL_STRING,
					.len = NSTRACK_COMM_LEN - 1 },
	[NSTRACK_A_EVENT_NETNS] = NLA_POLICY_NESTED(nstrack_endpoint_policy),
	[NSTRACK_A_EVENT_FROM] = NLA_POLICY_NESTED(nstrack_endpoint_policy),
	[NSTRACK_A_EVENT_TO] = NLA_POLICY_NESTED(nstrack_endpoint_policy),
};

const struct nla_policy nstrack_info_policy[NSTRACK_A_INFO_MAX + 1] = {
	[NSTRACK_A_INFO_PAD] = { .type = NLA_UNSPEC },
	[NSTRACK_A_INFO_VERSION] = { .type = NLA_NUL_STRING,
				     .len = NSTRACK_VERSION_LEN - 1 },
	[NSTRACK_A_INFO_EVENT_LAST] = { .type = NLA_U64 },
	[NSTRACK_A_INFO_EVENT_OLDEST] = { .type = NLA_U64 },
	[NSTRACK_A_INFO_EVENT_HISTORY_SIZE] = { .type = NLA_U32 },
	[NSTRACK_A_INFO_NETNS_HISTORY_SIZE] = { .type = NLA_U32 },
	[NSTRACK_A_INFO_EVENTS_HERE] = { .type = NLA_FLAG },
	[NSTRACK_A_INFO_NOTIFY_FAILED] = { .type = NLA_U64 },
	[NSTRACK_A_INFO_NETNS_RECORDS] = { .type = NLA_U32 },
	[NSTRACK_A_INFO_DEV_RECORDS] = { .type = NLA_U32 },
	[NSTRACK_A_INFO_NETNS_RECORD_SIZE] = { .type = NLA_U32 },
	[NSTRACK_A_INFO_DEV_RECORD_SIZE] = { .type = NLA_U32 },
	[NSTRACK_A_INFO_EVENT_RECORD_SIZE] = { .type = NLA_U32 },
};

static bool netns_is_selector(int type)
{
	return type == NSTRACK_A_NETNS_COOKIE || type == NSTRACK_A_NETNS_INODE ||
	       type == NSTRACK_A_NETNS_PID || type == NSTRACK_A_NETNS_FD;
}

/**
 * nstrack_netns_fill() - put the attributes of one namespace record
 * @skb: message being built, its genl header already put
 * @rec: the record; the registry lock must be held
 * @caller_net: namespace of the requesting socket, for the nsid
 * @caller_userns: user namespace of the requesting socket, for the uid
 * @viewer: the requester, for the creator's pid; NULL for initial numbers
 *
 * Return: 0, or -EMSGSIZE when @skb is full.
 */
int nstrack_netns_fill(struct sk_buff *skb, const struct nstrack_netns *rec,
		       struct net *caller_net,
		       struct user_namespace *caller_userns,
		       const struct nstrack_viewer *viewer)
{
	pid_t creator;
	int nsid;

	if (nla_put_u64_64bit(skb, NSTRACK_A_NETNS_SERIAL, rec->serial,
			      NSTRACK_A_NETNS_PAD) ||
	    nla_put_u64_64bit(skb, NSTRACK_A_NETNS_COOKIE, rec->cookie,
			      NSTRACK_A_NETNS_PAD) ||
	    nla_put_u32(skb, NSTRACK_A_NETNS_INODE, rec->inode) ||
	    nla_put_u32(skb, NSTRACK_A_NETNS_OWNER_USERNS, rec->owner_userns) ||
	    nla_put_u32(skb, NSTRACK_A_NETNS_OWNER_UID,
			from_kuid_munged(caller_userns, rec->owner_uid)) ||
	    nla_put_u8(skb, NSTRACK_A_NETNS_STATE, rec->state) ||
	    nla_put_u32(skb, NSTRACK_A_NETNS_FLAGS, rec->flags) ||
	    nla_put_u64_64bit(skb, NSTRACK_A_NETNS_SEEN_NS, rec->seen_ns,
			      NSTRACK_A_NETNS_PAD) ||
	    nla_put_u32(skb, NSTRACK_A_NETNS_DEVICES, rec->devices))
		return -EMSGSIZE;

	/* rec->net is only set, and only valid, while the lock is held */
	if (rec->net && caller_net) {
		nsid = peernet2id(caller_net, rec->net);
		if (nsid >= 0 && nla_put_s32(skb, NSTRACK_A_NETNS_NSID, nsid))
			return -EMSGSIZE;
	}
	if (rec->net &&
	    nstrack_sockets_put(skb, NSTRACK_A_NETNS_SOCKETS, rec->net, false))
		return -EMSGSIZE;

	if (!(rec->flags & NSTRACK_NETNS_F_PREEXISTING)) {
		creator = nstrack_viewer_pid(viewer, rec->creator,
					     rec->creator_tgid);
		if (nla_put_u64_64bit(skb, NSTRACK_A_NETNS_CREATED_NS,
				      rec->created_ns, NSTRACK_A_NETNS_PAD) ||
		    (creator &&
		     nla_put_u32(skb, NSTRACK_A_NETNS_CREATOR_PID, creator)) ||
		    nla_put_string(skb, NSTRACK_A_NETNS_CREATOR_COMM,
				   rec->creator_comm))
			return -EMSGSIZE;
	}

	if (rec->state != NSTRACK_NETNS_STATE_ALIVE &&
	    nla_put_u64_64bit(skb, NSTRACK_A_NETNS_PRE_EXIT_NS,
			      rec->pre_exit_ns, NSTRACK_A_NETNS_PAD))
		return -EMSGSIZE;
	if (rec->state == NSTRACK_NETNS_STATE_DEAD &&
	    nla_put_u64_64bit(skb, NSTRACK_A_NETNS_EXIT_NS, rec->exit_ns,
			      NSTRACK_A_NETNS_PAD))
		return -EMSGSIZE;
	return 0;
}

/*
 * Turn a pid or fd selector into the cookie of that namespace.  The
 * reference on the namespace is dropped before returning: the record is
 * found by cookie, which stays valid even if the namespace dies meanwhile.
 */
static int netns_selector_cookie(const struct nlattr *sel, u64 *cookie,
				 struct netlink_ext_ack *extack)
{
	struct net *net;

	if (nla_type(sel) == NSTRACK_A_NETNS_PID) {
		net = get_net_ns_by_pid(nla_get_u32(sel));
		if (IS_ERR(net)) {
			NL_SET_ERR_MSG_ATTR(extack, sel, "no process with this pid");
			return PTR_ERR(net);
		}
	} else {
		net = get_net_ns_by_fd(nla_get_u32(sel));
		if (IS_ERR(net)) {
			NL_SET_ERR_MSG_ATTR(extack, sel,
					    "fd is not an open network namespace file");
			return PTR_ERR(net);
		}
	}
	*cookie = net->net_cookie;
	put_net(net);
	return 0;
}

static struct nstrack_netns *netns_lookup(const struct nlattr *sel, u64 cookie)
{
	if (nla_type(sel) == NSTRACK_A_NETNS_INODE)
		return nstrack_registry_find_inode(nla_get_u32(sel));
	return nstrack_registry_find_cookie(cookie);
}

static int nstrack_netns_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nstrack_viewer viewer;
	struct nlattr *sel = NULL;
	struct nstrack_netns *rec;
	struct sk_buff *msg;
	u64 cookie = 0;
	void *hdr;
	int i, err;

	for (i = 0; i <= NSTRACK_A_NETNS_MAX; i++) {
		struct nlattr *attr = info->attrs[i];

		if (!attr)
			continue;
		if (!netns_is_selector(i)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "attribute is not a namespace selector");
			return -EINVAL;
		}
		if (sel) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "only one namespace selector may be given");
			return -EINVAL;
		}
		sel = attr;
	}
	if (!sel) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a namespace selector is required: cookie, inode, pid or fd");
		return -EINVAL;
	}

	switch (nla_type(sel)) {
	case NSTRACK_A_NETNS_COOKIE:
		cookie = nla_get_u64(sel);
		break;
	case NSTRACK_A_NETNS_PID:
	case NSTRACK_A_NETNS_FD:
		err = netns_selector_cookie(sel, &cookie, extack);
		if (err)
			return err;
		break;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG_MOD(extack, "out of memory for the reply");
		return -ENOMEM;
	}

	nstrack_viewer_init(&viewer, skb);
	spin_lock(&nstrack_registry_lock);
	rec = netns_lookup(sel, cookie);
	/* hidden and absent get the same answer */
	if (!rec || !nstrack_viewer_sees(&viewer, rec)) {
		spin_unlock(&nstrack_registry_lock);
		nlmsg_free(msg);
		NL_SET_ERR_MSG_ATTR(extack, sel, "no such namespace");
		return -ENOENT;
	}
	hdr = genlmsg_put_reply(msg, info, &nstrack_family, 0,
				NSTRACK_CMD_NETNS_GET);
	err = hdr ? nstrack_netns_fill(msg, rec, genl_info_net(info),
				       sk_user_ns(NETLINK_CB(skb).sk),
				       &viewer) :
		    -EMSGSIZE;
	spin_unlock(&nstrack_registry_lock);
	if (err) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG_MOD(extack, "reply does not fit a message");
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Checked in the first call of the dump rather than in .start: 6.1 gives
 * .start no extack, while an error from the dump itself carries one in
 * NLMSG_DONE on every supported kernel.
 */
static int netns_dump_precheck(struct netlink_callback *cb)
{
	struct nlattr **attrs = nstrack_dump_attrs(cb);
	int i;

	for (i = 0; attrs && i <= NSTRACK_A_NETNS_MAX; i++) {
		if (attrs[i]) {
			NL_SET_ERR_MSG_ATTR(cb->extack, attrs[i],
					    "a namespace dump takes no attributes");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * A record that does not fit even an empty part would otherwise end the
 * dump silently.
 */
static int dump_part_len(struct sk_buff *skb, bool full)
{
	return full && !skb->len ? -EMSGSIZE : skb->len;
}

/**
 * nstrack_netns_dump_fill() - fill one part of a namespace dump
 * @skb: the part being built
 * @cb: the dump; cb->args[0] holds the serial of the last record sent, so
 *	each part seeks straight to where the previous one stopped
 * @caller_net: namespace of the requesting socket, for nsids
 * @caller_userns: user namespace of the requesting socket, for uids
 * @viewer: the requester, whose hidden namespaces are skipped; NULL to
 *	send every record
 *
 * Return: length of @skb; 0 once every record has been sent; -EMSGSIZE if
 * a record does not fit an empty part.
 */
int nstrack_netns_dump_fill(struct sk_buff *skb, struct netlink_callback *cb,
			    struct net *caller_net,
			    struct user_namespace *caller_userns,
			    const struct nstrack_viewer *viewer)
{
	u64 cursor = cb->args[0];
	struct nstrack_netns *rec;
	bool full = false;
	void *hdr;

	spin_lock(&nstrack_registry_lock);
	cb->seq = nstrack_registry_generation();
	for (rec = nstrack_registry_next(cursor); rec;
	     rec = nstrack_registry_next(cursor)) {
		if (!nstrack_viewer_sees(viewer, rec)) {
			cursor = rec->serial;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &nstrack_family,
				  NLM_F_MULTI, NSTRACK_CMD_NETNS_GET);
		if (!hdr) {
			full = true;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (nstrack_netns_fill(skb, rec, caller_net, caller_userns,
				       viewer)) {
			genlmsg_cancel(skb, hdr);
			full = true;
			break;
		}
		genlmsg_end(skb, hdr);
		cursor = rec->serial;
	}
	spin_unlock(&nstrack_registry_lock);
	cb->args[0] = cursor;
	return dump_part_len(skb, full);
}

/* cb->args[1] is set once the request has been checked. */
static int nstrack_netns_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct nstrack_viewer viewer;
	int err;

	if (!cb->args[1]) {
		err = netns_dump_precheck(cb);
		if (err)
			return err;
		cb->args[1] = 1;
	}
	nstrack_viewer_init(&viewer, cb->skb);
	return nstrack_netns_dump_fill(skb, cb, sock_net(cb->skb->sk),
				       sk_user_ns(NETLINK_CB(cb->skb).sk),
				       &viewer);
}

/**
 * nstrack_dev_fill() - put the attributes of one device record
 * @skb: message being built, its genl header already put
 * @d: the device; the registry lock must be held
 *
 * Return: 0, or -EMSGSIZE when @skb is full.
 */
int nstrack_dev_fill(struct sk_buff *skb, const struct nstrack_dev *d)
{
	if (nla_put_u64_64bit(skb, NSTRACK_A_DEV_NETNS_COOKIE, d->at.cookie,
			      NSTRACK_A_DEV_PAD) ||
	    nla_put_u32(skb, NSTRACK_A_DEV_NETNS_INODE, d->at.inode) ||
	    nla_put_u32(skb, NSTRACK_A_DEV_IFINDEX, d->at.ifindex) ||
	    nla_put_string(skb, NSTRACK_A_DEV_NAME, d->at.name) ||
	    nla_put_string(skb, NSTRACK_A_DEV_KIND, d->kind))
		return -EMSGSIZE;
	if (d->addr_len &&
	    nla_put(skb, NSTRACK_A_DEV_ADDRESS, d->addr_len, d->addr))
		return -EMSGSIZE;
	return 0;
}

static int endpoint_put(struct sk_buff *skb, int type,
			const struct nstrack_endpoint *ep, bool is_dev)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    nla_put_u64_64bit(skb, NSTRACK_A_ENDPOINT_COOKIE, ep->cookie,
			      NSTRACK_A_ENDPOINT_PAD) ||
	    nla_put_u32(skb, NSTRACK_A_ENDPOINT_INODE, ep->inode) ||
	    (is_dev &&
	     (nla_put_u32(skb, NSTRACK_A_ENDPOINT_IFINDEX, ep->ifindex) ||
	      nla_put_string(skb, NSTRACK_A_ENDPOINT_NAME, ep->name)))) {
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static bool event_shows_from(const struct nstrack_viewer *viewer,
			     const struct nstrack_event *ev)
{
	return ev->has_from && nstrack_viewer_sees_cookie(viewer, ev->from.cookie);
}

static bool event_shows_to(const struct nstrack_viewer *viewer,
			   const struct nstrack_event *ev)
{
	return ev->has_to && nstrack_viewer_sees_cookie(viewer, ev->to.cookie);
}

/*
 * One history record; @from and @to say which sides the requester sees
 * (worked out once by the caller: each costs a registry lookup).
 */
static int event_fill_sides(struct sk_buff *skb,
			    const struct nstrack_event *ev,
			    const struct nstrack_viewer *viewer,
			    bool from, bool to)
{
	bool is_dev = ev->type >= NSTRACK_EVENT_DEV_REGISTER;
	pid_t pid = nstrack_viewer_pid(viewer, ev->task, ev->pid);

	if (nla_put_u64_64bit(skb, NSTRACK_A_EVENT_SEQ, ev->seq,
			      NSTRACK_A_EVENT_PAD) ||
	    nla_put_u64_64bit(skb, NSTRACK_A_EVENT_TIME_NS, ev->time_ns,
			      NSTRACK_A_EVENT_PAD) ||
	    nla_put_u8(skb, NSTRACK_A_EVENT_TYPE, ev->type) ||
	    (pid && nla_put_u32(skb, NSTRACK_A_EVENT_TASK_PID, pid)) ||
	    nla_put_string(skb, NSTRACK_A_EVENT_TASK_COMM, ev->comm))
		return -EMSGSIZE;
	if (!is_dev)
		return from ? endpoint_put(skb, NSTRACK_A_EVENT_NETNS,
					   &ev->from, false) : 0;
	if (nla_put_u8(skb, NSTRACK_A_EVENT_REASON, ev->reason) ||
	    (from && endpoint_put(skb, NSTRACK_A_EVENT_FROM, &ev->from, true)) ||
	    (to && endpoint_put(skb, NSTRACK_A_EVENT_TO, &ev->to, true)))
		return -EMSGSIZE;
	return 0;
}

/**
 * nstrack_event_fill() - put the attributes of one history record
 * @skb: message being built, its genl header already put
 * @ev: the event; the registry lock must be held
 * @viewer: the requester: the side of a device event in a namespace it
 *	does not see is left out, and the pid is its view; NULL for all
 *
 * Return: 0, or -EMSGSIZE when @skb is full.
 */
int nstrack_event_fill(struct sk_buff *skb, const struct nstrack_event *ev,
		       const struct nstrack_viewer *viewer)
{
	return event_fill_sides(skb, ev, viewer, event_shows_from(viewer, ev),
				event_shows_to(viewer, ev));
}

/*
 * Dump state shared by the device and history dumps: args[0] is the cursor
 * (serial or sequence number of the last record sent), args[1] is set once
 * the request is checked, args[2] holds the namespace filter (a cookie) and
 * args[3] says whether there is one.
 */
enum { DUMP_CURSOR, DUMP_CHECKED, DUMP_FILTER, DUMP_HAS_FILTER };

static int dump_reject_others(struct netlink_callback *cb, int max,
			      int allowed1, int allowed2)
{
	struct nlattr **attrs = nstrack_dump_attrs(cb);
	int i;

	for (i = 0; attrs && i <= max; i++) {
		if (attrs[i] && i != allowed1 && i != allowed2) {
			NL_SET_ERR_MSG_ATTR(cb->extack, attrs[i],
					    "attribute not accepted in this request");
			return -EINVAL;
		}
	}
	return 0;
}

static int nstrack_dev_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct nlattr **attrs = nstrack_dump_attrs(cb);
	struct nstrack_viewer viewer;
	struct nstrack_dev *d;
	bool full = false;
	void *hdr;
	int err;

	if (!cb->args[DUMP_CHECKED]) {
		err = dump_reject_others(cb, NSTRACK_A_DEV_MAX,
					 NSTRACK_A_DEV_NETNS_COOKIE, -1);
		if (err)
			return err;
		if (attrs && attrs[NSTRACK_A_DEV_NETNS_COOKIE]) {
			cb->args[DUMP_FILTER] =
				nla_get_u64(attrs[NSTRACK_A_DEV_NETNS_COOKIE]);
			cb->args[DUMP_HAS_FILTER] = 1;
		}
		cb->args[DUMP_CHECKED] = 1;
	}

	nstrack_viewer_init(&viewer, cb->skb);
	spin_lock(&nstrack_registry_lock);
	cb->seq = nstrack_registry_generation();
	for (d = nstrack_dev_next(cb->args[DUMP_CURSOR]); d;
	     d = nstrack_dev_next(d->serial)) {
		/* devices between the two halves of a move are nowhere */
		if (d->moving || (cb->args[DUMP_HAS_FILTER] &&
				  d->at.cookie != cb->args[DUMP_FILTER]) ||
		    !(d->netns ? nstrack_viewer_sees(&viewer, d->netns) :
				 viewer.all)) {
			cb->args[DUMP_CURSOR] = d->serial;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &nstrack_family,
				  NLM_F_MULTI, NSTRACK_CMD_DEV_GET);
		if (!hdr) {
			full = true;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (nstrack_dev_fill(skb, d)) {
			genlmsg_cancel(skb, hdr);
			full = true;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[DUMP_CURSOR] = d->serial;
	}
	spin_unlock(&nstrack_registry_lock);
	return dump_part_len(skb, full);
}

static bool event_involves(const struct nstrack_event *ev, u64 cookie)
{
	return (ev->has_from && ev->from.cookie == cookie) ||
	       (ev->has_to && ev->to.cookie == cookie);
}

static int history_precheck(struct netlink_callback *cb)
{
	struct nlattr **attrs = nstrack_dump_attrs(cb);
	struct nlattr *ep[NSTRACK_A_ENDPOINT_MAX + 1];
	int err, i;

	err = dump_reject_others(cb, NSTRACK_A_EVENT_MAX, NSTRACK_A_EVENT_SEQ,
				 NSTRACK_A_EVENT_NETNS);
	if (err || !attrs)
		return err;
	if (attrs[NSTRACK_A_EVENT_SEQ])
		cb->args[DUMP_CURSOR] = nla_get_u64(attrs[NSTRACK_A_EVENT_SEQ]);
	if (!attrs[NSTRACK_A_EVENT_NETNS])
		return 0;
	err = nla_parse_nested(ep, NSTRACK_A_ENDPOINT_MAX,
			       attrs[NSTRACK_A_EVENT_NETNS],
			       nstrack_endpoint_policy, cb->extack);
	if (err)
		return err;
	for (i = 0; i <= NSTRACK_A_ENDPOINT_MAX; i++) {
		if (ep[i] && i != NSTRACK_A_ENDPOINT_COOKIE) {
			NL_SET_ERR_MSG_ATTR(cb->extack, ep[i],
					    "only a cookie selects the namespace of a history");
			return -EINVAL;
		}
	}
	if (!ep[NSTRACK_A_ENDPOINT_COOKIE]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[NSTRACK_A_EVENT_NETNS],
				    "namespace filter without a cookie");
		return -EINVAL;
	}
	cb->args[DUMP_FILTER] = nla_get_u64(ep[NSTRACK_A_ENDPOINT_COOKIE]);
	cb->args[DUMP_HAS_FILTER] = 1;
	return 0;
}

static int nstrack_history_get_dumpit(struct sk_buff *skb,
				      struct netlink_callback *cb)
{
	const struct nstrack_event *ev;
	struct nstrack_viewer viewer;
	bool full = false, from, to;
	u64 seq, last;
	void *hdr;
	int err;

	if (!cb->args[DUMP_CHECKED]) {
		err = history_precheck(cb);
		if (err)
			return err;
		cb->args[DUMP_CHECKED] = 1;
		cb->seq = 1;
	}

	nstrack_viewer_init(&viewer, cb->skb);
	spin_lock(&nstrack_registry_lock);
	/*
	 * The history of a hidden namespace is that of an unknown one, and
	 * nothing comes after the largest sequence number there can be.
	 */
	if ((cb->args[DUMP_HAS_FILTER] &&
	     !nstrack_viewer_sees_cookie(&viewer, cb->args[DUMP_FILTER])) ||
	    cb->args[DUMP_CURSOR] == U64_MAX) {
		spin_unlock(&nstrack_registry_lock);
		return 0;
	}
	seq = cb->args[DUMP_CURSOR] + 1;
	/* events overwritten since the last part: flag the rest as such */
	if (seq < nstrack_event_oldest()) {
		if (cb->prev_seq)
			cb->seq = 2;
		seq = nstrack_event_oldest();
	}
	last = nstrack_event_last();
	for (; seq <= last; seq++) {
		ev = nstrack_event_get(seq);
		if (cb->args[DUMP_HAS_FILTER] &&
		    !event_involves(ev, cb->args[DUMP_FILTER])) {
			cb->args[DUMP_CURSOR] = seq;
			continue;
		}
		/* shown if it involves a namespace the requester sees */
		from = event_shows_from(&viewer, ev);
		to = event_shows_to(&viewer, ev);
		if (!from && !to) {
			cb->args[DUMP_CURSOR] = seq;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &nstrack_family,
				  NLM_F_MULTI, NSTRACK_CMD_HISTORY_GET);
		if (!hdr) {
			full = true;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (event_fill_sides(skb, ev, &viewer, from, to)) {
			genlmsg_cancel(skb, hdr);
			full = true;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[DUMP_CURSOR] = seq;
	}
	spin_unlock(&nstrack_registry_lock);
	return dump_part_len(skb, full);
}

static int nstrack_sockets_get_dumpit(struct sk_buff *skb,
				      struct netlink_callback *cb)
{
	struct nlattr **attrs = nstrack_dump_attrs(cb);
	struct nstrack_viewer viewer;
	struct nstrack_netns *rec;
	bool full = false;
	void *hdr;
	int err;

	if (!cb->args[DUMP_CHECKED]) {
		err = dump_reject_others(cb, NSTRACK_A_NETNS_MAX,
					 NSTRACK_A_NETNS_COOKIE, -1);
		if (err)
			return err;
		if (attrs && attrs[NSTRACK_A_NETNS_COOKIE]) {
			cb->args[DUMP_FILTER] =
				nla_get_u64(attrs[NSTRACK_A_NETNS_COOKIE]);
			cb->args[DUMP_HAS_FILTER] = 1;
		}
		cb->args[DUMP_CHECKED] = 1;
	}

	nstrack_viewer_init(&viewer, cb->skb);
	spin_lock(&nstrack_registry_lock);
	cb->seq = nstrack_registry_generation();
	for (rec = nstrack_registry_next(cb->args[DUMP_CURSOR]); rec;
	     rec = nstrack_registry_next(rec->serial)) {
		/* a dead namespace has no sockets, nor counters to read */
		if (!rec->net || (cb->args[DUMP_HAS_FILTER] &&
				  rec->cookie != cb->args[DUMP_FILTER]) ||
		    !nstrack_viewer_sees(&viewer, rec)) {
			cb->args[DUMP_CURSOR] = rec->serial;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &nstrack_family,
				  NLM_F_MULTI, NSTRACK_CMD_SOCKETS_GET);
		if (!hdr) {
			full = true;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (nla_put_u64_64bit(skb, NSTRACK_A_NETNS_COOKIE, rec->cookie,
				      NSTRACK_A_NETNS_PAD) ||
		    nla_put_u32(skb, NSTRACK_A_NETNS_INODE, rec->inode) ||
		    nstrack_sockets_put(skb, NSTRACK_A_NETNS_SOCKETS, rec->net,
					true)) {
			genlmsg_cancel(skb, hdr);
			full = true;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[DUMP_CURSOR] = rec->serial;
	}
	spin_unlock(&nstrack_registry_lock);
	return dump_part_len(skb, full);
}

static int nstrack_info_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nstrack_viewer viewer;
	struct sk_buff *msg;
	void *hdr;
	int i, err;

	for (i = 0; i <= NSTRACK_A_INFO_MAX; i++) {
		if (info->attrs[i]) {
			NL_SET_ERR_MSG_ATTR(extack, info->attrs[i],
					    "this request takes no attributes");
			return -EINVAL;
		}
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG_MOD(extack, "out of memory for the reply");
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, &nstrack_family, 0,
				NSTRACK_CMD_INFO_GET);
	if (!hdr)
		goto too_big;

	nstrack_viewer_init(&viewer, skb);
	spin_lock(&nstrack_registry_lock);
	err = nla_put_string(msg, NSTRACK_A_INFO_VERSION, NSTRACK_VERSION) ||
	      nla_put_u32(msg, NSTRACK_A_INFO_EVENT_HISTORY_SIZE,
			  nstrack_event_ring_size()) ||
	      nla_put_u32(msg, NSTRACK_A_INFO_NETNS_HISTORY_SIZE,
			  nstrack_history_size) ||
	      nla_put_u32(msg, NSTRACK_A_INFO_NETNS_RECORD_SIZE,
			  nstrack_registry_record_size()) ||
	      nla_put_u32(msg, NSTRACK_A_INFO_DEV_RECORD_SIZE,
			  nstrack_dev_record_size()) ||
	      nla_put_u32(msg, NSTRACK_A_INFO_EVENT_RECORD_SIZE,
			  sizeof(struct nstrack_event)) ||
	      (net_eq(genl_info_net(info), &init_net) &&
	       nla_put_flag(msg, NSTRACK_A_INFO_EVENTS_HERE));
	/* what happens in namespaces the requester does not see */
	if (!err && viewer.all)
		err = nla_put_u64_64bit(msg, NSTRACK_A_INFO_EVENT_LAST,
					nstrack_event_last(),
					NSTRACK_A_INFO_PAD) ||
		      nla_put_u64_64bit(msg, NSTRACK_A_INFO_EVENT_OLDEST,
					nstrack_event_oldest(),
					NSTRACK_A_INFO_PAD) ||
		      nla_put_u64_64bit(msg, NSTRACK_A_INFO_NOTIFY_FAILED,
					notify_failed, NSTRACK_A_INFO_PAD) ||
		      nla_put_u32(msg, NSTRACK_A_INFO_NETNS_RECORDS,
				  nstrack_registry_records()) ||
		      nla_put_u32(msg, NSTRACK_A_INFO_DEV_RECORDS,
				  nstrack_dev_records());
	spin_unlock(&nstrack_registry_lock);
	if (err)
		goto too_big;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

too_big:
	nlmsg_free(msg);
	NL_SET_ERR_MSG_MOD(extack, "reply does not fit a message");
	return -EMSGSIZE;
}

/* Room for one event: every attribute nstrack_event_fill() may put. */
static size_t event_msg_size(void)
{
	size_t endpoint = nla_total_size(0) + nla_total_size_64bit(8) +
			  2 * nla_total_size(4) + nla_total_size(IFNAMSIZ);

	return 2 * nla_total_size_64bit(8) + 2 * nla_total_size(1) +
	       nla_total_size(4) + nla_total_size(TASK_COMM_LEN) +
	       2 * endpoint;
}

/**
 * nstrack_netlink_listening() - whether anyone has joined the events group
 *
 * Called with the registry lock held, which also orders it against the
 * family going away.
 */
bool nstrack_netlink_listening(void)
{
	lockdep_assert_held(&nstrack_registry_lock);
	return family_ready &&
	       genl_has_listeners(&nstrack_family, &init_net,
				  NSTRACK_MCGRP_EVENTS_ID);
}

/**
 * nstrack_netlink_notify() - send one event to the events group
 * @ev: the event, complete
 *
 * Called with the registry lock held, from pernet hooks and the netdevice
 * notifier: it allocates atomically and never waits.  Only the initial
 * network namespace is sent to, so the cost does not grow with the number
 * of namespaces.  A notification that cannot be allocated is counted; its
 * listeners see the gap in the sequence numbers.
 */
void nstrack_netlink_notify(const struct nstrack_event *ev)
{
	struct sk_buff *skb;
	void *hdr;

	lockdep_assert_held(&nstrack_registry_lock);
	if (!nstrack_netlink_listening())
		return;
	skb = genlmsg_new(event_msg_size(), GFP_ATOMIC);
	if (!skb)
		goto failed;
	hdr = genlmsg_put(skb, 0, 0, &nstrack_family, 0,
			  NSTRACK_CMD_EVENT_NTF);
	if (!hdr || nstrack_event_fill(skb, ev, NULL)) {
		nlmsg_free(skb);
		goto failed;
	}
	genlmsg_end(skb, hdr);
	/* no listener left (-ESRCH) or one that overran: theirs to see */
	genlmsg_multicast_netns(&nstrack_family, &init_net, skb, 0,
				NSTRACK_MCGRP_EVENTS_ID, GFP_ATOMIC);
	return;
failed:
	notify_failed++;
}

static const struct genl_ops nstrack_ops[] = {
	{
		.cmd = NSTRACK_CMD_NETNS_GET,
		.doit = nstrack_netns_get_doit,
		.dumpit = nstrack_netns_get_dumpit,
		.policy = nstrack_netns_policy,
		.maxattr = NSTRACK_A_NETNS_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSTRACK_CMD_DEV_GET,
		.dumpit = nstrack_dev_get_dumpit,
		.policy = nstrack_dev_policy,
		.maxattr = NSTRACK_A_DEV_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSTRACK_CMD_HISTORY_GET,
		.dumpit = nstrack_history_get_dumpit,
		.policy = nstrack_event_policy,
		.maxattr = NSTRACK_A_EVENT_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSTRACK_CMD_SOCKETS_GET,
		.dumpit = nstrack_sockets_get_dumpit,
		.policy = nstrack_netns_policy,
		.maxattr = NSTRACK_A_NETNS_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = NSTRACK_CMD_INFO_GET,
		.doit = nstrack_info_get_doit,
		.policy = nstrack_info_policy,
		.maxattr = NSTRACK_A_INFO_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group nstrack_mcgrps[] = {
	[NSTRACK_MCGRP_EVENTS_ID] = {
		.name = NSTRACK_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

static struct genl_family nstrack_family __ro_after_init = {
	.name = NSTRACK_FAMILY_NAME,
	.version = NSTRACK_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = nstrack_ops,
	.n_ops = ARRAY_SIZE(nstrack_ops),
	.mcgrps = nstrack_mcgrps,
	.n_mcgrps = ARRAY_SIZE(nstrack_mcgrps),
};

int nstrack_netlink_init(void)
{
	int err;

	err = genl_register_family(&nstrack_family);
	if (err)
		return err;
	spin_lock(&nstrack_registry_lock);
	family_ready = true;
	spin_unlock(&nstrack_registry_lock);
	return 0;
}

void nstrack_netlink_exit(void)
{
	/* no notification may start once the family is going */
	spin_lock(&nstrack_registry_lock);
	family_ready = false;
	spin_unlock(&nstrack_registry_lock);
	genl_unregister_family(&nstrack_family);
}
