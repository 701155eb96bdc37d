// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite nstrack_registry: records, their look-ups, their lifecycle and
 * the bounded history of dead ones (kmod/registry.c).
 *
 * A record may be freed by the registry as soon as a later record dies, so
 * the cases keep cookies and inodes aside and never follow a pointer to a
 * record that may have been evicted (KASAN would report it).
 */

#include <linux/bitmap.h>
#include <linux/hash.h>
#include <linux/limits.h>
#include <net/net_namespace.h>

#include "nstrack_kunit.h"

/* Cookies spread over all 64 bits, distinct for distinct @i. */
static u64 test_cookie(unsigned int i)
{
	return 0x9e3779b97f4a7c15ull * (i + 1);
}

/*
 * The records numbered in @present are in the registry, found by cookie
 * and inode and walked by nstrack_registry_next(); the others are gone.
 * Inodes must be distinct; no record outside @cookies may exist.
 */
static void expect_records(struct kunit *test, const u64 *cookies,
			   const u32 *inodes, unsigned int n,
			   const unsigned long *present)
{
	struct nstrack_netns *rec;
	unsigned int i, walked = 0;
	u64 serial = 0;

	for (i = 0; i < n; i++) {
		bool in = test_bit(i, present);

		rec = nstrack_kunit_find_cookie(cookies[i]);
		KUNIT_EXPECT_EQ_MSG(test, !!rec, in, "record %u by cookie", i);
		rec = nstrack_kunit_find_inode(inodes[i]);
		KUNIT_EXPECT_EQ_MSG(test, !!rec, in, "record %u by inode", i);
	}
	while ((rec = nstrack_kunit_next(serial)) && walked <= n) {
		KUNIT_EXPECT_GT(test, rec->serial, serial);
		serial = rec->serial;
		walked++;
	}
	KUNIT_EXPECT_EQ(test, walked, bitmap_weight(present, n));
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(),
			(int)bitmap_weight(present, n));
}

/* Serials come from the registry, ascending one by one, never 0. */
static void insert_assigns_ascending_serials(struct kunit *test)
{
	struct nstrack_netns *rec[8];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rec); i++)
		rec[i] = nstrack_kunit_add(test, test_cookie(i), 100 + i, 0);

	/* 0 is where a dump starts: a record with serial 0 is never sent */
	KUNIT_EXPECT_NE(test, rec[0]->serial, 0ull);
	for (i = 1; i < ARRAY_SIZE(rec); i++)
		KUNIT_EXPECT_EQ(test, rec[i]->serial, rec[i - 1]->serial + 1);
	for (i = 0; i < ARRAY_SIZE(rec); i++) {
		KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(test_cookie(i)),
				    rec[i]);
		KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(100 + i),
				    rec[i]);
		KUNIT_EXPECT_EQ(test, rec[i]->state, NSTRACK_NETNS_STATE_ALIVE);
		KUNIT_EXPECT_EQ(test, rec[i]->cookie, test_cookie(i));
		KUNIT_EXPECT_EQ(test, rec[i]->inode, 100 + i);
	}
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), (int)ARRAY_SIZE(rec));
}

/*
 * Far more records than hash buckets, so buckets hold several records and
 * a look-up must compare keys; the serial tree must stay ordered.
 */
#define MANY 2000

