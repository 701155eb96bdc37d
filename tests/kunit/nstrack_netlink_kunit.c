// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite nstrack_netlink: the attributes nstrack_netns_fill() puts for
 * one record, parsed back with nstrack_netns_policy, the policy of the
 * family (kmod/netlink.c).
 */

#include <linux/highuid.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>

#include "nstrack_kunit.h"

#define A(name)		BIT(NSTRACK_A_NETNS_##name)
/* in every reply */
#define ALWAYS		(A(SERIAL) | A(COOKIE) | A(INODE) | A(OWNER_USERNS) | \
			 A(OWNER_UID) | A(STATE) | A(FLAGS) | A(SEEN_NS) | \
			 A(DEVICES))
/* only when the module saw the namespace being created */
#define CREATION	(A(CREATED_NS) | A(CREATOR_PID) | A(CREATOR_COMM))

#define COOKIE		0x0123456789abcdefull
#define INODE		0xf0000001u
#define OWNER_USERNS	0xeffffffdu
#define OWNER_UID	123456u
#define SEEN_NS		0x1122334455667788ull
#define CREATED_NS	0x0877665544332211ull
#define CREATOR_PID	4194303
#define CREATOR_COMM	"0123456789abcde"	/* the longest comm there is */
#define DEVICES		0x00010203u
#define PRE_EXIT_NS	0x1000000000000001ull
#define EXIT_NS		0x2000000000000002ull

/*
 * Fill @rec into an empty message under the registry lock, as the ops do,
 * and parse it.  Return: the attribute types present.
 */
static unsigned long fill_and_parse(struct kunit *test,
				    const struct nstrack_netns *rec,
				    struct net *caller_net, struct nlattr **tb)
{
	struct sk_buff *skb = nstrack_kunit_skb(test, NLMSG_GOODSIZE);
	int err;

	spin_lock(&nstrack_registry_lock);
	err = nstrack_netns_fill(skb, rec, caller_net, &init_user_ns, NULL);
	spin_unlock(&nstrack_registry_lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_GT(test, skb->len, 0u);
	return nstrack_kunit_parse(test, (struct nlattr *)skb->data, skb->len,
				   tb);
}

/* A record with a distinct value in every field, in @state. */
static struct nstrack_netns *make_record(struct kunit *test, u32 flags,
					 u8 state)
{
	struct nstrack_netns *rec;

	rec = nstrack_kunit_add(test, COOKIE, INODE, flags);
	rec->owner_userns = OWNER_USERNS;
	rec->owner_uid = KUIDT_INIT(OWNER_UID);
	rec->seen_ns = SEEN_NS;
	rec->devices = DEVICES;
	/* set even when pre-existing: the flag alone decides what is sent */
	rec->created_ns = CREATED_NS;
	rec->creator_tgid = CREATOR_PID;
	strscpy(rec->creator_comm, CREATOR_COMM, sizeof(rec->creator_comm));
	if (state >= NSTRACK_NETNS_STATE_DYING)
		nstrack_registry_set_dying(rec, PRE_EXIT_NS);
	if (state == NSTRACK_NETNS_STATE_DEAD)
		nstrack_registry_set_dead(rec, EXIT_NS);
	return rec;
}

/*
 * Exactly the attributes a record in @state with @flags has, each with the
 * value of the record.
 */
static void round_trip(struct kunit *test, u32 flags, u8 state)
{
	struct nlattr *tb[NSTRACK_A_NETNS_MAX + 1];
	struct nstrack_netns *rec;
	unsigned long want = ALWAYS, got;

	rec = make_record(test, flags, state);
	KUNIT_ASSERT_EQ(test, rec->state, state);
	if (!(flags & NSTRACK_NETNS_F_PREEXISTING))
		want |= CREATION;
	if (state != NSTRACK_NETNS_STATE_ALIVE)
		want |= A(PRE_EXIT_NS);
	if (state == NSTRACK_NETNS_STATE_DEAD)
		want |= A(EXIT_NS);

	got = fill_and_parse(test, rec, NULL, tb);
	KUNIT_ASSERT_EQ_MSG(test, got, want,
			    "attributes present %#lx, expected %#lx", got, want);

	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[NSTRACK_A_NETNS_SERIAL]),
			rec->serial);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[NSTRACK_A_NETNS_COOKIE]), COOKIE);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[NSTRACK_A_NETNS_INODE]), INODE);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[NSTRACK_A_NETNS_OWNER_USERNS]),
			OWNER_USERNS);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[NSTRACK_A_NETNS_OWNER_UID]),
			OWNER_UID);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[NSTRACK_A_NETNS_STATE]), state);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[NSTRACK_A_NETNS_FLAGS]), flags);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[NSTRACK_A_NETNS_SEEN_NS]), SEEN_NS);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[NSTRACK_A_NETNS_DEVICES]), DEVICES);
	if (want & CREATION) {
		KUNIT_EXPECT_EQ(test,
				nla_get_u64(tb[NSTRACK_A_NETNS_CREATED_NS]),
				CREATED_NS);
		KUNIT_EXPECT_EQ(test,
				nla_get_u32(tb[NSTRACK_A_NETNS_CREATOR_PID]),
				CREATOR_PID);
		/* NUL-terminated, the whole comm */
		KUNIT_EXPECT_EQ(test, nla_len(tb[NSTRACK_A_NETNS_CREATOR_COMM]),
				(int)sizeof(CREATOR_COMM));
		KUNIT_EXPECT_STREQ(test,
				   (char *)nla_data(tb[NSTRACK_A_NETNS_CREATOR_COMM]),
				   CREATOR_COMM);
	}
	if (want & A(PRE_EXIT_NS))
		KUNIT_EXPECT_EQ(test,
				nla_get_u64(tb[NSTRACK_A_NETNS_PRE_EXIT_NS]),
				PRE_EXIT_NS);
	if (want & A(EXIT_NS))
		KUNIT_EXPECT_EQ(test, nla_get_u64(tb[NSTRACK_A_NETNS_EXIT_NS]),
				EXIT_NS);
}

