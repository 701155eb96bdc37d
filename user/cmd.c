// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack - command lookup and option parsing shared by all commands.
 */
#include <errno.h>
#include <string.h>

#include "cmd.h"
#include "print.h"
#include "util.h"

const struct nstrack_command *nstrack_cmd_lookup(const struct nstrack_command *tab,
					     size_t n, const char *name,
					     size_t *nmatch)
{
	const struct nstrack_command *found = NULL;
	size_t i, len = strlen(name), count = 0;

	for (i = 0; i < n; i++) {
		if (!strcmp(tab[i].name, name)) {
			if (nmatch)
				*nmatch = 1;
			return &tab[i];
		}
	}
	if (len) {
		for (i = 0; i < n; i++) {
			if (!strncmp(tab[i].name, name, len)) {
				found = &tab[i];
				count++;
			}
		}
	}
	if (nmatch)
		*nmatch = count;
	return count == 1 ? found : NULL;
}

int nstrack_parse_option(const char *arg, struct nstrack_opts *o, bool *help,
			 bool *version)
{
	static const struct {
		const char *lng;
		char shrt;
	} opts[] = {
		{ "--json", 'j' }, { "--pretty", 'p' }, { "--help", 'h' },
		{ "--version", 'V' },
	};
	char word[3] = "-?";
	size_t i;
	char c = 0;

	if (arg[0] != '-' || !arg[1])
		return -1;
	if (arg[1] == '-') {
		for (i = 0; i < ARRAY_SIZE(opts); i++)
			if (!strcmp(arg, opts[i].lng))
				c = opts[i].shrt;
		if (!c)
			return -1;
		word[1] = c;
		arg = word;
	}
	for (arg++; *arg; arg++) {
		switch (*arg) {
		case 'j':
			o->json = true;
			break;
		case 'p':
			o->pretty = true;
			o->json = true;
			break;
		case 'h':
			*help = true;
			break;
		case 'V':
			if (!version)
				return -1;
			*version = true;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

int nstrack_cmd_opts(const char *cmd, int argc, char **argv,
		     struct nstrack_opts *o, bool *help)
{
	bool options = true;
	int i, npos = 0;

	*help = false;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options && !strcmp(a, "--")) {
			options = false;
			continue;
		}
		if (options && a[0] == '-' && a[1]) {
			if (nstrack_parse_option(a, o, help, NULL) < 0) {
				char shown[64];

				nstrack_sanitize(shown, sizeof(shown), a);
				nstrack_err("%s: unknown option '%s' (try 'nstrack %s --help')",
					    cmd, shown, cmd);
				return -1;
			}
			continue;
		}
		argv[1 + npos++] = argv[i];
	}
	return npos;
}

int nstrack_cmd_max_args(const char *cmd, int npos, char **argv, int max)
{
	char shown[64];

	if (npos <= max)
		return 0;
	nstrack_sanitize(shown, sizeof(shown), argv[1 + max]);
	nstrack_err("%s: unexpected argument '%s' (try 'nstrack %s --help')",
		    cmd, shown, cmd);
	return -1;
}

int nstrack_cmd_take_values(const char *cmd, int argc, char **argv,
			     const char *const *names, const char **values,
			     size_t nnames)
{
	bool options = true;
	int i, n = 1;
	size_t k, len;

	for (k = 0; k < nnames; k++)
		values[k] = NULL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options && !strcmp(a, "--"))
			options = false;
		for (k = 0; options && k < nnames; k++) {
			len = strlen(names[k]);
			if (strncmp(a, names[k], len))
				continue;
			if (a[len] == '=') {
				values[k] = a + len + 1;
				break;
			}
			if (a[len])
				continue;
			if (i + 1 == argc) {
				nstrack_err("%s: option '%s' needs a value (try 'nstrack %s --help')",
					    cmd, names[k], cmd);
				return -1;
			}
			values[k] = argv[++i];
			break;
		}
		if (options && k < nnames)
			continue;
		argv[n++] = argv[i];
	}
	return n;
}

int nstrack_cmd_take_flag(int argc, char **argv, const char *flag,
			  bool *set)
{
	bool options = true;
	int i, n = 1;

	*set = false;
	for (i = 1; i < argc; i++) {
		if (options && !strcmp(argv[i], "--"))
			options = false;
		if (options && !strcmp(argv[i], flag)) {
			*set = true;
			continue;
		}
		argv[n++] = argv[i];
	}
	return n;
}

int nstrack_cmd_finish_output(void)
{
	int err = print_finish();

	if (!err)
		return 0;
	if (err == -ENOMEM)
		nstrack_err("out of memory");
	else
		nstrack_err("error writing output: %s", strerror(-err));
	return 1;
}

int nstrack_cmd_end_output(int print_err)
{
	if (print_err < 0) {
		print_discard();
		nstrack_err("out of memory");
		return print_err;
	}
	return nstrack_cmd_finish_output() ? -EIO : 0;
}