static void lookups_find_each_of_many(struct kunit *test)
{
	struct nstrack_netns **rec;
	struct nstrack_netns *r;
	unsigned int i, found = 0, wrong = 0;
	u64 serial = 0;

	rec = kunit_kcalloc(test, MANY, sizeof(*rec), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	for (i = 0; i < MANY; i++)
		rec[i] = nstrack_kunit_add(test, test_cookie(i), 1000 + i,
					   i % 3 ? 0 : NSTRACK_NETNS_F_PREEXISTING);

	for (i = 0; i < MANY; i++) {
		if (nstrack_kunit_find_cookie(test_cookie(i)) != rec[i] ||
		    nstrack_kunit_find_inode(1000 + i) != rec[i])
			wrong++;
	}
	KUNIT_EXPECT_EQ(test, wrong, 0);
	KUNIT_EXPECT_NULL(test, nstrack_kunit_find_cookie(test_cookie(MANY)));
	KUNIT_EXPECT_NULL(test, nstrack_kunit_find_cookie(0));
	KUNIT_EXPECT_NULL(test, nstrack_kunit_find_inode(999));
	KUNIT_EXPECT_NULL(test, nstrack_kunit_find_inode(1000 + MANY));

	/* a walk in serial order meets the records in insertion order */
	while ((r = nstrack_kunit_next(serial)) && found < MANY) {
		if (r != rec[found])
			wrong++;
		serial = r->serial;
		found++;
	}
	KUNIT_EXPECT_EQ(test, wrong, 0);
	KUNIT_EXPECT_EQ(test, found, MANY);
	KUNIT_EXPECT_NULL(test, nstrack_kunit_next(serial));
}

/*
 * A cookie with the same low 32 bits as @cookie that also lands in the
 * same bucket as @cookie in any hash table of up to 2^16 buckets (hash_64
 * keeps the top bits of a product, so equal top 16 bits mean equal top
 * bits for every smaller table), or 0 if none was found.
 */
static u64 same_bucket_cookie(u64 cookie)
{
	u64 c = cookie;
	unsigned int i;

	for (i = 0; i < (1u << 24); i++) {
		c += 1ull << 32;
		if (hash_64(c, 16) == hash_64(cookie, 16))
			return c;
	}
	return 0;
}

/*
 * The cookie is 64 bits wide: cookies alike in their low 32 bits, even in
 * one hash bucket, are told apart.
 */
static void find_cookie_uses_all_64_bits(struct kunit *test)
{
	struct nstrack_netns *lo, *hi, *top;
	u64 twin, other;

	twin = same_bucket_cookie(0xdeadbeefull);
	KUNIT_ASSERT_NE(test, twin, 0ull);
	other = same_bucket_cookie(twin);
	KUNIT_ASSERT_NE(test, other, 0ull);
	KUNIT_ASSERT_NE(test, other, 0xffffffffdeadbeefull);

	lo = nstrack_kunit_add(test, 0xdeadbeefull, 1, 0);
	hi = nstrack_kunit_add(test, twin, 2, 0);
	top = nstrack_kunit_add(test, 0xffffffffdeadbeefull, 3, 0);

	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(0xdeadbeefull), lo);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(twin), hi);
	KUNIT_EXPECT_PTR_EQ(test,
			    nstrack_kunit_find_cookie(0xffffffffdeadbeefull), top);
	KUNIT_EXPECT_NULL(test, nstrack_kunit_find_cookie(other));
}

/* alive -> dying -> dead: each step records its time and keeps the rest. */
static void state_transitions(struct kunit *test)
{
	struct nstrack_netns *rec, *other;
	u64 serial, seen;

	other = nstrack_kunit_add(test, 1, 10, 0);
	rec = nstrack_kunit_add(test, 2, 20, 0);
	/* the registry only stores the pointer; init_net is never freed */
	rec->net = &init_net;
	serial = rec->serial;
	seen = rec->seen_ns;

	nstrack_registry_set_dying(rec, 5000);
	KUNIT_EXPECT_EQ(test, rec->state, NSTRACK_NETNS_STATE_DYING);
	KUNIT_EXPECT_EQ(test, rec->pre_exit_ns, 5000ull);
	KUNIT_EXPECT_EQ(test, rec->exit_ns, 0ull);
	/* pre_exit does not yet drop the namespace pointer */
	KUNIT_EXPECT_PTR_EQ(test, rec->net, &init_net);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(2), rec);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(20), rec);

	nstrack_registry_set_dead(rec, 6000);
	KUNIT_EXPECT_EQ(test, rec->state, NSTRACK_NETNS_STATE_DEAD);
	KUNIT_EXPECT_EQ(test, rec->pre_exit_ns, 5000ull);
	KUNIT_EXPECT_EQ(test, rec->exit_ns, 6000ull);
	/* the weak pointer must not outlive the namespace */
	KUNIT_EXPECT_NULL(test, rec->net);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(2), rec);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(20), rec);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_next(other->serial), rec);

	/* nothing else changed, neither in it nor in the other record */
	KUNIT_EXPECT_EQ(test, rec->serial, serial);
	KUNIT_EXPECT_EQ(test, rec->seen_ns, seen);
	KUNIT_EXPECT_EQ(test, rec->cookie, 2ull);
	KUNIT_EXPECT_EQ(test, rec->inode, 20u);
	KUNIT_EXPECT_EQ(test, other->state, NSTRACK_NETNS_STATE_ALIVE);
	KUNIT_EXPECT_EQ(test, other->pre_exit_ns, 0ull);
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), 2);
}

