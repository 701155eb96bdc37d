// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite nstrack_dump: nstrack_netns_dump_fill() called part after
 * part with small skbs, as netlink_dump() calls the dumpit, while records
 * come and go between the parts (kmod/netlink.c).
 *
 * Every part is parsed back: the messages must be whole, carry the
 * request's portid and sequence, NLM_F_MULTI, the command and version of
 * the family, and attributes that pass nstrack_netns_policy.
 */

#include <linux/prandom.h>
#include <net/genetlink.h>

#include "nstrack_kunit.h"

#define PORTID		4242
#define SEQ		0x5eed
#define MAX_MSGS	1024

struct msg {
	u64 serial;
	u8 state;
	bool intr;		/* NLM_F_DUMP_INTR set */
	bool expect_intr;	/* first of a part after a registry change */
};

/* A dump in progress: the callback netlink_dump() would pass, and what the
 * parts held so far.
 */
struct dump {
	struct netlink_callback cb;
	struct nlmsghdr req;
	struct msg *msgs;
	unsigned int n;
	unsigned int parts;
	bool changed;		/* the registry changed since the last part */
	u32 last_seq;
};

static struct dump *dump_start(struct kunit *test)
{
	struct dump *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct sk_buff *req;

	KUNIT_ASSERT_NOT_NULL(test, d);
	d->msgs = kunit_kcalloc(test, MAX_MSGS, sizeof(*d->msgs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d->msgs);
	req = nstrack_kunit_skb(test, 0);
	NETLINK_CB(req).portid = PORTID;
	d->req.nlmsg_seq = SEQ;
	d->cb.nlh = &d->req;
	d->cb.skb = req;
	return d;
}

/*
 * One call of the dump into @room bytes.  Return: the number of messages
 * it put, 0 once the dump is over.
 */
static unsigned int dump_part(struct kunit *test, struct dump *d,
			      unsigned int room)
{
	struct nlattr *tb[NSTRACK_A_NETNS_MAX + 1];
	struct sk_buff *skb = nstrack_kunit_skb(test, room);
	const struct genlmsghdr *genl;
	unsigned long present;
	struct nlmsghdr *nlh;
	unsigned int count = 0;
	struct msg *m;
	int ret, rem;

	ret = nstrack_netns_dump_fill(skb, &d->cb, NULL, &init_user_ns, NULL);
	KUNIT_ASSERT_EQ(test, ret, (int)skb->len);
	/* the part is stamped with the generation it saw */
	KUNIT_EXPECT_EQ(test, (u32)d->cb.seq, nstrack_kunit_generation());
	if (d->parts) {
		if (d->changed)
			KUNIT_EXPECT_NE(test, (u32)d->cb.seq, d->last_seq);
		else
			KUNIT_EXPECT_EQ(test, (u32)d->cb.seq, d->last_seq);
	}
	d->last_seq = d->cb.seq;

	nlmsg_for_each_msg(nlh, (struct nlmsghdr *)skb->data, skb->len, rem) {
		KUNIT_ASSERT_LT(test, d->n, MAX_MSGS);
		KUNIT_EXPECT_TRUE(test, nlh->nlmsg_flags & NLM_F_MULTI);
		KUNIT_EXPECT_EQ(test, nlh->nlmsg_seq, SEQ);
		KUNIT_EXPECT_EQ(test, nlh->nlmsg_pid, PORTID);
		KUNIT_ASSERT_GE(test, nlmsg_len(nlh), GENL_HDRLEN);
		genl = nlmsg_data(nlh);
		KUNIT_EXPECT_EQ(test, genl->cmd, NSTRACK_CMD_NETNS_GET);
		KUNIT_EXPECT_EQ(test, genl->version, NSTRACK_FAMILY_VERSION);
		present = nstrack_kunit_parse(test, genlmsg_data(genl),
					      genlmsg_len(genl), tb);
		KUNIT_ASSERT_TRUE(test, present & BIT(NSTRACK_A_NETNS_SERIAL));
		KUNIT_ASSERT_TRUE(test, present & BIT(NSTRACK_A_NETNS_STATE));

		m = &d->msgs[d->n++];
		m->serial = nla_get_u64(tb[NSTRACK_A_NETNS_SERIAL]);
		m->state = nla_get_u8(tb[NSTRACK_A_NETNS_STATE]);
		m->intr = nlh->nlmsg_flags & NLM_F_DUMP_INTR;
		m->expect_intr = !count && d->changed;
		count++;
	}
	/* whole messages only, nothing after them */
	KUNIT_EXPECT_EQ(test, rem, 0);
	KUNIT_EXPECT_EQ(test, (u64)d->cb.args[0],
			d->n ? d->msgs[d->n - 1].serial : 0);
	nstrack_kunit_release_skb(test, skb);
	d->parts++;
	if (count)
		d->changed = false;
	return count;
}

/* Parts until the dump is over; each but the last must make progress. */
static void dump_rest(struct kunit *test, struct dump *d, unsigned int room)
{
	unsigned int guard = MAX_MSGS + 1;

	while (dump_part(test, d, room))
		KUNIT_ASSERT_GT_MSG(test, --guard, 0u, "the dump never ends");
}

/* Only the first message after a change has NLM_F_DUMP_INTR. */
static void expect_intr_flags(struct kunit *test, const struct dump *d)
{
	unsigned int i;

	for (i = 0; i < d->n; i++)
		KUNIT_EXPECT_EQ_MSG(test, d->msgs[i].intr, d->msgs[i].expect_intr,
				    "message %u, serial %llu", i,
				    d->msgs[i].serial);
}

/* The dump sent exactly the records @rec[i] with @want[i], in order. */
static void expect_sent(struct kunit *test, const struct dump *d,
			struct nstrack_netns **rec, const u64 *serials,
			const bool *want, unsigned int n)
{
	unsigned int i, j = 0;

	for (i = 0; i < n; i++) {
		if (!want[i])
			continue;
		KUNIT_ASSERT_LT_MSG(test, j, d->n, "record %u not sent", i);
		KUNIT_EXPECT_EQ_MSG(test, d->msgs[j].serial, serials[i],
				    "message %u should be record %u", j, i);
		j++;
	}
	KUNIT_EXPECT_EQ_MSG(test, d->n, j, "messages beyond the expected");
}

/*
 * The largest message a record can make in a dump: a dead, created record
 * with the longest comm, with a pad before every 64-bit attribute (where
 * pads go depends on the alignment of the part, so count the worst).
 */
static unsigned int max_message_size(struct kunit *test)
{
	struct nstrack_netns rec = {
		.serial = 1,
		.state = NSTRACK_NETNS_STATE_DEAD,
		.creator_comm = "0123456789abcde",
	};
	struct sk_buff *skb = nstrack_kunit_skb(test, NLMSG_GOODSIZE);
	const struct nlattr *nla;
	unsigned int size;
	int rem, pads = 0, u64s = 0;

	KUNIT_ASSERT_EQ(test, nstrack_netns_fill(skb, &rec, NULL,
						 &init_user_ns, NULL), 0);
	nla_for_each_attr(nla, (struct nlattr *)skb->data, skb->len, rem) {
		if (nla_type(nla) == NSTRACK_A_NETNS_PAD)
			pads++;
		else if (nla_len(nla) == sizeof(u64))
			u64s++;
	}
	size = NLMSG_HDRLEN + GENL_HDRLEN + skb->len +
	       (u64s - pads) * nla_total_size(0);
	nstrack_kunit_release_skb(test, skb);
	return size;
}

/* Records of every kind: alive, pre-existing, dying, dead. */
static void add_records(struct kunit *test, struct nstrack_netns **rec,
			u64 *serials, unsigned int from, unsigned int to)
{
	unsigned int i;

	for (i = from; i < to; i++) {
		rec[i] = nstrack_kunit_add(test, 0xc0de0000ull + i, 500 + i,
					   i % 4 == 1 ?
					   NSTRACK_NETNS_F_PREEXISTING : 0);
		serials[i] = rec[i]->serial;
		if (i % 4 >= 2)
			nstrack_registry_set_dying(rec[i], i);
		if (i % 4 == 3)
			nstrack_registry_set_dead(rec[i], i + 1);
	}
}

/* Nothing to send: the first part is already the end. */
static void empty_registry(struct kunit *test)
{
	struct dump *d = dump_start(test);

	KUNIT_EXPECT_EQ(test, dump_part(test, d, NLMSG_GOODSIZE), 0u);
	KUNIT_EXPECT_EQ(test, d->cb.args[0], 0l);
	/* and a dump that ended stays ended */
	KUNIT_EXPECT_EQ(test, dump_part(test, d, NLMSG_GOODSIZE), 0u);
}

/*
 * Without changes, every record exactly once, in serial order, whatever
 * the size of the parts, and no part flagged.
 */
static void every_record_once_in_order(struct kunit *test)
{
	struct nstrack_netns *rec[40];
	u64 serials[40];
	bool want[40];
	unsigned int max = max_message_size(test);
	unsigned int rooms[] = {
		max, 2 * max - 4, 2 * max, 3 * max + 4, 1000,
		ALIGN_DOWN(NLMSG_GOODSIZE, 4),
	};
	unsigned int r, i, parts_one = 0;
	struct dump *d;

	add_records(test, rec, serials, 0, ARRAY_SIZE(rec));
	for (i = 0; i < ARRAY_SIZE(rec); i++)
		want[i] = true;

	for (r = 0; r < ARRAY_SIZE(rooms); r++) {
		d = dump_start(test);
		dump_rest(test, d, rooms[r]);
		expect_sent(test, d, rec, serials, want, ARRAY_SIZE(rec));
		expect_intr_flags(test, d);
		for (i = 0; i < d->n && i < ARRAY_SIZE(rec); i++)
			KUNIT_EXPECT_EQ(test, d->msgs[i].state, rec[i]->state);
		if (r == 0)
			parts_one = d->parts;
	}
	/* the smallest parts held one message each: 40 parts and the end */
	KUNIT_EXPECT_EQ(test, parts_one, ARRAY_SIZE(rec) + 1);
}

/* Records made during the dump come after the others, each once. */
static void records_added_between_parts(struct kunit *test)
{
	struct nstrack_netns *rec[16];
	u64 serials[16];
	bool want[16];
	unsigned int max = max_message_size(test);
	unsigned int i;
	struct dump *d;

	add_records(test, rec, serials, 0, 10);
	d = dump_start(test);
	KUNIT_ASSERT_EQ(test, dump_part(test, d, max), 1u);

	add_records(test, rec, serials, 10, 15);
	d->changed = true;
	KUNIT_ASSERT_EQ(test, dump_part(test, d, 2 * max), 2u);
	KUNIT_ASSERT_EQ(test, dump_part(test, d, max), 1u);

	/* made while the dump is between parts, then it ends */
	add_records(test, rec, serials, 15, 16);
	d->changed = true;
	dump_rest(test, d, max);

	for (i = 0; i < ARRAY_SIZE(rec); i++)
		want[i] = true;
	expect_sent(test, d, rec, serials, want, ARRAY_SIZE(rec));
	expect_intr_flags(test, d);
	/* the flag was really seen: on the 2nd and the 5th message */
	KUNIT_EXPECT_TRUE(test, d->msgs[1].intr);
	KUNIT_EXPECT_TRUE(test, d->msgs[4].intr);
}

/*
 * Records evicted during the dump: the one the cursor points at, some
 * already sent and some not yet.  Those not yet sent are never sent; the
 * others are sent once, and the dump resumes right after the cursor.
 */
static void records_evicted_between_parts(struct kunit *test)
{
	struct nstrack_netns *rec[12];
	u64 serials[12];
	bool want[12];
	unsigned int max = max_message_size(test);
	unsigned int i;
	struct dump *d;

	/* every record dies at once and for good */
	nstrack_history_size = 0;
	for (i = 0; i < ARRAY_SIZE(rec); i++) {
		rec[i] = nstrack_kunit_add(test, 0xe0000ull + i, 600 + i, 0);
		serials[i] = rec[i]->serial;
		want[i] = true;
	}

	d = dump_start(test);
	KUNIT_ASSERT_EQ(test, dump_part(test, d, max), 1u);
	KUNIT_ASSERT_EQ(test, dump_part(test, d, max), 1u);
	/* sent: 0, 1; the cursor is at 1 */
	nstrack_registry_set_dead(rec[1], 1);
	nstrack_registry_set_dead(rec[0], 2);
	nstrack_registry_set_dead(rec[2], 3);
	want[2] = false;
	nstrack_registry_set_dead(rec[5], 4);
	want[5] = false;
	d->changed = true;
	KUNIT_ASSERT_EQ(test, dump_part(test, d, max), 1u);
	KUNIT_EXPECT_EQ(test, d->msgs[2].serial, serials[3]);

	/* sent: 0, 1, 3; evict the cursor's record and the next, then more */
	KUNIT_ASSERT_EQ(test, dump_part(test, d, max), 1u);
	nstrack_registry_set_dying(rec[4], 5);
	nstrack_registry_set_dead(rec[4], 6);
	nstrack_registry_set_dead(rec[6], 7);
	want[6] = false;
	nstrack_registry_set_dead(rec[11], 8);
	want[11] = false;
	d->changed = true;
	dump_rest(test, d, 2 * max);

	expect_sent(test, d, rec, serials, want, ARRAY_SIZE(rec));
	expect_intr_flags(test, d);
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), 5);
}

