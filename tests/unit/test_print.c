// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the text/JSON printer (user/print.c) and the namespace
 * output built on it (user/output.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "names.h"
#include "netns.h"
#include "output.h"
#include "print.h"
#include "testutil.h"

static FILE *cap;
static char *cap_buf;
static size_t cap_len;

static void cap_start(bool json, bool pretty)
{
	cap = open_memstream(&cap_buf, &cap_len);
	assert_non_null(cap);
	assert_int_equal(print_init(cap, json, pretty), 0);
}

/* print_finish() and the captured text (valid until the next capture) */
static const char *cap_finish(void)
{
	assert_int_equal(print_finish(), 0);
	fflush(cap);
	return cap_buf;
}

static int cap_teardown(void **state)
{
	(void)state;
	print_discard();
	if (cap)
		fclose(cap);
	cap = NULL;
	free(cap_buf);
	cap_buf = NULL;
	return 0;
}

static json_t *parse_json(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, 0, &jerr);

	if (!v)
		fail_msg("invalid JSON (%s): %s", jerr.text, text);
	return v;
}

/* the same calls for both modes */
static void emit_sample(void)
{
	print_open_object(NULL);
	print_u64("a", "a=%" PRIu64 "\n", 5);
	print_u64("b", NULL, 6);
	print_s64("c", "c=%" PRId64 "\n", -3);
	print_string("d", "d=%s\n", "x\ty");
	print_bool("e", "e=%s\n", true);
	print_null("f", "f=-\n");
	print_null("g", NULL);
	print_string(NULL, "text only %s\n", "q");
	print_text("t%d\n", 1);
	print_open_array("arr");
	print_string(NULL, NULL, "z");
	print_u64(NULL, NULL, 1);
	print_null(NULL, NULL);
	print_open_object(NULL);
	print_bool("in", NULL, false);
	print_close_object();
	print_close_array();
	print_open_object("obj");
	print_string("k", NULL, "v");
	print_close_object();
	print_close_object();
}

static void text_mode(void **state)
{
	(void)state;
	cap_start(false, false);
	assert_false(print_is_json());
	emit_sample();
	assert_string_equal(cap_finish(),
			    "a=5\nc=-3\nd=x?y\ne=true\nf=-\ntext only q\nt1\n");
}

static void json_compact(void **state)
{
	(void)state;
	cap_start(true, false);
	assert_true(print_is_json());
	emit_sample();
	assert_string_equal(cap_finish(),
		"{\"a\":5,\"b\":6,\"c\":-3,\"d\":\"x\\ty\",\"e\":true,\"f\":null,"
		"\"g\":null,\"arr\":[\"z\",1,null,{\"in\":false}],"
		"\"obj\":{\"k\":\"v\"}}\n");
}

static void json_pretty(void **state)
{
	const char *out;
	json_t *v;

	(void)state;
	cap_start(false, true);	/* pretty implies JSON */
	assert_true(print_is_json());
	emit_sample();
	out = cap_finish();
	assert_non_null(strstr(out, "{\n  \"a\": 5,\n  \"b\": 6,"));
	assert_int_equal(out[strlen(out) - 1], '\n');
	assert_int_equal(out[strlen(out) - 2], '}');
	v = parse_json(out);
	assert_int_equal(json_integer_value(json_object_get(v, "c")), -3);
	json_decref(v);
}

/* indented or not, an empty container stays on one line */
static void json_empty_containers(void **state)
{
	(void)state;
	cap_start(false, true);
	print_open_object(NULL);
	print_open_array("none");
	print_close_array();
	print_open_object("nothing");
	print_close_object();
	print_open_array("one");
	print_open_object(NULL);
	print_close_object();
	print_close_array();
	print_close_object();
	assert_string_equal(cap_finish(),
		"{\n  \"none\": [],\n  \"nothing\": {},\n  \"one\": [\n    {}\n  ]\n}\n");
	cap_teardown(NULL);
	cap_start(true, false);
	print_open_array(NULL);
	print_open_array(NULL);
	print_close_array();
	print_close_array();
	assert_string_equal(cap_finish(), "[[]]\n");
}

/* containers left open are closed: the document is still whole */
static void json_unclosed_closed(void **state)
{
	(void)state;
	cap_start(true, false);
	print_open_object(NULL);
	print_open_array("a");
	print_u64(NULL, NULL, 1);
	assert_string_equal(cap_finish(), "{\"a\":[1]}\n");
}

