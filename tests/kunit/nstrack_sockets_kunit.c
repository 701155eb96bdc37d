// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite nstrack_sockets: the socket counts of a namespace as
 * nstrack_sockets_put() nests them (kmod/sockets.c), read in init_net
 * around a socket the case makes itself.
 *
 * UML has only the families its kernel config builds (AF_UNIX and
 * AF_NETLINK here, no IPv4, IPv6 nor packet sockets); a family the kernel
 * lacks is left out by nstrack_sockets_init(), so only the protocols
 * present are looked at, and UNIX-STREAM must be one of them.
 */

#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "nstrack_kunit.h"
#include "sockets.h"

#define TEST_ROOM	1024
#define TEST_NEST	NSTRACK_A_NETNS_SOCKETS
#define TEST_PROTO	"UNIX-STREAM"

struct counts {
	u32 total;
	u32 time_wait;
	unsigned int protos;	/* PROTO nests */
	bool has_unix;
	u32 unix_inuse;		/* of TEST_PROTO */
};

static int sockets_test_init(struct kunit *test)
{
	return nstrack_sockets_init();
}

static void sockets_test_exit(struct kunit *test)
{
	nstrack_sockets_exit();
}

/*
 * Parse the nest that fills @skb: only it, of type TEST_NEST, valid under
 * nstrack_sockets_policy (nested protocol policy included), with TOTAL and
 * TCP_TIME_WAIT; each PROTO nest has a name and a count, and no name
 * appears twice.
 */
static void parse_counts(struct kunit *test, struct sk_buff *skb,
			 struct counts *c)
{
	const struct nla_policy *proto_policy =
		nstrack_sockets_policy[NSTRACK_A_SOCKETS_PROTO].nested_policy;
	struct nlattr *tb[NSTRACK_A_SOCKETS_MAX + 1];
	struct nlattr *ptb[NSTRACK_A_PROTO_MAX + 1];
	struct netlink_ext_ack extack = {};
	const char *names[16];
	struct nlattr *nest = (struct nlattr *)skb->data;
	struct nlattr *pos;
	unsigned int i;
	int err, rem;

	memset(c, 0, sizeof(*c));
	KUNIT_ASSERT_GE(test, skb->len, (unsigned int)NLA_HDRLEN);
	KUNIT_ASSERT_EQ(test, nla_type(nest), TEST_NEST);
	KUNIT_ASSERT_TRUE(test, nest->nla_type & NLA_F_NESTED);
	KUNIT_ASSERT_EQ(test, skb->len, (unsigned int)nla_total_size(nla_len(nest)));

	err = nla_parse_nested(tb, NSTRACK_A_SOCKETS_MAX, nest,
			       nstrack_sockets_policy, &extack);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "policy rejects the nest: %s",
			    extack._msg ? extack._msg : "(no message)");
	KUNIT_ASSERT_NOT_NULL(test, tb[NSTRACK_A_SOCKETS_TOTAL]);
	KUNIT_ASSERT_NOT_NULL(test, tb[NSTRACK_A_SOCKETS_TCP_TIME_WAIT]);
	c->total = nla_get_u32(tb[NSTRACK_A_SOCKETS_TOTAL]);
	c->time_wait = nla_get_u32(tb[NSTRACK_A_SOCKETS_TCP_TIME_WAIT]);

	nla_for_each_nested_type(pos, NSTRACK_A_SOCKETS_PROTO, nest, rem) {
		err = nla_parse_nested(ptb, NSTRACK_A_PROTO_MAX, pos,
				       proto_policy, &extack);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "protocol %u rejected: %s",
				    c->protos,
				    extack._msg ? extack._msg : "(no message)");
		KUNIT_ASSERT_NOT_NULL(test, ptb[NSTRACK_A_PROTO_NAME]);
		KUNIT_ASSERT_NOT_NULL(test, ptb[NSTRACK_A_PROTO_INUSE]);
		KUNIT_ASSERT_LT(test, c->protos, (unsigned int)ARRAY_SIZE(names));
		names[c->protos] = nla_data(ptb[NSTRACK_A_PROTO_NAME]);
		for (i = 0; i < c->protos; i++)
			KUNIT_EXPECT_STRNEQ(test, names[i], names[c->protos]);
		if (!strcmp(names[c->protos], TEST_PROTO)) {
			c->has_unix = true;
			c->unix_inuse = nla_get_u32(ptb[NSTRACK_A_PROTO_INUSE]);
		}
		c->protos++;
	}
}

static void read_counts(struct kunit *test, bool by_protocol, struct counts *c)
{
	struct sk_buff *skb = nstrack_kunit_skb(test, TEST_ROOM);

	KUNIT_ASSERT_EQ(test, nstrack_sockets_put(skb, TEST_NEST, &init_net,
						  by_protocol), 0);
	parse_counts(test, skb, c);
	nstrack_kunit_release_skb(test, skb);
}

