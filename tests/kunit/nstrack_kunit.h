/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the KUnit suites: a fresh registry for every test case,
 * records made the way the pernet init hook makes them, and parsing of the
 * attributes the netlink code puts.
 */
#ifndef _NSTRACK_KUNIT_H
#define _NSTRACK_KUNIT_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/netlink.h>

#include <uapi/linux/nstrack.h>

#include "events.h"
#include "netlink.h"
#include "registry.h"

/*
 * The registry and the event ring are global: each case starts from empty
 * ones, made and freed in the order of the module's init and exit.  Only
 * what was made is freed, so that a failed init does not free twice.
 */
struct nstrack_kunit_ctx {
	unsigned int saved_history_size;
	unsigned int saved_event_history_size;
	bool registry_up;
	bool events_up;
};

static inline int nstrack_kunit_init(struct kunit *test)
{
	struct nstrack_kunit_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->saved_history_size = nstrack_history_size;
	ctx->saved_event_history_size = nstrack_event_history_size;
	test->priv = ctx;
	KUNIT_ASSERT_EQ(test, nstrack_registry_init(), 0);
	ctx->registry_up = true;
	KUNIT_ASSERT_EQ(test, nstrack_events_init(), 0);
	ctx->events_up = true;
	/* a case before leaked records that its exit could not free */
	KUNIT_ASSERT_EQ(test, nstrack_registry_records(), 0);
	return 0;
}

/* Every record the case made must be freed by nstrack_registry_exit(). */
static inline void nstrack_kunit_exit(struct kunit *test)
{
	struct nstrack_kunit_ctx *ctx = test->priv;

	if (!ctx)
		return;
	if (ctx->events_up)
		nstrack_events_exit();
	if (ctx->registry_up) {
		nstrack_registry_exit();
		KUNIT_EXPECT_EQ_MSG(test, nstrack_registry_records(), 0,
				    "records leaked by nstrack_registry_exit()");
	}
	nstrack_history_size = ctx->saved_history_size;
	nstrack_event_history_size = ctx->saved_event_history_size;
}

/*
 * A record as nstrack_net_init() makes it: everything but the serial is
 * set before the insert.  Values are derived from @id so that each field
 * of each record is distinct; created records get a creator, pre-existing
 * ones (NSTRACK_NETNS_F_PREEXISTING in @flags) do not.
 */
static inline struct nstrack_netns *
nstrack_kunit_add(struct kunit *test, u64 cookie, u32 inode, u32 flags)
{
	struct nstrack_netns *rec = nstrack_registry_alloc(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, rec);
	rec->cookie = cookie;
	rec->inode = inode;
	rec->owner_userns = 0xeffffff0u + (inode & 0xf);
	rec->owner_uid = KUIDT_INIT(1000 + (inode & 0xff));
	rec->seen_ns = 1000000000ull * inode + 11;
	rec->state = NSTRACK_NETNS_STATE_ALIVE;
	rec->flags = flags;
	if (!(flags & NSTRACK_NETNS_F_PREEXISTING)) {
		rec->created_ns = rec->seen_ns;
		rec->creator_tgid = 100 + inode;
		snprintf(rec->creator_comm, sizeof(rec->creator_comm),
			 "creator-%u", inode);
	}
	nstrack_registry_insert(rec);
	return rec;
}

/* Look-ups need the registry lock; take it only around the call. */
static inline struct nstrack_netns *nstrack_kunit_find_cookie(u64 cookie)
{
	struct nstrack_netns *rec;

	spin_lock(&nstrack_registry_lock);
	rec = nstrack_registry_find_cookie(cookie);
	spin_unlock(&nstrack_registry_lock);
	return rec;
}

static inline struct nstrack_netns *nstrack_kunit_find_inode(u32 inode)
{
	struct nstrack_netns *rec;

	spin_lock(&nstrack_registry_lock);
	rec = nstrack_registry_find_inode(inode);
	spin_unlock(&nstrack_registry_lock);
	return rec;
}

