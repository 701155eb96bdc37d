// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the module's line of "nstrack --version"
 * (nstrack_info_version, user/info.c) over the fake kernel: the line, and
 * a warning for each version that differs from the tool's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake.h"
#include "info.h"
#include "testutil.h"

/* an INFO reply with only the (mandatory) version, then the ack */
static void answer_info(const char *version)
{
	size_t b = new_batch();
	struct nlmsghdr *nlh;

	nlh = test_put_genl_header(batch_tail(b), NSTRACK_CMD_INFO_GET, 0);
	mnl_attr_put_strz(nlh, NSTRACK_A_INFO_VERSION, version);
	batch_commit(b, nlh);
	add_error(b, 0, true, NULL);
}

static const char *version_line(struct nstrack_nl *nl, const char *tool,
				int want_err, struct out *o)
{
	out_open(o);
	assert_int_equal(nstrack_info_version(nl, tool, o->f), want_err);
	return out_text(o);
}

static void same_versions(void **state)
{
	struct nstrack_nl *nl = *state;
	struct out o;

	nl->family_version = NSTRACK_FAMILY_VERSION;
	answer_info("0.1.0");
	assert_string_equal(version_line(nl, "0.1.0", 0, &o),
			    "module 0.1.0 (netlink family nstrack, version 1)\n");
	out_close(&o);
	assert_string_equal(test_err_text(), "");
	assert_int_equal(req_cmd(sent()), NSTRACK_CMD_INFO_GET);
}

static void module_differs(void **state)
{
	struct nstrack_nl *nl = *state;
	struct out o;

	nl->family_version = NSTRACK_FAMILY_VERSION;
	answer_info("0.2.0-rc1");
	assert_string_equal(version_line(nl, "0.1.0", 0, &o),
			    "module 0.2.0-rc1 (netlink family nstrack, version 1)\n");
	out_close(&o);
	assert_string_equal(test_err_text(),
			    "nstrack: warning: the module is version 0.2.0-rc1, the tool 0.1.0\n");
}

static void family_differs(void **state)
{
	struct nstrack_nl *nl = *state;
	struct out o;

	nl->family_version = NSTRACK_FAMILY_VERSION + 1;
	answer_info("0.1.0");
	assert_string_equal(version_line(nl, "0.1.0", 0, &o),
			    "module 0.1.0 (netlink family nstrack, version 2)\n");
	out_close(&o);
	assert_string_equal(test_err_text(),
			    "nstrack: warning: the module speaks netlink family version 2, the tool 1\n");
}

/* a control character from the kernel never reaches the terminal raw */
static void version_sanitized(void **state)
{
	struct nstrack_nl *nl = *state;
	struct out o;

	nl->family_version = NSTRACK_FAMILY_VERSION;
	answer_info("0.1\n0");
	assert_string_equal(version_line(nl, "0.1.0", 0, &o),
			    "module 0.1?0 (netlink family nstrack, version 1)\n");
	out_close(&o);
	assert_string_equal(test_err_text(),
			    "nstrack: warning: the module is version 0.1?0, the tool 0.1.0\n");
}

static void info_refused(void **state)
{
	struct nstrack_nl *nl = *state;
	struct out o;

	add_error(new_batch(), -EPERM, true, NULL);
	assert_string_equal(version_line(nl, "0.1.0", -EPERM, &o), "");
	out_close(&o);
	assert_string_equal(test_err_text(),
			    "nstrack: permission denied (CAP_NET_ADMIN is required)\n");
}

#define TF(f) cmocka_unit_test_setup_teardown(f, fake_setup, fake_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TF(same_versions),
		TF(module_differs),
		TF(family_differs),
		TF(version_sanitized),
		TF(info_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
