// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers for the nstrack unit tests.
 */
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sys/mount.h>
#include <linux/genetlink.h>

#include "testutil.h"
#include "util.h"

void test_full_record(struct nstrack_netns *ns)
{
	memset(ns, 0, sizeof(*ns));
	ns->serial = 42;
	ns->cookie = 0x0123456789abcdefULL;
	ns->inode = 4026532281u;
	ns->has_nsid = true;
	ns->nsid = -7;
	ns->has_owner_userns = true;
	ns->owner_userns = 4026531837u;
	ns->has_owner_uid = true;
	ns->owner_uid = 1000;
	ns->state = NSTRACK_NETNS_STATE_DEAD;
	ns->flags = 0x80000000u;
	ns->has_seen = true;
	ns->seen_ns = 1000000001ULL;
	ns->has_created = true;
	ns->created_ns = 1000000000ULL;
	ns->has_creator = true;
	ns->creator_pid = 4242;
	strcpy(ns->creator_comm, "unshare");
	ns->has_pre_exit = true;
	ns->pre_exit_ns = 313000000000ULL;
	ns->has_exit = true;
	ns->exit_ns = 313012345678ULL;
	ns->has_devices = true;
	ns->devices = 3;
	ns->has_sockets = true;
	ns->sockets = 0x80000039u;
	ns->has_tcp_time_wait = true;
	ns->tcp_time_wait = 2;
}

struct nlmsghdr *test_put_genl_header(void *buf, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = TEST_FAMILY_ID;
	nlh->nlmsg_flags = flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = NSTRACK_FAMILY_VERSION;
	return nlh;
}

struct nlmsghdr *test_put_reply_header(void *buf, uint16_t flags)
{
	return test_put_genl_header(buf, NSTRACK_CMD_NETNS_GET, flags);
}

void test_put_u64(struct nlmsghdr *nlh, uint16_t type, uint64_t v)
{
	if ((nlh->nlmsg_len + MNL_ATTR_HDRLEN) % 8)
		mnl_attr_put(nlh, NSTRACK_A_NETNS_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

void test_put_record_attrs(struct nlmsghdr *nlh, const struct nstrack_netns *ns,
			   uint32_t omit)
{
#define WANT(a) (!(omit & OMIT(NSTRACK_A_NETNS_##a)))
	if (WANT(SERIAL)) {
		test_put_u64(nlh, NSTRACK_A_NETNS_SERIAL, ns->serial);
	}
	if (WANT(COOKIE)) {
		test_put_u64(nlh, NSTRACK_A_NETNS_COOKIE, ns->cookie);
	}
	if (WANT(INODE)) {
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_INODE, ns->inode);
	}
	if (ns->has_nsid && WANT(NSID)) {
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_NSID, (uint32_t)ns->nsid);
	}
	if (ns->has_owner_userns && WANT(OWNER_USERNS)) {
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_OWNER_USERNS,
				 ns->owner_userns);
	}
	if (ns->has_owner_uid && WANT(OWNER_UID)) {
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_OWNER_UID, ns->owner_uid);
	}
	if (WANT(STATE)) {
		mnl_attr_put_u8(nlh, NSTRACK_A_NETNS_STATE, ns->state);
	}
	if (WANT(FLAGS)) {
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_FLAGS, ns->flags);
	}
	if (ns->has_seen && WANT(SEEN_NS)) {
		test_put_u64(nlh, NSTRACK_A_NETNS_SEEN_NS, ns->seen_ns);
	}
	if (ns->has_created && WANT(CREATED_NS)) {
		test_put_u64(nlh, NSTRACK_A_NETNS_CREATED_NS, ns->created_ns);
	}
	if (ns->has_creator && WANT(CREATOR_PID)) {
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_CREATOR_PID,
				 ns->creator_pid);
	}
	if (ns->has_creator && WANT(CREATOR_COMM)) {
		mnl_attr_put_strz(nlh, NSTRACK_A_NETNS_CREATOR_COMM,
				  ns->creator_comm);
	}
	if (ns->has_pre_exit && WANT(PRE_EXIT_NS)) {
		test_put_u64(nlh, NSTRACK_A_NETNS_PRE_EXIT_NS, ns->pre_exit_ns);
	}
	if (ns->has_exit && WANT(EXIT_NS)) {
		test_put_u64(nlh, NSTRACK_A_NETNS_EXIT_NS, ns->exit_ns);
	}
	if (ns->has_devices && WANT(DEVICES)) {
		mnl_attr_put_u32(nlh, NSTRACK_A_NETNS_DEVICES, ns->devices);
	}
	if (ns->has_sockets && WANT(SOCKETS)) {
		struct nlattr *nest = mnl_attr_nest_start(nlh,
							  NSTRACK_A_NETNS_SOCKETS);

		mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TOTAL, ns->sockets);
		if (ns->has_tcp_time_wait)
			mnl_attr_put_u32(nlh, NSTRACK_A_SOCKETS_TCP_TIME_WAIT,
					 ns->tcp_time_wait);
		mnl_attr_nest_end(nlh, nest);
	}