static inline struct nstrack_netns *nstrack_kunit_next(u64 after_serial)
{
	struct nstrack_netns *rec;

	spin_lock(&nstrack_registry_lock);
	rec = nstrack_registry_next(after_serial);
	spin_unlock(&nstrack_registry_lock);
	return rec;
}

static inline u32 nstrack_kunit_generation(void)
{
	u32 gen;

	spin_lock(&nstrack_registry_lock);
	gen = nstrack_registry_generation();
	spin_unlock(&nstrack_registry_lock);
	return gen;
}

KUNIT_DEFINE_ACTION_WRAPPER(nstrack_kunit_free_skb, kfree_skb,
			    struct sk_buff *);

/*
 * An skb with exactly @room bytes of tailroom, freed when the case ends
 * unless released earlier with nstrack_kunit_release_skb().  The room is
 * a multiple of 4, so that messages start aligned for their headers, as
 * in a real skb; where 64-bit attributes need pads then depends on @room
 * modulo 8 (the tailroom of alloc_skb() is a multiple of 8).
 */
static inline struct sk_buff *nstrack_kunit_skb(struct kunit *test,
						unsigned int room)
{
	struct sk_buff *skb;
	int err;

	KUNIT_ASSERT_EQ(test, room % 4, 0u);
	skb = alloc_skb(room, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	err = kunit_add_action_or_reset(test, nstrack_kunit_free_skb, skb);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_GE(test, skb_tailroom(skb), (int)room);
	skb_reserve(skb, skb_tailroom(skb) - room);
	KUNIT_ASSERT_EQ(test, skb_tailroom(skb), (int)room);
	return skb;
}

static inline void nstrack_kunit_release_skb(struct kunit *test,
					     struct sk_buff *skb)
{
	kunit_release_action(test, nstrack_kunit_free_skb, skb);
}

/*
 * Replies carry NSTRACK_A_NETNS_PAD before 64-bit attributes where the
 * architecture needs aligned access (UML does), and the pad attribute is
 * NLA_UNSPEC in nstrack_netns_policy.  Replies are therefore parsed with
 * the family's own policy and strict validation (exact lengths, nothing
 * above NSTRACK_A_NETNS_MAX, no trailing bytes) minus NL_VALIDATE_UNSPEC,
 * the one check that would reject the pads; every other attribute is
 * validated exactly as strictly as a request is.
 */
#define NSTRACK_KUNIT_VALIDATE	(NL_VALIDATE_STRICT & ~NL_VALIDATE_UNSPEC)

/*
 * Parse the attribute stream at @head into @tb.  Also fails the case if a
 * non-pad attribute appears twice (the parser would keep only the last).
 * Return: bit N set for each attribute type N present, pads excluded.
 */
static inline unsigned long
nstrack_kunit_parse(struct kunit *test, const struct nlattr *head, int len,
		    struct nlattr **tb)
{
	struct netlink_ext_ack extack = {};
	const struct nlattr *nla;
	unsigned long present = 0;
	int err, rem, type;

	BUILD_BUG_ON(NSTRACK_A_NETNS_MAX >= BITS_PER_LONG);
	err = __nla_parse(tb, NSTRACK_A_NETNS_MAX, head, len,
			  nstrack_netns_policy, NSTRACK_KUNIT_VALIDATE,
			  &extack);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "policy rejects the reply: %s",
			    extack._msg ? extack._msg : "(no message)");

	nla_for_each_attr(nla, head, len, rem) {
		type = nla_type(nla);
		if (type == NSTRACK_A_NETNS_PAD)
			continue;
		KUNIT_EXPECT_FALSE_MSG(test, present & BIT(type),
				       "attribute %d appears twice", type);
		present |= BIT(type);
	}
	return present;
}

#endif /* _NSTRACK_KUNIT_H */
