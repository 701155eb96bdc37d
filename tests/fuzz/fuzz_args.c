// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the tool's other argument parsers.
 *
 * Input: one byte picks the parser, the rest is the argument (NUL bytes
 * end it; for the option parser, newlines separate the words, and for
 * mountinfo lines the first byte is the size of the path buffer).
 *
 *   CIDR, IP      nstrack_cidr_parse(), nstrack_ip_parse() (addr, route)
 *   TYPES         nstrack_monitor_parse_types() (monitor --type)
 *   PID, NSID     nstrack_parse_pid(), nstrack_parse_nsid()
 *   IFNAME        nstrack_ifname_invalid(), nstrack_rtnl_check_name()
 *   NETNS_NAME    nstrack_netns_name_check(), _name_valid(), _name_shown()
 *   OPTS          nstrack_cmd_take_values(), _take_flag(), _cmd_opts()
 *   MOUNTINFO     nstrack_mountinfo_netns()
 *   LOOKUP        nstrack_cmd_lookup() (commands by unique prefix)
 *
 * Each result is compared with an independent reading of the rules the
 * headers and the README state (inet_pton() and strtoull() where they
 * apply); a failure must print exactly one error line where the function
 * says it prints one, and none on success.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/nstrack.h>

#include "cmd.h"
#include "fuzz.h"
#include "holders.h"
#include "monitor.h"
#include "netnsdir.h"
#include "rtnl.h"
#include "util.h"

enum op {
	OP_CIDR,
	OP_IP,
	OP_TYPES,
	OP_PID,
	OP_NSID,
	OP_IFNAME,
	OP_NETNS_NAME,
	OP_OPTS,
	OP_MOUNTINFO,
	OP_LOOKUP,
	OP_COUNT
};

/* ---- error output capture ---- */

static char *errbuf;
static size_t errlen;
static FILE *errf, *saved;

static void capture(void)
{
	errbuf = NULL;
	errlen = 0;
	errf = open_memstream(&errbuf, &errlen);
	FZ_CHECK(errf);
	saved = nstrack_errfp;
	nstrack_errfp = errf;
}

/* stop capturing; the number of error lines (see fz_err_lines()) */
static size_t captured_lines(void)
{
	size_t lines;

	nstrack_errfp = saved;
	fclose(errf);
	lines = fz_err_lines(errbuf, errlen);
	free(errbuf);
	return lines;
}

/* ---- addresses ---- */

static bool ref_unicast(int family, const uint8_t *a)
{
	static const uint8_t zero[16];

	if (family == AF_INET)
		return memcmp(a, zero, 4) && !(a[0] >= 224 && a[0] <= 239) &&
		       !(a[0] == 255 && a[1] == 255 && a[2] == 255 &&
			 a[3] == 255);
	return memcmp(a, zero, 16) && a[0] != 0xff;
}

/* an address by inet_pton(): the family is the one that takes it */
static bool ref_addr(const char *s, int *family, uint8_t *a)
{
	memset(a, 0, 16);
	if (inet_pton(AF_INET, s, a) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, a) == 1) {
		*family = AF_INET6;
		return true;
	}
	return false;
}

static void check_same(const struct nstrack_ipaddr *x,
		       const struct nstrack_ipaddr *y)
{
	FZ_CHECK(x->family == y->family && x->prefix == y->prefix &&
		 !memcmp(x->addr, y->addr, x->family == AF_INET ? 4 : 16));
}