/* Every change moves the generation, which is never 0. */
static void changes_bump_generation(struct kunit *test)
{
	struct nstrack_netns *a, *b;
	u32 gen[6];

	nstrack_history_size = 1;
	gen[0] = nstrack_kunit_generation();
	a = nstrack_kunit_add(test, 1, 1, 0);
	gen[1] = nstrack_kunit_generation();
	b = nstrack_kunit_add(test, 2, 2, 0);
	nstrack_registry_set_dying(a, 10);
	gen[2] = nstrack_kunit_generation();
	nstrack_registry_set_dead(a, 20);
	gen[3] = nstrack_kunit_generation();
	nstrack_registry_set_dying(b, 30);
	gen[4] = nstrack_kunit_generation();
	/* evicts a */
	nstrack_registry_set_dead(b, 40);
	gen[5] = nstrack_kunit_generation();

	KUNIT_EXPECT_NE(test, gen[0], 0u);
	KUNIT_EXPECT_NE(test, gen[1], gen[0]);
	KUNIT_EXPECT_NE(test, gen[2], gen[1]);
	KUNIT_EXPECT_NE(test, gen[3], gen[2]);
	KUNIT_EXPECT_NE(test, gen[4], gen[3]);
	KUNIT_EXPECT_NE(test, gen[5], gen[4]);
	KUNIT_EXPECT_NE(test, gen[5], 0u);
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), 1);
}

/*
 * Each step of a created namespace is logged in the event history, with
 * the namespace and the task; a pre-existing one was not created then.
 */
static void changes_are_logged_as_events(struct kunit *test)
{
	struct nstrack_event ev[3];
	struct nstrack_netns *rec;
	const struct nstrack_event *e;
	u64 first, last;
	unsigned int i, missing = 0;

	spin_lock(&nstrack_registry_lock);
	first = nstrack_event_last() + 1;
	spin_unlock(&nstrack_registry_lock);

	nstrack_kunit_add(test, 1, 11, NSTRACK_NETNS_F_PREEXISTING);
	rec = nstrack_kunit_add(test, 0x1234567890ull, 22, 0);
	nstrack_registry_set_dying(rec, 5);
	nstrack_registry_set_dead(rec, 6);

	spin_lock(&nstrack_registry_lock);
	last = nstrack_event_last();
	for (i = 0; i < ARRAY_SIZE(ev); i++) {
		e = nstrack_event_get(first + i);
		if (e)
			ev[i] = *e;
		else
			missing++;
	}
	spin_unlock(&nstrack_registry_lock);

	KUNIT_ASSERT_EQ(test, missing, 0u);
	KUNIT_EXPECT_EQ(test, last, first + 2);
	KUNIT_EXPECT_EQ(test, ev[0].type, NSTRACK_EVENT_NETNS_NEW);
	KUNIT_EXPECT_EQ(test, ev[1].type, NSTRACK_EVENT_NETNS_PRE_EXIT);
	KUNIT_EXPECT_EQ(test, ev[2].type, NSTRACK_EVENT_NETNS_EXIT);
	for (i = 0; i < ARRAY_SIZE(ev); i++) {
		KUNIT_EXPECT_EQ(test, ev[i].seq, first + i);
		KUNIT_EXPECT_TRUE(test, ev[i].has_from);
		KUNIT_EXPECT_FALSE(test, ev[i].has_to);
		KUNIT_EXPECT_EQ(test, ev[i].from.cookie, 0x1234567890ull);
		KUNIT_EXPECT_EQ(test, ev[i].from.inode, 22u);
		KUNIT_EXPECT_EQ(test, ev[i].pid, task_tgid_nr(current));
		KUNIT_EXPECT_STREQ(test, ev[i].comm, current->comm);
	}
}

/* Inodes are reused: a look-up prefers the record that is not dead. */
static void find_inode_prefers_not_dead(struct kunit *test)
{
	struct nstrack_netns *old, *reuse, *alive, *later, *dying, *d1, *d2;

	/* the usual case: the dead namespace's inode given to a new one */
	old = nstrack_kunit_add(test, 1, 7, 0);
	nstrack_registry_set_dying(old, 1);
	nstrack_registry_set_dead(old, 2);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(7), old);
	reuse = nstrack_kunit_add(test, 2, 7, 0);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(7), reuse);

	/* not dead wins even over a newer dead record */
	alive = nstrack_kunit_add(test, 3, 9, 0);
	later = nstrack_kunit_add(test, 4, 9, 0);
	nstrack_registry_set_dead(later, 3);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(9), alive);

	/* dying is not dead */
	dying = nstrack_kunit_add(test, 5, 11, 0);
	later = nstrack_kunit_add(test, 6, 11, 0);
	nstrack_registry_set_dead(later, 4);
	nstrack_registry_set_dying(dying, 5);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(11), dying);

	/* among dead records only, the newest record (not death) wins */
	d1 = nstrack_kunit_add(test, 7, 13, 0);
	d2 = nstrack_kunit_add(test, 8, 13, 0);
	nstrack_registry_set_dead(d2, 6);
	nstrack_registry_set_dead(d1, 7);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(13), d2);

	/* cookies stay unique whatever the inode */
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(1), old);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(2), reuse);
	KUNIT_EXPECT_NULL(test, nstrack_kunit_find_inode(8));
}