/*
 * A user socket counts once in the total and once in its protocol, and
 * no longer once released.  Nothing else makes or frees sockets while the
 * suite runs.
 */
static void counts_follow_a_socket(struct kunit *test)
{
	struct counts before, during, after;
	struct socket *sock = NULL;
	int err;

	read_counts(test, true, &before);
	KUNIT_ASSERT_TRUE_MSG(test, before.has_unix, TEST_PROTO " not listed");
	kunit_info(test, "%u protocols, %u sockets, %u " TEST_PROTO "\n",
		   before.protos, before.total, before.unix_inuse);
	/*
	 * Without CONFIG_INET (this UML) the death row's refcount is 0: the
	 * count must clamp at 0, not wrap below it.
	 */
	KUNIT_EXPECT_EQ(test, before.time_wait, 0u);

	err = sock_create(AF_UNIX, SOCK_STREAM, 0, &sock);
	KUNIT_ASSERT_EQ(test, err, 0);
	read_counts(test, true, &during);
	sock_release(sock);
	read_counts(test, true, &after);

	KUNIT_EXPECT_EQ(test, during.total, before.total + 1);
	KUNIT_EXPECT_TRUE(test, during.has_unix);
	KUNIT_EXPECT_EQ(test, during.unix_inuse, before.unix_inuse + 1);
	KUNIT_EXPECT_EQ(test, during.protos, before.protos);

	KUNIT_EXPECT_EQ(test, after.total, before.total);
	KUNIT_EXPECT_TRUE(test, after.has_unix);
	KUNIT_EXPECT_EQ(test, after.unix_inuse, before.unix_inuse);
	KUNIT_EXPECT_EQ(test, after.protos, before.protos);
}

/* Without by_protocol: the same totals and no PROTO nest at all. */
static void totals_only_without_by_protocol(struct kunit *test)
{
	struct counts full, totals;
	struct socket *sock = NULL;

	read_counts(test, true, &full);
	KUNIT_EXPECT_GT(test, full.protos, 0u);
	read_counts(test, false, &totals);
	KUNIT_EXPECT_EQ(test, totals.protos, 0u);
	KUNIT_EXPECT_FALSE(test, totals.has_unix);
	KUNIT_EXPECT_EQ(test, totals.total, full.total);
	KUNIT_EXPECT_EQ(test, totals.time_wait, full.time_wait);

	KUNIT_ASSERT_EQ(test, sock_create(AF_UNIX, SOCK_STREAM, 0, &sock), 0);
	read_counts(test, false, &totals);
	sock_release(sock);
	KUNIT_EXPECT_EQ(test, totals.total, full.total + 1);
	KUNIT_EXPECT_EQ(test, totals.protos, 0u);
}

/*
 * Every room short of what the nest needs fails with -EMSGSIZE and leaves
 * the skb as it was (the nest is cancelled, not left half-written); the
 * exact room succeeds.  Once with and once without the protocols.
 */
static void too_small_skb_is_left_unchanged(struct kunit *test)
{
	struct sk_buff *skb;
	unsigned int need, room;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		bool by_protocol = !pass;

		skb = nstrack_kunit_skb(test, TEST_ROOM);
		KUNIT_ASSERT_EQ(test, nstrack_sockets_put(skb, TEST_NEST,
							  &init_net,
							  by_protocol), 0);
		need = skb->len;
		nstrack_kunit_release_skb(test, skb);
		KUNIT_ASSERT_EQ(test, need % 4, 0u);

		for (room = 0; room < need; room += 4) {
			skb = nstrack_kunit_skb(test, room);
			KUNIT_EXPECT_EQ_MSG(test,
					    nstrack_sockets_put(skb, TEST_NEST,
								&init_net,
								by_protocol),
					    -EMSGSIZE, "room %u of %u", room,
					    need);
			KUNIT_EXPECT_EQ_MSG(test, skb->len, 0u, "room %u", room);
			KUNIT_EXPECT_EQ_MSG(test, skb_tailroom(skb), (int)room,
					    "room %u", room);
			nstrack_kunit_release_skb(test, skb);
		}

		skb = nstrack_kunit_skb(test, need);
		KUNIT_EXPECT_EQ(test, nstrack_sockets_put(skb, TEST_NEST,
							  &init_net,
							  by_protocol), 0);
		KUNIT_EXPECT_EQ(test, skb->len, need);
		nstrack_kunit_release_skb(test, skb);
	}
}

static struct kunit_case nstrack_sockets_cases[] = {
	KUNIT_CASE(counts_follow_a_socket),
	KUNIT_CASE(totals_only_without_by_protocol),
	KUNIT_CASE(too_small_skb_is_left_unchanged),
	{}
};

static struct kunit_suite nstrack_sockets_suite = {
	.name = "nstrack_sockets",
	.init = sockets_test_init,
	.exit = sockets_test_exit,
	.test_cases = nstrack_sockets_cases,
};

kunit_test_suite(nstrack_sockets_suite);