#undef WANT
}

struct nlmsghdr *test_put_record(void *buf, const struct nstrack_netns *ns,
				 uint32_t omit, uint16_t flags)
{
	struct nlmsghdr *nlh = test_put_reply_header(buf, flags);

	test_put_record_attrs(nlh, ns, omit);
	return nlh;
}

void test_assert_netns_equal(const struct nstrack_netns *a,
			     const struct nstrack_netns *b)
{
	assert_int_equal(a->serial, b->serial);
	assert_int_equal(a->cookie, b->cookie);
	assert_int_equal(a->inode, b->inode);
	assert_int_equal(a->has_nsid, b->has_nsid);
	assert_int_equal(a->nsid, b->nsid);
	assert_int_equal(a->has_owner_userns, b->has_owner_userns);
	assert_int_equal(a->owner_userns, b->owner_userns);
	assert_int_equal(a->has_owner_uid, b->has_owner_uid);
	assert_int_equal(a->owner_uid, b->owner_uid);
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->has_seen, b->has_seen);
	assert_int_equal(a->seen_ns, b->seen_ns);
	assert_int_equal(a->has_created, b->has_created);
	assert_int_equal(a->created_ns, b->created_ns);
	assert_int_equal(a->has_creator, b->has_creator);
	assert_int_equal(a->creator_pid, b->creator_pid);
	assert_string_equal(a->creator_comm, b->creator_comm);
	assert_int_equal(a->has_pre_exit, b->has_pre_exit);
	assert_int_equal(a->pre_exit_ns, b->pre_exit_ns);
	assert_int_equal(a->has_exit, b->has_exit);
	assert_int_equal(a->exit_ns, b->exit_ns);
	assert_int_equal(a->has_devices, b->has_devices);
	assert_int_equal(a->devices, b->devices);
	assert_int_equal(a->has_sockets, b->has_sockets);
	assert_int_equal(a->sockets, b->sockets);
	assert_int_equal(a->has_tcp_time_wait, b->has_tcp_time_wait);
	assert_int_equal(a->tcp_time_wait, b->tcp_time_wait);
}

static char *err_buf;
static size_t err_len;

void test_err_start(void)
{
	test_err_stop();
	nstrack_errfp = open_memstream(&err_buf, &err_len);
	assert_non_null(nstrack_errfp);
}

const char *test_err_text(void)
{
	assert_non_null(nstrack_errfp);
	fflush(nstrack_errfp);
	return err_buf;
}

void test_err_stop(void)
{
	if (nstrack_errfp)
		fclose(nstrack_errfp);
	nstrack_errfp = NULL;
	free(err_buf);
	err_buf = NULL;
	err_len = 0;
}

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* for trees where the test bind-mounted namespaces over files */
static int unmount_remove_entry(const char *path, const struct stat *st,
				int type, struct FTW *ftw)
{
	umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW);
	return remove_entry(path, st, type, ftw);
}

int test_rmtree(const char *dir)
{
	return nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS) ? -1 : 0;
}

int test_rmtree_mounts(const char *dir)
{
	return nftw(dir, unmount_remove_entry, 8, FTW_DEPTH | FTW_PHYS) ? -1 : 0;
}