/* A namespace created while the module was loaded, alive. */
static void alive_created_round_trip(struct kunit *test)
{
	round_trip(test, 0, NSTRACK_NETNS_STATE_ALIVE);
}

/* Pre-existing: no creation time, creator pid or comm. */
static void alive_preexisting_omits_creation(struct kunit *test)
{
	round_trip(test, NSTRACK_NETNS_F_PREEXISTING, NSTRACK_NETNS_STATE_ALIVE);
}

/* Dying: the pre_exit time, not yet an exit time. */
static void dying_has_pre_exit_only(struct kunit *test)
{
	round_trip(test, 0, NSTRACK_NETNS_STATE_DYING);
	round_trip(test, NSTRACK_NETNS_F_PREEXISTING, NSTRACK_NETNS_STATE_DYING);
}

/* Dead: both times. */
static void dead_has_pre_exit_and_exit(struct kunit *test)
{
	round_trip(test, 0, NSTRACK_NETNS_STATE_DEAD);
	round_trip(test, NSTRACK_NETNS_F_PREEXISTING, NSTRACK_NETNS_STATE_DEAD);
}

/* A uid with no mapping in the caller's user namespace reads overflowuid. */
static void unmapped_uid_is_overflowuid(struct kunit *test)
{
	struct nlattr *tb[NSTRACK_A_NETNS_MAX + 1];
	struct nstrack_netns *rec;

	rec = make_record(test, 0, NSTRACK_NETNS_STATE_ALIVE);
	rec->owner_uid = INVALID_UID;
	fill_and_parse(test, rec, NULL, tb);
	KUNIT_ASSERT_NOT_NULL(test, tb[NSTRACK_A_NETNS_OWNER_UID]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[NSTRACK_A_NETNS_OWNER_UID]),
			(u32)overflowuid);
}

/*
 * The attributes that need the namespace itself: the nsid, the id of the
 * record's namespace in the caller's one, only while both are known and an
 * id is assigned; the socket counts (a nest, checked here only for being
 * there and passing the policy) while the namespace is not dead.  init_net
 * is given an id for itself, which is enough for peernet2id().
 */