static void run_cidr(const char *s, bool with_prefix)
{
	struct nstrack_ipaddr a, b;
	const char *why = NULL;
	char *addr = strdup(s), *slash, buf[INET6_ADDRSTRLEN + 8];
	uint8_t want[16];
	unsigned long prefix = 0;
	int family = 0, err;
	bool ok;

	FZ_CHECK(addr);
	slash = strchr(addr, '/');
	if (with_prefix) {
		ok = slash != NULL;
		if (ok) {
			const char *p = slash + 1;
			size_t nd = strspn(p, "0123456789");

			*slash = '\0';
			ok = nd >= 1 && nd <= 3 && !p[nd];
			if (ok)
				prefix = strtoul(p, NULL, 10);
		}
	} else {
		ok = slash == NULL;
	}
	ok = ok && ref_addr(addr, &family, want) &&
	     ref_unicast(family, want) &&
	     (!with_prefix || prefix <= (family == AF_INET ? 32u : 128u));

	err = with_prefix ? nstrack_cidr_parse(s, &a, &why) :
			    nstrack_ip_parse(s, &a, &why);
	FZ_CHECK(ok == !err);
	if (err) {
		FZ_CHECK(err == -EINVAL && why && why[0]);
		FZ_CHECK(a.family == 0 && a.prefix == 0);
	} else {
		FZ_CHECK(a.family == family);
		FZ_CHECK(!memcmp(a.addr, want, family == AF_INET ? 4 : 16));
		FZ_CHECK(a.prefix == (with_prefix ? prefix :
				      family == AF_INET ? 32u : 128u));
		/* formatted and read again: the same */
		nstrack_ipaddr_format(&a, with_prefix, buf, sizeof(buf));
		FZ_CHECK((with_prefix ? nstrack_cidr_parse(buf, &b, NULL) :
			  nstrack_ip_parse(buf, &b, NULL)) == 0);
		check_same(&a, &b);
	}
	free(addr);
}

/* ---- --type lists ---- */

static void run_types(const char *s)
{
	static const struct {
		const char *name;
		uint32_t bits;
	} names[] = {
		{ "netns_new", 1u << 1 }, { "netns_pre_exit", 1u << 2 },
		{ "netns_exit", 1u << 3 }, { "dev_register", 1u << 4 },
		{ "dev_unregister", 1u << 5 }, { "dev_move", 1u << 6 },
		{ "netns", 0xeu }, { "dev", 0x70u },
	};
	char *copy = strdup(s), *tok, *rest;
	uint32_t want = 0, got = 0xdeadbeef;
	bool ok = true;
	size_t i, lines;
	int err;

	FZ_CHECK(copy);
	/* strsep keeps empty words: "a,,b" and "" are invalid */
	for (rest = copy; ok && (tok = strsep(&rest, ",")) != NULL;) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			ok = false;
		else
			want |= names[i].bits;
	}
	free(copy);
	capture();
	err = nstrack_monitor_parse_types(s, &got);
	lines = captured_lines();
	FZ_CHECK(ok == !err);
	FZ_CHECK(lines == (err ? 1u : 0u));
	if (!err)
		FZ_CHECK(got == want);
}

/* ---- numbers ---- */