static void json_number_range(void **state)
{
	json_t *v;

	(void)state;
	cap_start(true, false);
	print_open_object(NULL);
	print_u64("max63", NULL, INT64_MAX);
	print_u64("max64", NULL, UINT64_MAX);
	print_u64("zero", NULL, 0);
	print_s64("neg", NULL, INT64_MIN);
	print_close_object();
	v = parse_json(cap_finish());
	assert_true(json_is_integer(json_object_get(v, "max63")));
	assert_true(json_integer_value(json_object_get(v, "max63")) == INT64_MAX);
	/* never a negative number */
	assert_true(json_number_value(json_object_get(v, "max64")) > 1.8e19);
	assert_true(json_integer_value(json_object_get(v, "zero")) == 0);
	assert_true(json_integer_value(json_object_get(v, "neg")) == INT64_MIN);
	json_decref(v);
}

static void json_strings_always_valid(void **state)
{
	json_t *v;

	(void)state;
	cap_start(true, false);
	print_open_object(NULL);
	print_string("bad", NULL, "a\xff\xfe b");
	print_string("good", NULL, "caf\xc3\xa9");
	print_string("ctl", NULL, "l1\nl2");
	/* well-formed bytes that are still not UTF-8 */
	print_string("overlong", NULL, "\xc0\xaf");
	print_string("surrogate", NULL, "\xed\xa0\x80");
	print_string("beyond", NULL, "\xf4\x90\x80\x80");
	print_string("cut", NULL, "ab\xc3");
	print_string("emoji", NULL, "\xf0\x9f\x98\x80");
	print_close_object();
	v = parse_json(cap_finish());
	assert_string_equal(json_string_value(json_object_get(v, "overlong")), "??");
	assert_string_equal(json_string_value(json_object_get(v, "surrogate")), "???");
	assert_string_equal(json_string_value(json_object_get(v, "beyond")), "????");
	assert_string_equal(json_string_value(json_object_get(v, "cut")), "ab?");
	assert_string_equal(json_string_value(json_object_get(v, "emoji")),
			    "\xf0\x9f\x98\x80");
	assert_string_equal(json_string_value(json_object_get(v, "bad")), "a?? b");
	assert_string_equal(json_string_value(json_object_get(v, "good")),
			    "caf\xc3\xa9");
	assert_string_equal(json_string_value(json_object_get(v, "ctl")), "l1\nl2");
	json_decref(v);
}

static void discard_prints_nothing(void **state)
{
	(void)state;
	cap_start(true, false);
	print_open_array(NULL);
	print_open_object(NULL);
	print_u64("x", NULL, 1);
	/* the command fails here, containers still open */
	print_discard();
	fflush(cap);
	assert_int_equal(cap_len, 0);
	/* and the printer is usable again */
	cap_teardown(NULL);
	cap_start(true, false);
	print_open_array(NULL);
	print_close_array();
	assert_string_equal(cap_finish(), "[]\n");
}

static void write_errors_reported(void **state)
{
	FILE *full = fopen("/dev/full", "w");
	int i;

	(void)state;
	if (!full)
		skip();
	print_init(full, false, false);
	for (i = 0; i < 2000; i++)
		print_text("line %d of some text output\n", i);
	assert_int_equal(print_finish(), -ENOSPC);
	print_init(full, true, false);
	print_open_array(NULL);
	print_u64(NULL, NULL, 1);
	print_close_array();
	assert_true(print_finish() < 0);
	fclose(full);
}

static void table_alignment(void **state)
{
	static const char *const hdr[] = { "A", "BBB", "C" };
	static const char *const r1[] = { "xx", "y", "zzzz" };
	static const char *const r2[] = { "", "long cell", "c" };
	static const char *const r3[] = { "a\tb", NULL, "e\n" };
	struct print_table *t;

	(void)state;
	cap_start(false, false);
	t = print_table_new(3, hdr);
	assert_non_null(t);
	assert_int_equal(print_table_add(t, r1), 0);
	assert_int_equal(print_table_add(t, r2), 0);
	assert_int_equal(print_table_add(t, r3), 0);
	print_table_emit(t);
	print_table_free(t);
	assert_string_equal(cap_finish(),
			    "A    BBB        C\n"
			    "xx   y          zzzz\n"
			    "     long cell  c\n"
			    "a?b             e?\n");

	/* JSON mode: tables print nothing */
	cap_teardown(NULL);
	cap_start(true, false);
	t = print_table_new(3, hdr);
	print_table_emit(t);
	print_table_free(t);
	assert_string_equal(cap_finish(), "");
}