/* A record that changes state before it is sent is sent as it is then. */
static void state_changes_between_parts(struct kunit *test)
{
	struct nstrack_netns *rec[6];
	u64 serials[6];
	bool want[6];
	unsigned int max = max_message_size(test);
	unsigned int i;
	struct dump *d;

	for (i = 0; i < ARRAY_SIZE(rec); i++) {
		rec[i] = nstrack_kunit_add(test, 0xf0000ull + i, 700 + i, 0);
		serials[i] = rec[i]->serial;
		want[i] = true;
	}
	d = dump_start(test);
	KUNIT_ASSERT_EQ(test, dump_part(test, d, max), 1u);
	KUNIT_ASSERT_EQ(test, dump_part(test, d, max), 1u);
	nstrack_registry_set_dying(rec[0], 1);	/* sent alive already */
	nstrack_registry_set_dying(rec[3], 2);
	nstrack_registry_set_dying(rec[4], 3);
	nstrack_registry_set_dead(rec[4], 4);
	d->changed = true;
	dump_rest(test, d, max);

	expect_sent(test, d, rec, serials, want, ARRAY_SIZE(rec));
	expect_intr_flags(test, d);
	KUNIT_ASSERT_EQ(test, d->n, 6u);
	KUNIT_EXPECT_EQ(test, d->msgs[0].state, NSTRACK_NETNS_STATE_ALIVE);
	KUNIT_EXPECT_EQ(test, d->msgs[2].state, NSTRACK_NETNS_STATE_ALIVE);
	KUNIT_EXPECT_EQ(test, d->msgs[3].state, NSTRACK_NETNS_STATE_DYING);
	KUNIT_EXPECT_EQ(test, d->msgs[4].state, NSTRACK_NETNS_STATE_DEAD);
	KUNIT_EXPECT_TRUE(test, d->msgs[2].intr);
}