static bool ref_dec(const char *s, unsigned long long max,
		    unsigned long long *v)
{
	char *end;

	if (!s[0] || strspn(s, "0123456789") != strlen(s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno != ERANGE && !*end && *v <= max;
}

static void run_pid(const char *s)
{
	unsigned long long v = 0;
	bool ok = ref_dec(s, INT32_MAX, &v) && v >= 1;
	pid_t pid = -5;
	int err = nstrack_parse_pid(s, &pid);

	FZ_CHECK(ok == !err);
	FZ_CHECK(err ? pid == -5 : (unsigned long long)pid == v);
}

static void run_nsid(const char *s)
{
	unsigned long long v = 0;
	bool ok = ref_dec(s, INT32_MAX, &v);
	int32_t nsid = -5;
	int err = nstrack_parse_nsid(s, &nsid);

	if (!strcmp(s, "auto")) {
		FZ_CHECK(!err && nsid == -1);
		return;
	}
	FZ_CHECK(ok == !err);
	FZ_CHECK(err ? nsid == -5 : (unsigned long long)nsid == v);
}

/* ---- names ---- */

static void run_ifname(const char *s)
{
	size_t i, len = strlen(s), lines;
	bool ok = len >= 1 && len <= 15 && strcmp(s, ".") && strcmp(s, "..");
	const char *why;
	int err;

	for (i = 0; ok && i < len; i++)
		if (s[i] == '/' || s[i] == ':' || isspace((unsigned char)s[i]))
			ok = false;
	why = nstrack_ifname_invalid(s);
	FZ_CHECK(ok == !why);
	capture();
	err = nstrack_rtnl_check_name(s);
	lines = captured_lines();
	FZ_CHECK(ok == !err && lines == (err ? 1u : 0u));
}

static void run_netns_name(const char *s, size_t shown_len)
{
	size_t len = strlen(s), lines, i;
	bool ok = len >= 1 && len <= NAME_MAX && !strchr(s, '/') &&
		  strcmp(s, ".") && strcmp(s, "..");
	char *shown;
	int err;

	FZ_CHECK(ok == (nstrack_netns_name_check(s) == NSTRACK_NAME_OK));
	FZ_CHECK(nstrack_netns_name_problem(nstrack_netns_name_check(s)));
	capture();
	err = nstrack_netns_name_valid("add", s);
	lines = captured_lines();
	FZ_CHECK(ok == !err && lines == (err ? 1u : 0u));

	/* shown: fits, terminated, no control characters */
	shown = malloc(shown_len);
	FZ_CHECK(shown);
	nstrack_netns_name_shown(shown, shown_len, s);
	FZ_CHECK(fz_terminated(shown, shown_len));
	for (i = 0; shown[i]; i++)
		FZ_CHECK((unsigned char)shown[i] >= 0x20 && shown[i] != 0x7f);
	free(shown);
}

/* ---- options ---- */

#define MAXW 64

/* the reference of take_values with --dev and --ns, then take_flag */
static int ref_values(int argc, char **argv, const char **vals, char **out,
		      bool *timeline)
{
	static const char *const names[] = { "--dev", "--ns" };
	bool options = true;
	int i, n = 1;
	size_t k;

	vals[0] = vals[1] = NULL;
	out[0] = argv[0];
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool taken = false;

		if (options && !strcmp(a, "--"))
			options = false;
		for (k = 0; options && !taken && k < 2; k++) {
			size_t len = strlen(names[k]);

			if (!strncmp(a, names[k], len) && a[len] == '=') {
				vals[k] = a + len + 1;
				taken = true;
			} else if (!strcmp(a, names[k])) {
				if (i + 1 == argc)
					return -1;
				vals[k] = argv[++i];
				taken = true;
			}
		}
		if (!taken)
			out[n++] = argv[i];
	}
	/* take_flag("--timeline") */
	*timeline = false;
	options = true;
	argc = n;
	n = 1;
	for (i = 1; i < argc; i++) {
		if (options && !strcmp(out[i], "--"))
			options = false;
		if (options && !strcmp(out[i], "--timeline")) {
			*timeline = true;
			continue;
		}
		out[n++] = out[i];
	}
	return n;
}

/* the reference of nstrack_cmd_opts(): -1, or the positional count */
static int ref_opts(int argc, char **argv, char **pos, bool *json,
		    bool *pretty, bool *help)
{
	bool options = true;
	int i, n = 0;

	*json = *pretty = *help = false;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options && !strcmp(a, "--")) {
			options = false;
			continue;
		}
		if (options && a[0] == '-' && a[1]) {
			const char *c;

			if (!strcmp(a, "--json"))
				a = "-j";
			else if (!strcmp(a, "--pretty"))
				a = "-p";
			else if (!strcmp(a, "--help"))
				a = "-h";
			for (c = a + 1; *c; c++) {
				if (*c == 'j')
					*json = true;
				else if (*c == 'p')
					*json = *pretty = true;
				else if (*c == 'h')
					*help = true;
				else
					return -1;
			}
			continue;
		}
		pos[n++] = argv[i];
	}
	return n;
}

static void run_opts(char *s)
{
	static const char *const names[] = { "--dev", "--ns" };
	char *argv[MAXW + 1], *ref_out[MAXW + 1], *pos[MAXW + 1], *w;
	const char *vals[2], *ref_vals[2];
	struct nstrack_opts o = { 0 };
	bool tl, ref_tl, json, pretty, help, ref_help;
	int argc = 1, n, ref_n, i;
	size_t lines;

	argv[0] = "history";
	while (argc < MAXW && (w = strsep(&s, "\n")) != NULL)
		argv[argc++] = w;
	argv[argc] = NULL;

	ref_n = ref_values(argc, argv, ref_vals, ref_out, &ref_tl);
	capture();
	n = nstrack_cmd_take_values("history", argc, argv, names, vals, 2);
	lines = captured_lines();
	FZ_CHECK((n < 0) == (ref_n < 0) && lines == (n < 0 ? 1u : 0u));
	if (n < 0)
		return;
	n = nstrack_cmd_take_flag(n, argv, "--timeline", &tl);
	FZ_CHECK(n == ref_n && tl == ref_tl);
	FZ_CHECK(vals[0] == ref_vals[0] && vals[1] == ref_vals[1]);
	for (i = 1; i < n; i++)
		FZ_CHECK(argv[i] == ref_out[i]);

	ref_n = ref_opts(n, argv, pos, &json, &pretty, &ref_help);
	capture();
	n = nstrack_cmd_opts("history", n, argv, &o, &help);
	lines = captured_lines();
	FZ_CHECK((n < 0) == (ref_n < 0) && lines == (n < 0 ? 1u : 0u));
	if (n < 0)
		return;
	FZ_CHECK(n == ref_n && o.json == json && o.pretty == pretty &&
		 help == ref_help);
	for (i = 0; i < n; i++)
		FZ_CHECK(argv[1 + i] == pos[i]);
}