static void age_format(void **state)
{
	static const struct {
		uint64_t s;
		const char *text;
	} cases[] = {
		{ 0, "0s" }, { 1, "1s" }, { 42, "42s" }, { 59, "59s" },
		{ 60, "1m00s" }, { 61, "1m01s" }, { 312, "5m12s" },
		{ 3599, "59m59s" }, { 3600, "1h00m" }, { 3660, "1h01m" },
		{ 11040, "3h04m" }, { 86399, "23h59m" }, { 86400, "1d00h" },
		{ 190800, "2d05h" }, { 86400 * 400 + 3599, "400d00h" },
		{ UINT64_MAX, "213503982334601d07h" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nstrack_fmt_age(buf, sizeof(buf), cases[i].s);
		assert_string_equal(buf, cases[i].text);
	}
}

static void duration_and_time_format(void **state)
{
	static const struct {
		uint64_t ns;
		const char *text;
	} cases[] = {
		{ 0, "0ns" }, { 999, "999ns" }, { 1000, "1.000us" },
		{ 999999, "999.999us" }, { 1000000, "1.000ms" },
		{ 12345678, "12.345ms" }, { 999999999, "999.999ms" },
		{ 1000000000, "1.000s" }, { 59999999999ULL, "59.999s" },
		{ 60000000000ULL, "1m00s" }, { 3600000000000ULL, "1h00m" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nstrack_fmt_duration(buf, sizeof(buf), cases[i].ns);
		assert_string_equal(buf, cases[i].text);
	}
	nstrack_fmt_boottime(buf, sizeof(buf), 1234567890123ULL);
	assert_string_equal(buf, "1234.567890123s after boot");
	nstrack_fmt_boottime(buf, sizeof(buf), 5);
	assert_string_equal(buf, "0.000000005s after boot");
	assert_true(nstrack_boottime_now() > 0);
}

/* Test data: the full record made alive, and a pre-existing one. */
#define NOW_NS (1000000000ULL + 90061ULL * 1000000000ULL) /* created + 1d01h01m01s */

static char name_blue[] = "blue", name_red[] = "red", name_other[] = "other";
static struct nstrack_name name_v[3];
static struct nstrack_names names = { name_v, 3 };

static void alive_record(struct nstrack_netns *ns)
{
	test_full_record(ns);
	ns->state = NSTRACK_NETNS_STATE_ALIVE;
	ns->has_pre_exit = false;
	ns->pre_exit_ns = 0;
	ns->has_exit = false;
	ns->exit_ns = 0;
	name_v[0] = (struct nstrack_name){ 17, name_other };
	name_v[1] = (struct nstrack_name){ ns->inode, name_blue };
	name_v[2] = (struct nstrack_name){ ns->inode, name_red };
}

static void preexisting_record(struct nstrack_netns *ns)
{
	memset(ns, 0, sizeof(*ns));
	ns->serial = 1;
	ns->cookie = 1;
	ns->inode = 4026531840u;
	ns->has_owner_userns = true;
	ns->owner_userns = 4026531837u;
	ns->has_owner_uid = true;
	ns->owner_uid = 0;
	ns->state = NSTRACK_NETNS_STATE_ALIVE;
	ns->flags = NSTRACK_NETNS_F_PREEXISTING;
	ns->has_seen = true;
	ns->seen_ns = 5000;
}

static const char *const netns_keys[] = {
	"cookie", "inode", "nsid", "names", "owner_uid", "owner_userns",
	"state", "created_ns", "creator", "serial", "preexisting", "seen_ns",
	"pre_exit_ns", "exit_ns", "devices", "sockets",
};

static void assert_keys(json_t *o)
{
	size_t i;

	assert_true(json_is_object(o));
	for (i = 0; i < sizeof(netns_keys) / sizeof(netns_keys[0]); i++)
		if (!json_object_get(o, netns_keys[i]))
			fail_msg("key %s missing", netns_keys[i]);
	assert_int_equal(json_object_size(o),
			 sizeof(netns_keys) / sizeof(netns_keys[0]));
}

static uint64_t jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return (uint64_t)json_integer_value(v);
}

static void show_json_full(void **state)
{
	struct nstrack_netns ns;
	json_t *o, *creator, *nm;

	(void)state;
	test_full_record(&ns);			/* dead: no names */
	alive_record(&ns);
	cap_start(true, false);
	nstrack_print_netns(&ns, &names, NOW_NS);
	o = parse_json(cap_finish());
	assert_keys(o);
	assert_true(jint(o, "cookie") == 0x0123456789abcdefULL);
	assert_true(jint(o, "inode") == 4026532281u);
	assert_true(json_integer_value(json_object_get(o, "nsid")) == -7);
	nm = json_object_get(o, "names");
	assert_true(json_is_array(nm));
	assert_int_equal(json_array_size(nm), 2);
	assert_string_equal(json_string_value(json_array_get(nm, 0)), "blue");
	assert_string_equal(json_string_value(json_array_get(nm, 1)), "red");
	assert_true(jint(o, "owner_uid") == 1000);
	assert_true(jint(o, "owner_userns") == 4026531837u);
	assert_string_equal(json_string_value(json_object_get(o, "state")), "alive");
	assert_true(jint(o, "created_ns") == 1000000000ULL);
	creator = json_object_get(o, "creator");
	assert_true(json_is_object(creator));
	assert_int_equal(json_object_size(creator), 2);
	assert_true(jint(creator, "pid") == 4242);
	assert_string_equal(json_string_value(json_object_get(creator, "comm")),
			    "unshare");
	assert_true(jint(o, "serial") == 42);
	assert_true(json_is_false(json_object_get(o, "preexisting")));
	assert_true(jint(o, "seen_ns") == 1000000001ULL);
	assert_true(json_is_null(json_object_get(o, "pre_exit_ns")));
	assert_true(json_is_null(json_object_get(o, "exit_ns")));
	assert_true(json_is_integer(json_object_get(o, "devices")));
	assert_true(jint(o, "devices") == 3);
	/* the total only, as an unsigned 32-bit number */
	assert_true(json_is_integer(json_object_get(o, "sockets")));
	assert_true(jint(o, "sockets") == 0x80000039u);
	json_decref(o);
}

static void show_json_dead(void **state)
{
	struct nstrack_netns ns;
	json_t *o;

	(void)state;
	alive_record(&ns);
	test_full_record(&ns);	/* dead, same inode as the names */
	ns.has_sockets = ns.has_tcp_time_wait = false;	/* as the module says */
	cap_start(true, false);
	nstrack_print_netns(&ns, &names, NOW_NS);
	o = parse_json(cap_finish());
	assert_keys(o);
	/* a dead namespace's inode may be reused: its names are not its */
	assert_int_equal(json_array_size(json_object_get(o, "names")), 0);
	assert_string_equal(json_string_value(json_object_get(o, "state")), "dead");
	assert_true(jint(o, "pre_exit_ns") == 313000000000ULL);
	assert_true(jint(o, "exit_ns") == 313012345678ULL);
	assert_true(json_is_null(json_object_get(o, "sockets")));
	json_decref(o);
}

static void show_json_preexisting(void **state)
{
	struct nstrack_netns ns;
	json_t *o;

	(void)state;
	preexisting_record(&ns);
	cap_start(true, false);
	nstrack_print_netns(&ns, NULL, NOW_NS);
	o = parse_json(cap_finish());
	assert_keys(o);
	assert_true(json_is_null(json_object_get(o, "nsid")));
	assert_true(json_is_array(json_object_get(o, "names")));
	assert_int_equal(json_array_size(json_object_get(o, "names")), 0);
	assert_true(json_is_null(json_object_get(o, "created_ns")));
	assert_true(json_is_null(json_object_get(o, "creator")));
	assert_true(json_is_null(json_object_get(o, "pre_exit_ns")));
	assert_true(json_is_null(json_object_get(o, "exit_ns")));
	assert_true(json_is_true(json_object_get(o, "preexisting")));
	/* a module without device counts: the key is there, null */
	assert_true(json_is_null(json_object_get(o, "devices")));
	assert_true(json_is_null(json_object_get(o, "sockets")));
	assert_true(jint(o, "owner_uid") == 0);
	assert_true(jint(o, "cookie") == 1);
	json_decref(o);
}

static void show_text_full(void **state)
{
	struct nstrack_netns ns;

	(void)state;
	test_full_record(&ns);
	cap_start(false, false);
	nstrack_print_netns(&ns, &names, NOW_NS);
	assert_string_equal(cap_finish(),
		"cookie:    81985529216486895\n"
		"inode:     4026532281\n"
		"nsid:      -7\n"
		"names:     -\n"
		"owner:     uid 1000 (userns 4026531837)\n"
		"state:     dead\n"
		"devices:   3\n"
		"sockets:   2147483705 (2 in TCP TIME_WAIT)\n"
		"created:   1.000000000s after boot (1d01h ago)\n"
		"creator:   4242/unshare\n"
		"serial:    42\n"
		"seen:      1.000000001s after boot\n"
		"pre_exit:  313.000000000s after boot\n"
		"exit:      313.012345678s after boot\n"
		"lived:     5m12s\n"
		"teardown:  12.345ms\n");
}

static void show_text_alive_and_preexisting(void **state)
{
	struct nstrack_netns ns;
	const char *out;

	(void)state;
	alive_record(&ns);
	cap_start(false, false);
	nstrack_print_netns(&ns, &names, NOW_NS);
	out = cap_finish();
	assert_non_null(strstr(out, "\nnames:     blue,red\n"));
	assert_non_null(strstr(out, "\nstate:     alive\n"));
	assert_null(strstr(out, "lived"));
	assert_null(strstr(out, "exit"));
	assert_non_null(strstr(out, "\nsockets:   2147483705 (2 in TCP TIME_WAIT)\ncreated:"));
	cap_teardown(NULL);

	/* a total without the TIME_WAIT count: no parenthesis */
	ns.has_tcp_time_wait = false;
	ns.sockets = 5;
	cap_start(false, false);
	nstrack_print_netns(&ns, &names, NOW_NS);
	assert_non_null(strstr(cap_finish(), "\ndevices:   3\nsockets:   5\ncreated:"));
	cap_teardown(NULL);

	preexisting_record(&ns);
	cap_start(false, false);
	nstrack_print_netns(&ns, &names, NOW_NS);
	assert_string_equal(cap_finish(),
		"cookie:    1\n"
		"inode:     4026531840\n"
		"nsid:      -\n"
		"names:     -\n"
		"owner:     uid 0 (userns 4026531837)\n"
		"state:     alive\n"
		"devices:   -\n"
		"sockets:   -\n"
		"created:   unknown (existed before nstrack was loaded)\n"
		"creator:   -\n"
		"serial:    1\n"
		"seen:      0.000005000s after boot\n");
}

static void show_text_hostile_strings(void **state)
{
	struct nstrack_netns ns;
	const char *out;

	(void)state;
	test_full_record(&ns);
	strcpy(ns.creator_comm, "evil\nstate: x");
	cap_start(false, false);
	nstrack_print_netns(&ns, NULL, NOW_NS);
	out = cap_finish();
	assert_non_null(strstr(out, "\ncreator:   4242/evil?state: x\n"));
	assert_null(strstr(out, "\nstate: x"));
}

/* split a line into whitespace-separated words, remembering columns */
static size_t words(const char *line, char w[][64], size_t col[], size_t max)
{
	size_t n = 0, i = 0;

	while (line[i] && line[i] != '\n') {
		size_t j = 0;

		while (line[i] == ' ')
			i++;
		if (!line[i] || line[i] == '\n')
			break;
		assert_true(n < max);
		col[n] = i;
		while (line[i] && line[i] != ' ' && line[i] != '\n' && j < 63)
			w[n][j++] = line[i++];
		w[n][j] = '\0';
		n++;
	}
	return n;
}

static void list_text_table(void **state)
{
	static const char *const header[] = {
		"INODE", "COOKIE", "NSID", "NAMES", "OWNER", "AGE", "CREATOR",
		"DEVICES", "SOCKETS", "STATE",
	};
	static const char *const row1[] = {
		"4026532281", "81985529216486895", "-7", "blue,red", "1000",
		"1d01h", "4242/unshare", "3", "2147483705", "alive",
	};
	static const char *const row2[] = {
		"4026531840", "1", "-", "-", "0", "?", "-", "-", "-", "alive",
	};
	static const char *const row3[] = {
		"4026532281", "81985529216486895", "-7", "-", "1000", "1d01h",
		"4242/unshare", "3", "-", "dead",
	};
	const char *const *rows[] = { header, row1, row2, row3 };
	struct nstrack_netns v[3];
	char w[16][64];
	size_t col[16], hcol[16], n, r, i;
	const char *line;

	(void)state;
	alive_record(&v[0]);
	preexisting_record(&v[1]);
	test_full_record(&v[2]);
	v[2].has_sockets = false;	/* dead: no counts */
	cap_start(false, false);
	assert_int_equal(nstrack_print_list(v, 3, &names, NOW_NS), 0);
	line = cap_finish();

	for (r = 0; r < 4; r++) {
		assert_non_null(line);
		n = words(line, w, col, 16);
		assert_int_equal(n, 10);
		for (i = 0; i < n; i++) {
			assert_string_equal(w[i], rows[r][i]);
			if (r == 0)
				hcol[i] = col[i];
			else	/* aligned under the header */
				assert_int_equal(col[i], hcol[i]);
		}
		line = strchr(line, '\n');
		assert_non_null(line);
		line++;
	}
	assert_string_equal(line, "");
}

static void list_json_matches_show(void **state)
{
	struct nstrack_netns v[3];
	json_t *arr, *one;
	char *copy;
	size_t i;

	(void)state;
	alive_record(&v[0]);
	preexisting_record(&v[1]);
	test_full_record(&v[2]);
	cap_start(true, false);
	assert_int_equal(nstrack_print_list(v, 3, &names, NOW_NS), 0);
	arr = parse_json(cap_finish());
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), 3);

	for (i = 0; i < 3; i++) {
		cap_teardown(NULL);
		cap_start(true, false);
		nstrack_print_netns(&v[i], &names, NOW_NS);
		copy = strdup(cap_finish());
		one = parse_json(copy);
		free(copy);
		assert_keys(json_array_get(arr, i));
		assert_true(json_equal(one, json_array_get(arr, i)));
		json_decref(one);
	}
	json_decref(arr);
}