/*
 * With history_size 3 the fourth death evicts the record that died first
 * (not the one with the lowest serial), one record per death, and never a
 * record that is alive or dying.
 */
static void history_evicts_oldest_dead(struct kunit *test)
{
	static const unsigned int death_order[] = { 2, 0, 4, 1, 3, 5 };
	struct nstrack_netns *rec[7];
	DECLARE_BITMAP(present, 7);
	u64 cookies[7];
	u32 inodes[7];
	unsigned int i, n;

	nstrack_history_size = 3;
	for (i = 0; i < 7; i++) {
		cookies[i] = test_cookie(i);
		inodes[i] = 50 + i;
		rec[i] = nstrack_kunit_add(test, cookies[i], inodes[i], 0);
	}
	nstrack_registry_set_dying(rec[6], 1);
	bitmap_fill(present, 7);

	for (n = 0; n < ARRAY_SIZE(death_order); n++) {
		i = death_order[n];
		nstrack_registry_set_dying(rec[i], 10 + n);
		nstrack_registry_set_dead(rec[i], 20 + n);
		/* the records that died 3 deaths ago or earlier are gone */
		if (n >= 3)
			clear_bit(death_order[n - 3], present);
		expect_records(test, cookies, inodes, 7, present);
	}
	/* left: the last 3 to die, and the dying one, untouched */
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), 4);
	KUNIT_ASSERT_PTR_EQ(test, nstrack_kunit_find_cookie(cookies[6]), rec[6]);
	KUNIT_EXPECT_EQ(test, rec[6]->state, NSTRACK_NETNS_STATE_DYING);
	KUNIT_ASSERT_PTR_EQ(test, nstrack_kunit_find_cookie(cookies[5]), rec[5]);
	KUNIT_EXPECT_EQ(test, rec[5]->exit_ns, 25ull);
}

/* history_size 0: a record goes away at the moment it dies. */
static void history_size_zero(struct kunit *test)
{
	struct nstrack_netns *rec[3];
	DECLARE_BITMAP(present, 3);
	u64 cookies[3];
	u32 inodes[3];
	u32 gen;
	unsigned int i;

	nstrack_history_size = 0;
	for (i = 0; i < 3; i++) {
		cookies[i] = test_cookie(i);
		inodes[i] = 70 + i;
		rec[i] = nstrack_kunit_add(test, cookies[i], inodes[i], 0);
	}
	bitmap_fill(present, 3);

	nstrack_registry_set_dying(rec[1], 1);
	expect_records(test, cookies, inodes, 3, present);
	gen = nstrack_kunit_generation();
	nstrack_registry_set_dead(rec[1], 2);
	KUNIT_EXPECT_NE(test, nstrack_kunit_generation(), gen);
	clear_bit(1, present);
	expect_records(test, cookies, inodes, 3, present);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_next(rec[0]->serial), rec[2]);

	/* one that was never dying goes the same way */
	nstrack_registry_set_dead(rec[0], 3);
	clear_bit(0, present);
	expect_records(test, cookies, inodes, 3, present);
	KUNIT_EXPECT_EQ(test, rec[2]->state, NSTRACK_NETNS_STATE_ALIVE);
}

/* history_size 1: each death evicts the previous dead record. */
static void history_size_one(struct kunit *test)
{
	struct nstrack_netns *rec[5];
	DECLARE_BITMAP(present, 5);
	u64 cookies[5];
	u32 inodes[5];
	unsigned int i;

	nstrack_history_size = 1;
	for (i = 0; i < 4; i++) {
		cookies[i] = test_cookie(i);
		inodes[i] = 90 + i;
		rec[i] = nstrack_kunit_add(test, cookies[i], inodes[i], 0);
	}
	/* record 4 is made later, reusing inode 92; 94 is never used */
	cookies[4] = test_cookie(4);
	inodes[4] = 94;
	bitmap_zero(present, 5);
	bitmap_set(present, 0, 4);

	nstrack_registry_set_dead(rec[0], 1);
	expect_records(test, cookies, inodes, 5, present);
	nstrack_registry_set_dead(rec[1], 2);
	clear_bit(0, present);
	expect_records(test, cookies, inodes, 5, present);
	nstrack_registry_set_dead(rec[2], 3);
	clear_bit(1, present);
	expect_records(test, cookies, inodes, 5, present);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(92), rec[2]);

	/* a new namespace reuses inode 92; its death evicts record 2 */
	rec[4] = nstrack_kunit_add(test, cookies[4], 92, 0);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(92), rec[4]);
	nstrack_registry_set_dead(rec[4], 4);
	KUNIT_EXPECT_NULL(test, nstrack_kunit_find_cookie(cookies[2]));
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_inode(92), rec[4]);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(cookies[4]), rec[4]);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(cookies[3]), rec[3]);
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), 2);
}