static void nsid_and_sockets_need_the_namespace(struct kunit *test)
{
	struct nlattr *tb[NSTRACK_A_NETNS_MAX + 1];
	struct nstrack_netns *rec;
	unsigned long got;
	int id;

	rec = make_record(test, 0, NSTRACK_NETNS_STATE_ALIVE);
	got = fill_and_parse(test, rec, &init_net, tb);
	KUNIT_EXPECT_EQ(test, got, ALWAYS | CREATION);

	rec->net = &init_net;
	id = peernet2id(&init_net, &init_net);
	if (id < 0) {
		got = fill_and_parse(test, rec, &init_net, tb);
		KUNIT_EXPECT_EQ(test, got, ALWAYS | CREATION | A(SOCKETS));
		id = peernet2id_alloc(&init_net, &init_net, GFP_KERNEL);
	}
	KUNIT_ASSERT_GE(test, id, 0);

	got = fill_and_parse(test, rec, &init_net, tb);
	KUNIT_ASSERT_EQ(test, got, ALWAYS | CREATION | A(SOCKETS) | A(NSID));
	KUNIT_EXPECT_EQ(test, nla_get_s32(tb[NSTRACK_A_NETNS_NSID]), id);

	/* no caller namespace (no socket): no nsid */
	got = fill_and_parse(test, rec, NULL, tb);
	KUNIT_EXPECT_EQ(test, got, ALWAYS | CREATION | A(SOCKETS));

	/* dying: still there */
	nstrack_registry_set_dying(rec, PRE_EXIT_NS);
	got = fill_and_parse(test, rec, &init_net, tb);
	KUNIT_EXPECT_EQ(test, got, ALWAYS | CREATION | A(SOCKETS) | A(NSID) |
			A(PRE_EXIT_NS));

	/* dead: the pointer is gone, and with it both */
	nstrack_registry_set_dead(rec, EXIT_NS);
	got = fill_and_parse(test, rec, &init_net, tb);
	KUNIT_EXPECT_EQ(test, got, ALWAYS | CREATION | A(PRE_EXIT_NS) |
			A(EXIT_NS));
}

/* Fill @rec into an skb with @room bytes; its length in @len. */
static int fill_into(struct kunit *test, const struct nstrack_netns *rec,
		     unsigned int room, unsigned int *len)
{
	struct sk_buff *skb = nstrack_kunit_skb(test, room);
	int err;

	spin_lock(&nstrack_registry_lock);
	err = nstrack_netns_fill(skb, rec, NULL, &init_user_ns, NULL);
	spin_unlock(&nstrack_registry_lock);
	*len = skb->len;
	nstrack_kunit_release_skb(test, skb);
	return err;
}

/*
 * A message without room for every attribute is -EMSGSIZE, whatever the
 * room: no attribute may be dropped silently.  Each room is compared with
 * what the record takes at the same alignment (pads vary with it), in a
 * larger skb.
 */
static void fill_reports_emsgsize(struct kunit *test)
{
	static const struct {
		u32 flags;
		u8 state;
	} kinds[] = {
		{ 0, NSTRACK_NETNS_STATE_DEAD },		/* the largest */
		{ NSTRACK_NETNS_F_PREEXISTING, NSTRACK_NETNS_STATE_ALIVE },
	};
	struct nstrack_netns *rec;
	unsigned int k, room, needed, len;
	int err;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		rec = make_record(test, kinds[k].flags, kinds[k].state);
		for (room = 0; ; room += 4) {
			KUNIT_ASSERT_EQ(test, fill_into(test, rec, room + 256,
							&needed), 0);
			KUNIT_ASSERT_LT(test, needed, 256u);
			err = fill_into(test, rec, room, &len);
			KUNIT_EXPECT_LE(test, len, room);
			if (room >= needed) {
				KUNIT_EXPECT_EQ(test, err, 0);
				KUNIT_EXPECT_EQ(test, len, needed);
				break;
			}
			KUNIT_EXPECT_EQ_MSG(test, err, -EMSGSIZE,
					    "kind %u, room %u of %u", k, room,
					    needed);
		}
	}
}