static void list_empty(void **state)
{
	const char *out;

	(void)state;
	cap_start(false, false);
	assert_int_equal(nstrack_print_list(NULL, 0, NULL, NOW_NS), 0);
	out = cap_finish();
	assert_string_equal(out,
		"INODE  COOKIE  NSID  NAMES  OWNER  AGE  CREATOR  DEVICES  SOCKETS  STATE\n");
	cap_teardown(NULL);

	cap_start(true, false);
	assert_int_equal(nstrack_print_list(NULL, 0, NULL, NOW_NS), 0);
	assert_string_equal(cap_finish(), "[]\n");
	cap_teardown(NULL);

	cap_start(true, true);
	assert_int_equal(nstrack_print_list(NULL, 0, NULL, NOW_NS), 0);
	assert_string_equal(cap_finish(), "[]\n");
}

static void age_uses_now(void **state)
{
	struct nstrack_netns ns;
	const char *out;

	(void)state;
	alive_record(&ns);
	ns.created_ns = NOW_NS - 42ULL * 1000000000ULL - 999999999ULL;
	cap_start(false, false);
	assert_int_equal(nstrack_print_list(&ns, 1, NULL, NOW_NS), 0);
	out = cap_finish();
	assert_non_null(strstr(out, " 42s "));
	cap_teardown(NULL);

	/* a creation time after "now" (clock mismatch) is age 0, not huge */
	ns.created_ns = NOW_NS + 5;
	cap_start(false, false);
	assert_int_equal(nstrack_print_list(&ns, 1, NULL, NOW_NS), 0);
	out = cap_finish();
	assert_non_null(strstr(out, " 0s "));
}

#define T(f) cmocka_unit_test_teardown(f, cap_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(text_mode),
		T(json_compact),
		T(json_pretty),
		T(json_number_range),
		T(json_empty_containers),
		T(json_unclosed_closed),
		T(json_strings_always_valid),
		T(discard_prints_nothing),
		T(write_errors_reported),
		T(table_alignment),
		T(age_format),
		T(duration_and_time_format),
		T(show_json_full),
		T(show_json_dead),
		T(show_json_preexisting),
		T(show_text_full),
		T(show_text_alive_and_preexisting),
		T(show_text_hostile_strings),
		T(list_text_table),
		T(list_json_matches_show),
		T(list_empty),
		T(age_uses_now),
	};

	return cmocka_run_group_tests_name("print", tests, NULL, NULL);
}