/* nstrack_registry_next() returns the first serial above its argument. */
static void next_walks_serial_order(struct kunit *test)
{
	struct nstrack_netns *rec[10];
	u64 gone;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rec); i++)
		rec[i] = nstrack_kunit_add(test, test_cookie(i), 200 + i, 0);

	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_next(0), rec[0]);
	for (i = 0; i + 1 < ARRAY_SIZE(rec); i++)
		KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_next(rec[i]->serial),
				    rec[i + 1]);
	KUNIT_EXPECT_NULL(test, nstrack_kunit_next(rec[9]->serial));
	KUNIT_EXPECT_NULL(test, nstrack_kunit_next(U64_MAX));
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_next(rec[3]->serial - 1), rec[3]);

	/* a cursor at a record that is gone resumes after it */
	nstrack_history_size = 0;
	gone = rec[4]->serial;
	nstrack_registry_set_dead(rec[4], 1);
	nstrack_registry_set_dead(rec[5], 2);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_next(rec[3]->serial), rec[6]);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_next(gone), rec[6]);
	nstrack_registry_set_dead(rec[9], 3);
	KUNIT_EXPECT_NULL(test, nstrack_kunit_next(rec[8]->serial));
}

/* Exit frees records in every state and leaves an empty registry. */
static void exit_frees_every_record(struct kunit *test)
{
	struct nstrack_kunit_ctx *ctx = test->priv;
	struct nstrack_netns *rec[4];
	unsigned int i;

	nstrack_history_size = 1;
	for (i = 0; i < ARRAY_SIZE(rec); i++)
		rec[i] = nstrack_kunit_add(test, test_cookie(i), 300 + i, 0);
	nstrack_registry_set_dying(rec[1], 1);
	nstrack_registry_set_dead(rec[2], 2);
	nstrack_registry_set_dead(rec[3], 3);	/* evicts rec[2] */
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), 3);

	nstrack_registry_exit();
	ctx->registry_up = false;
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), 0);

	/* nothing of the old registry is reachable after a new init */
	KUNIT_ASSERT_EQ(test, nstrack_registry_init(), 0);
	ctx->registry_up = true;
	KUNIT_EXPECT_NULL(test, nstrack_kunit_next(0));
	for (i = 0; i < ARRAY_SIZE(rec); i++) {
		KUNIT_EXPECT_NULL(test, nstrack_kunit_find_cookie(test_cookie(i)));
		KUNIT_EXPECT_NULL(test, nstrack_kunit_find_inode(300 + i));
	}
	/* and the dead FIFO is empty: one death with history 1 evicts none */
	rec[0] = nstrack_kunit_add(test, test_cookie(0), 300, 0);
	nstrack_registry_set_dead(rec[0], 4);
	KUNIT_EXPECT_PTR_EQ(test, nstrack_kunit_find_cookie(test_cookie(0)),
			    rec[0]);
	KUNIT_EXPECT_EQ(test, nstrack_registry_records(), 1);
}

static struct kunit_case nstrack_registry_cases[] = {
	KUNIT_CASE(insert_assigns_ascending_serials),
	KUNIT_CASE(lookups_find_each_of_many),
	KUNIT_CASE(find_cookie_uses_all_64_bits),
	KUNIT_CASE(state_transitions),
	KUNIT_CASE(changes_bump_generation),
	KUNIT_CASE(changes_are_logged_as_events),
	KUNIT_CASE(find_inode_prefers_not_dead),
	KUNIT_CASE(history_evicts_oldest_dead),
	KUNIT_CASE(history_size_zero),
	KUNIT_CASE(history_size_one),
	KUNIT_CASE(next_walks_serial_order),
	KUNIT_CASE(exit_frees_every_record),
	{}
};

static struct kunit_suite nstrack_registry_suite = {
	.name = "nstrack_registry",
	.init = nstrack_kunit_init,
	.exit = nstrack_kunit_exit,
	.test_cases = nstrack_registry_cases,
};

kunit_test_suite(nstrack_registry_suite);
