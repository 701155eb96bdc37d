// SPDX-License-Identifier: GPL-2.0
/*
 * nstrack metrics - the module's figures for Prometheus (text format).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "info.h"
#include "metrics.h"
#include "names.h"
#include "netns.h"
#include "nl.h"
#include "util.h"

static void metrics_usage(FILE *f)
{
	fprintf(f,
		"Usage: nstrack metrics\n"
		"\n"
		"Print the module's figures in the Prometheus text exposition format,\n"
		"for node_exporter's textfile collector, e.g.\n"
		"  nstrack metrics > DIR/nstrack.prom.$$ && mv DIR/nstrack.prom.$$ DIR/nstrack.prom\n"
		"\n"
		"Metrics:\n"
		"  nstrack_namespaces{state}          namespace records by state\n"
		"  nstrack_namespace_devices{netns,cookie,names}\n"
		"                                     devices of each namespace not dead\n"
		"  nstrack_namespace_sockets{netns,cookie,names}\n"
		"                                     sockets in use in each live namespace\n"
		"  nstrack_events_total               events recorded since the module loaded\n"
		"  nstrack_events_lost_total          event notifications the module failed\n"
		"                                     to send\n"
		"The two event counters are only printed for a caller in the initial\n"
		"network namespace, who sees every namespace.\n"
		"\n"
		"Options:\n"
		"  -h, --help     show this help\n");
}

void nstrack_metrics_label(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\':
			fputs("\\\\", out);
			break;
		case '"':
			fputs("\\\"", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static void header(FILE *out, const char *name, const char *type,
		   const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* the labels that tell one namespace: inode, cookie and its names */
static void ns_labels(FILE *out, const struct nstrack_netns *ns,
		      const struct nstrack_names *names)
{
	size_t first, k, cnt;

	fprintf(out, "{netns=\"%" PRIu32 "\",cookie=\"%" PRIu64 "\",names=\"",
		ns->inode, ns->cookie);
	cnt = names ? nstrack_names_find(names, ns->inode, &first) : 0;
	for (k = 0; k < cnt; k++) {
		if (k)
			fputc(',', out);
		nstrack_metrics_label(out, names->v[first + k].name);
	}
	fputs("\"}", out);
}

int nstrack_metrics_print(FILE *out, const struct nstrack_netns *v, size_t n,
			  const struct nstrack_names *names,
			  const struct nstrack_info *info)
{
	static const uint8_t states[] = {
		NSTRACK_NETNS_STATE_ALIVE, NSTRACK_NETNS_STATE_DYING,
		NSTRACK_NETNS_STATE_DEAD,
	};
	size_t i, k;

	/* every state, even at 0, so that a dashboard sees a zero, not a gap */
	header(out, "nstrack_namespaces", "gauge",
	       "Network namespace records the module holds, by state.");
	for (k = 0; k < ARRAY_SIZE(states); k++) {
		size_t cnt = 0;

		for (i = 0; i < n; i++)
			cnt += v[i].state == states[k];
		fprintf(out, "nstrack_namespaces{state=\"%s\"} %zu\n",
			nstrack_state_name(states[k]), cnt);
	}

	/*
	 * An inode may be reused once a namespace is dead, so the dead ones
	 * (which have neither devices nor sockets) are left out and the
	 * cookie keeps every series apart.
	 */
	header(out, "nstrack_namespace_devices", "gauge",
	       "Network devices in a namespace that is not dead.");
	for (i = 0; i < n; i++) {
		if (v[i].state == NSTRACK_NETNS_STATE_DEAD || !v[i].has_devices)
			continue;
		fputs("nstrack_namespace_devices", out);
		ns_labels(out, &v[i], names);
		fprintf(out, " %" PRIu32 "\n", v[i].devices);
	}

	header(out, "nstrack_namespace_sockets", "gauge",
	       "Sockets in use in a live namespace, all families.");
	for (i = 0; i < n; i++) {
		if (v[i].state == NSTRACK_NETNS_STATE_DEAD || !v[i].has_sockets)
			continue;
		fputs("nstrack_namespace_sockets", out);
		ns_labels(out, &v[i], names);
		fprintf(out, " %" PRIu32 "\n", v[i].sockets);
	}

	if (info && info->has_system) {
		header(out, "nstrack_events_total", "counter",
		       "Events the module recorded since it was loaded (newest sequence number).");
		fprintf(out, "nstrack_events_total %" PRIu64 "\n",
			info->event_last);
		header(out, "nstrack_events_lost_total", "counter",
		       "Event notifications the module failed to send to listeners.");
		fprintf(out, "nstrack_events_lost_total %" PRIu64 "\n",
			info->notify_failed);
	}
	return ferror(out) ? -EIO : 0;
}

int nstrack_metrics_run(struct nstrack_nl *nl, const char *netns_dir,
			FILE *out)
{
	struct nstrack_names names = { 0 };
	struct nstrack_info info;
	struct nstrack_netns *v = NULL;
	char *text = NULL;
	size_t n = 0, len = 0;
	FILE *mem;
	int err;

	err = nstrack_info_get(nl, &info);
	if (err < 0)
		goto out;
	err = nstrack_netns_dump(nl, &v, &n);
	if (err < 0)
		goto out;
	err = nstrack_names_load(&names, netns_dir);
	if (err < 0)
		goto out;

	/* all or nothing: a collector must never read half a file */
	mem = open_memstream(&text, &len);
	if (!mem) {
		nstrack_err("out of memory");
		err = -ENOMEM;
		goto out;
	}
	err = nstrack_metrics_print(mem, v, n, &names, &info);
	if (fclose(mem) || err < 0) {
		nstrack_err("out of memory");
		err = -ENOMEM;
		goto out;
	}
	if (fwrite(text, 1, len, out) != len || fflush(out)) {
		nstrack_err("cannot write the metrics: %s", strerror(errno));
		err = -EIO;
	}
out:
	free(text);
	nstrack_names_free(&names);
	free(v);
	return err < 0 ? 1 : 0;
}

int cmd_metrics(struct nstrack_opts *o, int argc, char **argv)
{
	struct nstrack_nl nl;
	bool help;
	int npos, status;

	npos = nstrack_cmd_opts("metrics", argc, argv, o, &help);
	if (npos < 0)
		return 1;
	if (help) {
		metrics_usage(stdout);
		return 0;
	}
	if (nstrack_cmd_max_args("metrics", npos, argv, 0) < 0)
		return 1;
	if (o->json) {
		nstrack_err("metrics: no JSON output, the format is Prometheus text");
		return 1;
	}

	if (nstrack_nl_open(&nl) < 0)
		return 1;
	status = nstrack_metrics_run(&nl, NSTRACK_NETNS_RUN_DIR, stdout);
	nstrack_nl_close(&nl);
	return status;
}