/* ---- mountinfo ---- */

static void run_mountinfo(const char *line, size_t len)
{
	char *path = malloc(len);
	int ret;

	FZ_CHECK(path);
	ret = nstrack_mountinfo_netns(line, 4026532178u, path, len);
	FZ_CHECK(ret == 1 || ret == 0 || ret == -EINVAL);
	if (ret == 1) {
		const char *sep = strstr(line, " - ");

		/* may be "" only for an escaped NUL, which no kernel writes */
		FZ_CHECK(fz_terminated(path, len));
		FZ_CHECK(sep && !strncmp(sep + 3, "nsfs ", 5));
		FZ_CHECK(strstr(line, " net:[4026532178] "));
		/* unescaping only shortens: the path is no longer than written */
		FZ_CHECK(strlen(path) <= (size_t)(sep - line));
	}
	free(path);
}

/* ---- commands ---- */

static int dummy(struct nstrack_opts *o, int argc, char **argv)
{
	(void)o;
	(void)argc;
	(void)argv;
	return 0;
}

static void run_lookup(const char *s)
{
	static const struct nstrack_command tab[] = {
		{ "list", dummy, "" }, { "show", dummy, "" },
		{ "devices", dummy, "" }, { "history", dummy, "" },
		{ "sockets", dummy, "" }, { "monitor", dummy, "" },
		{ "holders", dummy, "" }, { "link", dummy, "" },
		{ "bridge", dummy, "" }, { "addr", dummy, "" },
		{ "route", dummy, "" }, { "add", dummy, "" },
		{ "del", dummy, "" }, { "delete", dummy, "" },
	};
	const size_t n = sizeof(tab) / sizeof(tab[0]);
	const struct nstrack_command *want = NULL, *got;
	size_t i, count = 0, nmatch = 99;

	for (i = 0; i < n; i++)
		if (!strcmp(tab[i].name, s))
			want = &tab[i];
	if (!want && s[0]) {
		for (i = 0; i < n; i++)
			if (!strncmp(tab[i].name, s, strlen(s))) {
				count++;
				want = &tab[i];
			}
		if (count != 1)
			want = NULL;
	}
	got = nstrack_cmd_lookup(tab, n, s, &nmatch);
	FZ_CHECK(got == want);
	FZ_CHECK(got ? nmatch == 1 : nmatch != 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_input in = { data, size };
	enum op op = (enum op)(fz_byte(&in) % OP_COUNT);
	size_t len = 0;
	char *s;

	if (op == OP_MOUNTINFO || op == OP_NETNS_NAME)
		len = 1 + fz_byte(&in) % 96;
	s = fz_strndup(in.p, in.len);
	switch (op) {
	case OP_CIDR:
		run_cidr(s, true);
		break;
	case OP_IP:
		run_cidr(s, false);
		break;
	case OP_TYPES:
		run_types(s);
		break;
	case OP_PID:
		run_pid(s);
		break;
	case OP_NSID:
		run_nsid(s);
		break;
	case OP_IFNAME:
		run_ifname(s);
		break;
	case OP_NETNS_NAME:
		run_netns_name(s, len);
		break;
	case OP_OPTS:
		run_opts(s);
		break;
	case OP_MOUNTINFO:
		run_mountinfo(s, len);
		break;
	case OP_LOOKUP:
	case OP_COUNT:
		run_lookup(s);
		break;
	}
	free(s);
	return 0;
}
