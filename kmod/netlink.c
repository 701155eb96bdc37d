// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family: NETNS_GET as a lookup of one namespace and as
 * a resumable, consistency-checked dump of the registry.
 */

#include <linux/cred.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include <uapi/linux/nstrack.h>

#include "compat.h"
#include "netlink.h"
#include "registry.h"

static struct genl_family nstrack_family;

/* not const: 6.1 declares the policy's range pointer without const */
static struct netlink_range_validation fd_range = {
	.min = 0,
	.max = INT_MAX,
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
 *
 * Return: 0, or -EMSGSIZE when @skb is full.
 */
int nstrack_netns_fill(struct sk_buff *skb, const struct nstrack_netns *rec,
		       struct net *caller_net,
		       struct user_namespace *caller_userns)
{
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
			      NSTRACK_A_NETNS_PAD))
		return -EMSGSIZE;

	/* rec->net is only set, and only valid, while the lock is held */
	if (rec->net && caller_net) {
		nsid = peernet2id(caller_net, rec->net);
		if (nsid >= 0 && nla_put_s32(skb, NSTRACK_A_NETNS_NSID, nsid))
			return -EMSGSIZE;
	}

	if (!(rec->flags & NSTRACK_NETNS_F_PREEXISTING) &&
	    (nla_put_u64_64bit(skb, NSTRACK_A_NETNS_CREATED_NS, rec->created_ns,
			       NSTRACK_A_NETNS_PAD) ||
	     nla_put_u32(skb, NSTRACK_A_NETNS_CREATOR_PID, rec->creator_tgid) ||
	     nla_put_string(skb, NSTRACK_A_NETNS_CREATOR_COMM,
			    rec->creator_comm)))
		return -EMSGSIZE;

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
	if (!msg)
		return -ENOMEM;

	spin_lock(&nstrack_registry_lock);
	rec = netns_lookup(sel, cookie);
	if (!rec) {
		spin_unlock(&nstrack_registry_lock);
		nlmsg_free(msg);
		NL_SET_ERR_MSG_ATTR(extack, sel, "no such namespace");
		return -ENOENT;
	}
	hdr = genlmsg_put_reply(msg, info, &nstrack_family, 0,
				NSTRACK_CMD_NETNS_GET);
	err = hdr ? nstrack_netns_fill(msg, rec, genl_info_net(info),
				       sk_user_ns(NETLINK_CB(skb).sk)) :
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

/**
 * nstrack_netns_dump_fill() - fill one part of a namespace dump
 * @skb: the part being built
 * @cb: the dump; cb->args[0] holds the serial of the last record sent, so
 *	each part seeks straight to where the previous one stopped
 * @caller_net: namespace of the requesting socket, for nsids
 * @caller_userns: user namespace of the requesting socket, for uids
 *
 * Return: length of @skb; 0 once every record has been sent.
 */
int nstrack_netns_dump_fill(struct sk_buff *skb, struct netlink_callback *cb,
			    struct net *caller_net,
			    struct user_namespace *caller_userns)
{
	u64 cursor = cb->args[0];
	struct nstrack_netns *rec;
	void *hdr;

	spin_lock(&nstrack_registry_lock);
	cb->seq = nstrack_registry_generation();
	for (rec = nstrack_registry_next(cursor); rec;
	     rec = nstrack_registry_next(cursor)) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &nstrack_family,
				  NLM_F_MULTI, NSTRACK_CMD_NETNS_GET);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (nstrack_netns_fill(skb, rec, caller_net, caller_userns)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cursor = rec->serial;
	}
	spin_unlock(&nstrack_registry_lock);
	cb->args[0] = cursor;
	return skb->len;
}

/* cb->args[1] is set once the request has been checked. */
static int nstrack_netns_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	int err;

	if (!cb->args[1]) {
		err = netns_dump_precheck(cb);
		if (err)
			return err;
		cb->args[1] = 1;
	}
	return nstrack_netns_dump_fill(skb, cb, sock_net(cb->skb->sk),
				       sk_user_ns(NETLINK_CB(cb->skb).sk));
}

static const struct genl_ops nstrack_ops[] = {
	{
		.cmd = NSTRACK_CMD_NETNS_GET,
		.doit = nstrack_netns_get_doit,
		.dumpit = nstrack_netns_get_dumpit,
		.policy = nstrack_netns_policy,
		.maxattr = NSTRACK_A_NETNS_MAX,
		.flags = GENL_ADMIN_PERM,
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
};

int nstrack_netlink_init(void)
{
	return genl_register_family(&nstrack_family);
}

void nstrack_netlink_exit(void)
{
	genl_unregister_family(&nstrack_family);
}