/* Parse a single attribute with the family's policy. */
static int parse_one(struct kunit *test, int type, const void *data, int len)
{
	struct nlattr *tb[NSTRACK_A_NETNS_MAX + 1];
	struct sk_buff *skb = nstrack_kunit_skb(test, 64);
	int err;

	KUNIT_ASSERT_EQ(test, nla_put(skb, type, len, data), 0);
	err = __nla_parse(tb, NSTRACK_A_NETNS_MAX, (struct nlattr *)skb->data,
			  skb->len, nstrack_netns_policy,
			  NSTRACK_KUNIT_VALIDATE, NULL);
	nstrack_kunit_release_skb(test, skb);
	return err;
}

/*
 * The policy the round trips parse with does reject what a broken reply
 * could carry, so that a round trip that passes means something.
 */
static void policy_validates_values(struct kunit *test)
{
	static const char long_comm[] = "0123456789abcdef";	/* 16 */
	u8 u8v;
	u32 u32v;
	u64 u64v = 1;

	for (u8v = 0; u8v <= NSTRACK_NETNS_STATE_DEAD + 1; u8v++) {
		bool valid = u8v >= NSTRACK_NETNS_STATE_ALIVE &&
			     u8v <= NSTRACK_NETNS_STATE_DEAD;

		KUNIT_EXPECT_EQ_MSG(test,
				    parse_one(test, NSTRACK_A_NETNS_STATE,
					      &u8v, 1) == 0,
				    valid, "state %u", u8v);
	}
	u32v = 0;
	KUNIT_EXPECT_NE(test, parse_one(test, NSTRACK_A_NETNS_INODE, &u32v, 4), 0);
	u32v = 1;
	KUNIT_EXPECT_EQ(test, parse_one(test, NSTRACK_A_NETNS_INODE, &u32v, 4), 0);
	u32v = NSTRACK_NETNS_F_PREEXISTING << 1;
	KUNIT_EXPECT_NE(test, parse_one(test, NSTRACK_A_NETNS_FLAGS, &u32v, 4), 0);
	u32v = NSTRACK_NETNS_F_PREEXISTING;
	KUNIT_EXPECT_EQ(test, parse_one(test, NSTRACK_A_NETNS_FLAGS, &u32v, 4), 0);
	/* lengths are exact */
	KUNIT_EXPECT_NE(test, parse_one(test, NSTRACK_A_NETNS_SERIAL, &u64v, 4), 0);
	KUNIT_EXPECT_NE(test, parse_one(test, NSTRACK_A_NETNS_OWNER_UID,
					&u64v, 8), 0);
	KUNIT_EXPECT_EQ(test, parse_one(test, NSTRACK_A_NETNS_EXIT_NS, &u64v, 8), 0);
	/* a comm longer than the kernel's, or not terminated */
	KUNIT_EXPECT_NE(test, parse_one(test, NSTRACK_A_NETNS_CREATOR_COMM,
					long_comm, sizeof(long_comm)), 0);
	KUNIT_EXPECT_NE(test, parse_one(test, NSTRACK_A_NETNS_CREATOR_COMM,
					"abc", 3), 0);
	KUNIT_EXPECT_EQ(test, parse_one(test, NSTRACK_A_NETNS_CREATOR_COMM,
					CREATOR_COMM, sizeof(CREATOR_COMM)), 0);
	/* unknown attributes; pads are fine */
	KUNIT_EXPECT_NE(test, parse_one(test, NSTRACK_A_NETNS_MAX + 1,
					&u32v, 4), 0);
	KUNIT_EXPECT_EQ(test, parse_one(test, NSTRACK_A_NETNS_PAD, &u32v, 0), 0);
}

static struct kunit_case nstrack_netlink_cases[] = {
	KUNIT_CASE(alive_created_round_trip),
	KUNIT_CASE(alive_preexisting_omits_creation),
	KUNIT_CASE(dying_has_pre_exit_only),
	KUNIT_CASE(dead_has_pre_exit_and_exit),
	KUNIT_CASE(unmapped_uid_is_overflowuid),
	KUNIT_CASE(nsid_and_sockets_need_the_namespace),
	KUNIT_CASE(fill_reports_emsgsize),
	KUNIT_CASE(policy_validates_values),
	{}
};

static struct kunit_suite nstrack_netlink_suite = {
	.name = "nstrack_netlink",
	.init = nstrack_kunit_init,
	.exit = nstrack_kunit_exit,
	.test_cases = nstrack_netlink_cases,
};

kunit_test_suite(nstrack_netlink_suite);
