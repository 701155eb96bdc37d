// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: "nstrack metrics" (user/cmd_metrics.c): the exact text of
 * the Prometheus exposition for crafted records, label escaping, and
 * nothing on the output when the module cannot be asked.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake.h"
#include "info.h"
#include "metrics.h"
#include "names.h"
#include "netns.h"
#include "testutil.h"

static char *label_of(const char *s)
{
	struct out o;
	char *r;

	out_open(&o);
	nstrack_metrics_label(o.f, s);
	r = strdup(out_text(&o));
	out_close(&o);
	return r;
}

static void test_label_escaping(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "back\\slash", "back\\\\slash" },
		{ "a \"quoted\" name", "a \\\"quoted\\\" name" },
		{ "two\nlines", "two\\nlines" },
		/* only those three: tabs, braces, commas and UTF-8 pass as is */
		{ "t\tab{x=1},\xc3\xa9", "t\tab{x=1},\xc3\xa9" },
		{ "\\\"\n", "\\\\\\\"\\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = label_of(cases[i].in);

		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static struct nstrack_netns rec(uint32_t inode, uint64_t cookie,
				uint8_t state, int devices, int sockets)
{
	struct nstrack_netns ns = { 0 };

	ns.inode = inode;
	ns.cookie = cookie;
	ns.state = state;
	ns.has_devices = devices >= 0;
	ns.devices = devices >= 0 ? devices : 0;
	ns.has_sockets = sockets >= 0;
	ns.sockets = sockets >= 0 ? sockets : 0;
	return ns;
}

static const char want_head[] =
	"# HELP nstrack_namespaces Network namespace records the module holds, by state.\n"
	"# TYPE nstrack_namespaces gauge\n";

static void test_print_full(void **state)
{
	struct nstrack_netns v[] = {
		rec(4026531840u, 1, NSTRACK_NETNS_STATE_ALIVE, 2, 17),
		rec(4026532300u, 7, NSTRACK_NETNS_STATE_ALIVE, 1, 0),
		rec(4026532301u, 8, NSTRACK_NETNS_STATE_DYING, 3, -1),
		/* a dead one whose inode a live one reuses: never a series */
		rec(4026532300u, 5, NSTRACK_NETNS_STATE_DEAD, 0, -1),
		/* a module that does not send the counts */
		rec(4026532400u, 9, NSTRACK_NETNS_STATE_ALIVE, -1, -1),
	};
	struct nstrack_name nv[] = {
		{ 4026532300u, (char *)"blue" },
		{ 4026532300u, (char *)"we\"ird\\\nname" },
		{ 4026532301u, (char *)"red" },
	};
	struct nstrack_names names = { nv, 3 };
	struct nstrack_info info = { 0 };
	struct out o;

	(void)state;
	info.has_system = true;
	info.event_last = 18446744073709551615ULL;
	info.notify_failed = 3;
	out_open(&o);
	assert_int_equal(nstrack_metrics_print(o.f, v, 5, &names, &info), 0);
	assert_string_equal(out_text(&o),
		"# HELP nstrack_namespaces Network namespace records the module holds, by state.\n"
		"# TYPE nstrack_namespaces gauge\n"
		"nstrack_namespaces{state=\"alive\"} 3\n"
		"nstrack_namespaces{state=\"dying\"} 1\n"
		"nstrack_namespaces{state=\"dead\"} 1\n"
		"# HELP nstrack_namespace_devices Network devices in a namespace that is not dead.\n"
		"# TYPE nstrack_namespace_devices gauge\n"
		"nstrack_namespace_devices{netns=\"4026531840\",cookie=\"1\",names=\"\"} 2\n"
		"nstrack_namespace_devices{netns=\"4026532300\",cookie=\"7\",names=\"blue,we\\\"ird\\\\\\nname\"} 1\n"
		"nstrack_namespace_devices{netns=\"4026532301\",cookie=\"8\",names=\"red\"} 3\n"
		"# HELP nstrack_namespace_sockets Sockets in use in a live namespace, all families.\n"
		"# TYPE nstrack_namespace_sockets gauge\n"
		"nstrack_namespace_sockets{netns=\"4026531840\",cookie=\"1\",names=\"\"} 17\n"
		"nstrack_namespace_sockets{netns=\"4026532300\",cookie=\"7\",names=\"blue,we\\\"ird\\\\\\nname\"} 0\n"
		"# HELP nstrack_events_total Events the module recorded since it was loaded (newest sequence number).\n"
		"# TYPE nstrack_events_total counter\n"
		"nstrack_events_total 18446744073709551615\n"
		"# HELP nstrack_events_lost_total Event notifications the module failed to send to listeners.\n"
		"# TYPE nstrack_events_lost_total counter\n"
		"nstrack_events_lost_total 3\n");
	out_close(&o);
}

/* no records, and a caller who does not see the machine-wide figures */
static void test_print_empty_no_system(void **state)
{
	struct nstrack_info info = { 0 };
	struct out o;

	(void)state;
	out_open(&o);
	assert_int_equal(nstrack_metrics_print(o.f, NULL, 0, NULL, &info), 0);
	assert_non_null(strstr(out_text(&o), want_head));
	assert_non_null(strstr(out_text(&o),
			       "nstrack_namespaces{state=\"alive\"} 0\n"
			       "nstrack_namespaces{state=\"dying\"} 0\n"
			       "nstrack_namespaces{state=\"dead\"} 0\n"));
	assert_null(strstr(out_text(&o), "nstrack_events"));
	assert_null(strstr(out_text(&o), "nstrack_namespace_devices{"));
	out_close(&o);
}

/* INFO refused: one error line, exit 1, not a byte of output */
static void test_run_info_refused(void **state)
{
	struct nstrack_nl *nl = *state;
	struct out o;

	add_error(new_batch(), -EPERM, true, NULL);
	out_open(&o);
	assert_int_equal(nstrack_metrics_run(nl, "/nonexistent", o.f), 1);
	assert_string_equal(out_text(&o), "");
	out_close(&o);
	assert_string_equal(test_err_text(),
			    "nstrack: permission denied (CAP_NET_ADMIN is required)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_escaping),
		cmocka_unit_test(test_print_full),
		cmocka_unit_test(test_print_empty_no_system),
		cmocka_unit_test_setup_teardown(test_run_info_refused,
						fake_setup, fake_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
