/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nstrack - "metrics": the module's figures in the Prometheus text
 * exposition format, for node_exporter's textfile collector.
 */
#ifndef NSTRACK_METRICS_H
#define NSTRACK_METRICS_H

#include <stddef.h>
#include <stdio.h>

struct nstrack_info;
struct nstrack_names;
struct nstrack_netns;
struct nstrack_nl;

/*
 * Write s to out as a label value: backslash, double quote and newline
 * escaped as the format requires, every other byte as is.
 */
void nstrack_metrics_label(FILE *out, const char *s);

/*
 * Every metric of the namespaces v[0..n) (names from names) and of info
 * (the event counters only if info->has_system).  Returns 0, or -EIO if
 * out failed.
 */
int nstrack_metrics_print(FILE *out, const struct nstrack_netns *v, size_t n,
			  const struct nstrack_names *names,
			  const struct nstrack_info *info);

/*
 * The work of "metrics" once netlink is open: INFO, the NETNS_GET dump,
 * names from netns_dir, output to out.  The exit status; on failure one
 * error line and nothing on out.
 */
int nstrack_metrics_run(struct nstrack_nl *nl, const char *netns_dir,
			FILE *out);

struct nstrack_opts;
int cmd_metrics(struct nstrack_opts *o, int argc, char **argv);

#endif /* NSTRACK_METRICS_H */