/*
 * Random changes between every part, checked against what the registry
 * held: serials strictly ascending (so no record twice), every message a
 * record present during its part and in its state then, and every record
 * still present at the end sent.
 */
#define CHURN_RECORDS	300

struct churn_rec {
	struct nstrack_netns *rec;	/* only while not gone */
	u64 cookie;
	u64 serial;
	u8 state;
	bool gone;
};

static void churn_refresh(struct churn_rec *c, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!c[i].gone && !nstrack_kunit_find_cookie(c[i].cookie)) {
			c[i].gone = true;
			c[i].rec = NULL;
		}
}

static struct churn_rec *churn_by_serial(struct churn_rec *c, unsigned int n,
					 u64 serial)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (c[i].serial == serial)
			return &c[i];
	return NULL;
}

static void churn_between_every_part(struct kunit *test)
{
	struct churn_rec *c, *cr;
	struct rnd_state rnd;
	unsigned int max = max_message_size(test);
	unsigned int n = 0, i, k, first, sent = 0, gone = 0;
	struct dump *d;
	u64 now = 1;

	c = kunit_kcalloc(test, CHURN_RECORDS, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	prandom_seed_state(&rnd, 0x6e737472616b);
	nstrack_history_size = 8;

	for (; n < 60; n++) {
		c[n].cookie = 0xa0000ull + n;
		c[n].rec = nstrack_kunit_add(test, c[n].cookie, 800 + n, 0);
		c[n].serial = c[n].rec->serial;
		c[n].state = NSTRACK_NETNS_STATE_ALIVE;
	}

	d = dump_start(test);
	for (k = 0; k < MAX_MSGS; k++) {
		first = d->n;
		if (!dump_part(test, d, max + ALIGN_DOWN(prandom_u32_state(&rnd) %
							 max, 4)))
			break;
		/* what this part sent is what the registry held */
		for (i = first; i < d->n; i++) {
			cr = churn_by_serial(c, n, d->msgs[i].serial);
			KUNIT_ASSERT_NOT_NULL(test, cr);
			KUNIT_EXPECT_FALSE(test, cr->gone);
			KUNIT_EXPECT_EQ(test, d->msgs[i].state, cr->state);
			if (i)
				KUNIT_EXPECT_GT(test, d->msgs[i].serial,
						d->msgs[i - 1].serial);
		}

		/* up to three changes: new records, deaths, evictions */
		for (i = prandom_u32_state(&rnd) % 4; i; i--) {
			cr = &c[prandom_u32_state(&rnd) % n];
			if (n < CHURN_RECORDS && prandom_u32_state(&rnd) % 2) {
				cr = &c[n];
				cr->cookie = 0xa0000ull + n;
				cr->rec = nstrack_kunit_add(test, cr->cookie,
							    800 + n, 0);
				cr->serial = cr->rec->serial;
				cr->state = NSTRACK_NETNS_STATE_ALIVE;
				n++;
			} else if (cr->gone ||
				   cr->state == NSTRACK_NETNS_STATE_DEAD) {
				continue;
			} else if (cr->state == NSTRACK_NETNS_STATE_ALIVE) {
				nstrack_registry_set_dying(cr->rec, now++);
				cr->state = NSTRACK_NETNS_STATE_DYING;
			} else {
				nstrack_registry_set_dead(cr->rec, now++);
				cr->state = NSTRACK_NETNS_STATE_DEAD;
				churn_refresh(c, n);
			}
			d->changed = true;
		}
	}
	KUNIT_ASSERT_LT(test, k, (unsigned int)MAX_MSGS);

	/* every record present at the end was sent, each once */
	for (i = 0; i < n; i++) {
		if (c[i].gone) {
			gone++;
			continue;
		}
		for (k = 0; k < d->n; k++)
			if (d->msgs[k].serial == c[i].serial)
				break;
		KUNIT_EXPECT_LT_MSG(test, k, d->n, "record %u never sent", i);
		sent++;
	}
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), (int)sent);
	/* the run did exercise additions and evictions */
	KUNIT_EXPECT_GT(test, n, 60u);
	KUNIT_EXPECT_GT(test, gone, 0u);
	expect_intr_flags(test, d);
}

static struct kunit_case nstrack_dump_cases[] = {
	KUNIT_CASE(empty_registry),
	KUNIT_CASE(every_record_once_in_order),
	KUNIT_CASE(records_added_between_parts),
	KUNIT_CASE(records_evicted_between_parts),
	KUNIT_CASE(state_changes_between_parts),
	KUNIT_CASE(churn_between_every_part),
	{}
};

static struct kunit_suite nstrack_dump_suite = {
	.name = "nstrack_dump",
	.init = nstrack_kunit_init,
	.exit = nstrack_kunit_exit,
	.test_cases = nstrack_dump_cases,
};

kunit_test_suite(nstrack_dump_suite);
