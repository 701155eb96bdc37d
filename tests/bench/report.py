#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw figures of tests/bench/guest.sh (DATA/KVER.csv and
DATA/KVER.json, one pair per kernel) into the benchmark report (markdown)
and a plot of the listing benchmark's scaling (DATA/listing.png, if
gnuplot is installed).  Every number in the report comes from the CSVs.

usage: report.py --size SIZE --out FILE.md --data DIR KVER...
"""
import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict


def load(data, kver):
    rows = defaultdict(list)
    with open(os.path.join(data, kver + ".csv")) as f:
        for r in csv.DictReader(f):
            key = (r["bench"], r["config"], r["size"], r["tool"], r["metric"])
            rows[key].append(float(r["value"]))
    with open(os.path.join(data, kver + ".json")) as f:
        meta = json.load(f)
    return rows, meta


def med(v):
    return statistics.median(v) if v else float("nan")


def pct(v, p):
    """The p-th percentile, nearest rank."""
    if not v:
        return float("nan")
    s = sorted(v)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def fmt(x, unit=""):
    if x != x:
        return "-"
    if unit == "s":
        if x < 1:
            return f"{x * 1000:.1f} ms"
        return f"{x:.2f} s"
    if unit == "us":
        if x >= 1000:
            return f"{x / 1000:.2f} ms"
        return f"{x:.0f} µs"
    if float(x).is_integer():
        return f"{int(x)}"
    return f"{x:.2f}"


def spread(v, unit):
    """median (min–max, n)"""
    if not v:
        return "-"
    return f"{fmt(med(v), unit)} ({fmt(min(v), unit)}–{fmt(max(v), unit)}, n={len(v)})"


def ratio(a, b):
    return a / b if b else float("nan")


def sizes_of(rows, bench):
    return sorted({int(k[2]) for k in rows if k[0] == bench}, key=int)


def section_churn(out, runs):
    out.append("## 1. Cost on namespace churn\n")
    out.append(
        "What: the time to create and destroy N network namespaces with the module "
        "loaded (A) and not loaded (B), in blocks A, B, A, B, ... in one boot.\n"
        "How: `nschurn -n N` (one process calling `unshare(CLONE_NEWNET)` N times; "
        "each call drops the previous namespace) and one `ip -batch` of N "
        "`netns add`/`netns del` pairs. *caller* is the time the creating program "
        "took; *total* runs until the kernel has torn every namespace down: "
        "`nsbench sync` gives two namespaces an nsid, drops them one after the "
        "other and waits for the kernel's `RTM_DELNSID` of each; the namespace "
        "work queue is ordered and each cleanup batch takes every namespace "
        "queued so far, so the second notification comes after every earlier "
        "namespace is gone. The overhead is median(A) / median(B) − 1.\n")
    for kver, (rows, meta) in runs.items():
        n = sizes_of(rows, "churn")
        if not n:
            continue
        n = n[0]
        out.append(f"**{kver}**, N = {n}:\n")
        out.append("| driver | figure | A: module loaded | B: not loaded | A/B | overhead |")
        out.append("|---|---|---|---|---|---|")
        for tool in ("unshare", "ipnetns"):
            for metric in ("caller_s", "total_s"):
                a = rows.get(("churn", "A", str(n), tool, metric), [])
                b = rows.get(("churn", "B", str(n), tool, metric), [])
                r = ratio(med(a), med(b))
                out.append(f"| {tool} | {metric[:-2]} | {spread(a, 's')} | {spread(b, 's')} "
                           f"| {r:.3f} | {(r - 1) * 100:+.1f} % |")
        out.append("")


def section_list(out, runs, plot):
    out.append("## 2. Listing\n")
    out.append(
        "What: the wall time and system calls of listing every network namespace, "
        "and how many of the namespaces made each tool saw.\n"
        "How: `nsbench hold N` makes N namespaces, a third held by a child process, "
        "a third by a bind mount on `/run/netns`, a third only by an open file; "
        "then `nstrack list -j`, `lsns -t net -J` and `ip -j netns list` run in turn, "
        "repeated; the wall time is taken around each command in the shell, the "
        "system calls are counted once by `strace -f -c`. *seen* counts the "
        "namespaces made (by nsfs inode; by name for `ip`) that the output holds.\n")
    for kver, (rows, meta) in runs.items():
        out.append(f"**{kver}**:\n")
        out.append("| namespaces | tool | wall time | vs nstrack | syscalls | seen |")
        out.append("|---|---|---|---|---|---|")
        for size in sizes_of(rows, "list"):
            base = med(rows.get(("list", "A", str(size), "nstrack", "wall_s"), []))
            for tool in ("nstrack", "lsns", "ip"):
                w = rows.get(("list", "A", str(size), tool, "wall_s"), [])
                sc = med(rows.get(("list", "A", str(size), tool, "syscalls"), []))
                seen = med(rows.get(("list", "A", str(size), tool, "seen"), []))
                out.append(f"| {size} | {tool} | {spread(w, 's')} | {ratio(med(w), base):.2f}x "
                           f"| {fmt(sc)} | {fmt(seen)} of {size} |")
        out.append("")
    if plot:
        out.append(f"![listing time against namespaces]({plot})\n")


def section_sockets(out, runs):
    out.append("## 3. Socket counts of every namespace\n")
    out.append(
        "What: the socket counts of every named namespace.\n"
        "How: M namespaces made by `ip netns add`; `nstrack sockets -j` against the "
        "loop `for ns in $(ip netns list); do ip netns exec $ns cat /proc/net/sockstat; "
        "done` (the first word of each line), timed in the shell.\n")
    for kver, (rows, meta) in runs.items():
        n = sizes_of(rows, "sockets")
        if not n:
            continue
        n = str(n[0])
        a = rows.get(("sockets", "A", n, "nstrack", "wall_s"), [])
        b = rows.get(("sockets", "A", n, "loop", "wall_s"), [])
        out.append(f"**{kver}**, {n} namespaces: nstrack {spread(a, 's')}, "
                   f"loop {spread(b, 's')}: nstrack is **{ratio(med(b), med(a)):.0f}x** faster.\n")


def section_events(out, runs):
    out.append("## 4. Events under churn\n")
    out.append(
        "What: whether `nstrack -j monitor` prints every event while namespaces are "
        "created and dropped at a given rate, with its default receive buffer.\n"
        "How: `nsbench rate R T` calls `unshare(CLONE_NEWNET)` R times a second for T "
        "seconds (*achieved* is what it managed); the top rate is `nschurn -w W -n C` "
        "unpaced, once with the default buffer and once with `--rcvbuf 16777216`. "
        "The monitor starts with `--since S+1` before the churn; after it and "
        "`nsbench sync` the newest sequence number is E. *printed* counts the "
        "events of S+1..E the monitor printed, *lost* adds up its resync records; "
        "events it missed in its receive queue but found in the module's history "
        "count as printed, as the monitor prints them.\n")
    for kver, (rows, meta) in runs.items():
        out.append(f"**{kver}**:\n")
        out.append("| step | asked | achieved (ns/s) | events | printed | lost |")
        out.append("|---|---|---|---|---|---|")
        best = None
        order = {"paced": 0, "top-default": 1, "top-16MiB": 2}
        steps = sorted({(k[1], k[2]) for k in rows if k[0] == "events"},
                       key=lambda s: (order.get(s[0], 3), int(s[1]) if s[1].isdigit() else 0))
        for cfg, label in steps:
            g = lambda m: med(rows.get(("events", cfg, label, "monitor", m), []))
            out.append(f"| {cfg} | {label} | {fmt(g('achieved_rate'))} | {fmt(g('offered'))} "
                       f"| {fmt(g('printed'))} | {fmt(g('lost'))} |")
            if cfg != "top-16MiB" and g("lost") == 0 and (best is None or g("achieved_rate") > best):
                best = g("achieved_rate")
        out.append("")
        out.append(f"Highest rate measured with nothing lost with the default buffer: "
                   f"{fmt(best) if best is not None else 'none'} namespaces/s.\n")


def section_memory(out, runs):
    out.append("## 5. Memory\n")
    out.append(
        "What: the bytes the module keeps per namespace, device and event, and its "
        "total while the listing benchmark holds its namespaces.\n"
        "How: the module's INFO reply (record counts and sizes; read with "
        "`tests/vm/scenarios/genl-probe.py info`), cross-checked with the live "
        "objects of the `nstrack_netns` and `nstrack_dev` slab caches "
        "(`active_objs` in `/proc/slabinfo` once `/sys/kernel/slab/*/shrink` has "
        "flushed the per-CPU slabs; the VM boots with `slab_nomerge`, so the caches "
        "are not shared with others) "
        "and their object size in `/proc/slabinfo`. Total = namespace records × "
        "record size + device records × record size + event history slots × "
        "event record size. The history bound: the module loaded with a small "
        "`history_size`, three times as many namespaces dropped, the dead records "
        "`nstrack list -j` still shows counted. A dead namespace in the history "
        "keeps the record it had alive (same size, same cache); an event in the "
        "event history takes one slot of a ring allocated at load, so the history's "
        "memory is fixed by its two parameters: `history_size` × namespace record "
        "+ `event_history_size` × event record.\n")
    for kver, (rows, meta) in runs.items():
        out.append(f"**{kver}**:\n")
        out.append("| namespaces held | namespace records (slab) | bytes/record (slab obj) "
                   "| device records (slab) | bytes/record (slab obj) | event record | "
                   "event slots | module total |")
        out.append("|---|---|---|---|---|---|---|---|")
        for size in sizes_of(rows, "memory"):
            if size == 0:
                continue
            g = lambda t, m: med(rows.get(("memory", "A", str(size), t, m), []))
            total = (g("info", "netns_records") * g("info", "netns_record_size")
                     + g("info", "dev_records") * g("info", "dev_record_size")
                     + g("info", "event_history_size") * g("info", "event_record_size"))
            out.append(
                f"| {size} | {fmt(g('info', 'netns_records'))} ({fmt(g('slab', 'netns_live'))}) "
                f"| {fmt(g('info', 'netns_record_size'))} ({fmt(g('slab', 'netns_objsize'))}) "
                f"| {fmt(g('info', 'dev_records'))} ({fmt(g('slab', 'dev_live'))}) "
                f"| {fmt(g('info', 'dev_record_size'))} ({fmt(g('slab', 'dev_objsize'))}) "
                f"| {fmt(g('info', 'event_record_size'))} | {fmt(g('info', 'event_history_size'))} "
                f"| {total / 1024:.0f} KiB |")
        h = med(rows.get(("memory", "A", "0", "nstrack", "history_size"), []))
        d = med(rows.get(("memory", "A", "0", "nstrack", "dead_kept"), []))
        n = med(rows.get(("memory", "A", "0", "nstrack", "dropped"), []))
        out.append(f"\nHistory bound: loaded with `history_size={fmt(h)}`, {fmt(n)} namespaces "
                   f"dropped: {fmt(d)} dead records kept.\n")


def section_teardown(out, runs):
    out.append("## 6. Teardown latency\n")
    out.append(
        "What: the time from the last holder of a namespace going away to the "
        "kernel reporting its end, with the module loaded (A) and not (B).\n"
        "How: `nsbench teardown K`, K rounds one after the other: a namespace held "
        "only by an open file gets an nsid in the initial namespace; the file is "
        "closed (time 0, `CLOCK_BOOTTIME`) and the program waits for the kernel's "
        "`RTM_DELNSID` for that nsid, which `cleanup_net` sends as it starts on "
        "the namespace. That clock works with and without the module, so it is "
        "the A/B figure. With the module (A) the `netns_exit` event's own "
        "timestamp (from `nstrack history -j`) gives the time to the end of "
        "teardown as well, which has no counterpart without the module.\n")
    for kver, (rows, meta) in runs.items():
        n = sizes_of(rows, "teardown")
        if not n:
            continue
        n = str(n[0])
        a = rows.get(("teardown", "A", n, "kernel", "delnsid_us"), [])
        b = rows.get(("teardown", "B", n, "kernel", "delnsid_us"), [])
        x = rows.get(("teardown", "A", n, "nstrack", "netns_exit_us"), [])
        out.append(f"**{kver}**, {n} rounds:\n")
        out.append("| figure | p50 | p99 |")
        out.append("|---|---|---|")
        out.append(f"| close → RTM_DELNSID, A: module loaded | {fmt(pct(a, 50), 'us')} | {fmt(pct(a, 99), 'us')} |")
        out.append(f"| close → RTM_DELNSID, B: not loaded | {fmt(pct(b, 50), 'us')} | {fmt(pct(b, 99), 'us')} |")
        out.append(f"| close → netns_exit event, A | {fmt(pct(x, 50), 'us')} | {fmt(pct(x, 99), 'us')} |")
        out.append(f"\np50 A/B: {ratio(pct(a, 50), pct(b, 50)):.3f}.\n")


def section_summary(out, runs):
    """The targets of the benchmark definition against this run's medians
    (a statement of what was measured, not a test)."""
    out.append("## Summary against the targets\n")
    out.append("| kernel | churn overhead, unshare / ip (total; target <= 1 %) "
               "| lsns / nstrack at the largest size (target >= 10x at 10,000) "
               "| nstrack listing: µs per added namespace between the sizes (equal if linear) "
               "| sockets loop / nstrack (target >= 100x) "
               "| bytes per namespace record, slab (target <= 512) "
               "| teardown p50 A/B |")
    out.append("|---|---|---|---|---|---|---|")
    for kver, (rows, meta) in runs.items():
        ch = []
        for tool in ("unshare", "ipnetns"):
            n = sizes_of(rows, "churn")
            if n:
                a = med(rows.get(("churn", "A", str(n[0]), tool, "total_s"), []))
                b = med(rows.get(("churn", "B", str(n[0]), tool, "total_s"), []))
                ch.append(f"{(ratio(a, b) - 1) * 100:+.1f} %")
        ls = sizes_of(rows, "list")
        lr, per = "-", []
        if ls:
            big = str(ls[-1])
            lr = (f"{ratio(med(rows.get(('list', 'A', big, 'lsns', 'wall_s'), [])), med(rows.get(('list', 'A', big, 'nstrack', 'wall_s'), []))):.1f}x"
                  f" at {big}")
            w = [med(rows.get(('list', 'A', str(z), 'nstrack', 'wall_s'), [])) for z in ls]
            for i in range(1, len(ls)):
                per.append(f"{(w[i] - w[i - 1]) / (ls[i] - ls[i - 1]) * 1e6:.0f}")
        sk = sizes_of(rows, "sockets")
        sr = "-"
        if sk:
            n = str(sk[0])
            sr = (f"{ratio(med(rows.get(('sockets', 'A', n, 'loop', 'wall_s'), [])), med(rows.get(('sockets', 'A', n, 'nstrack', 'wall_s'), []))):.0f}x"
                  f" at {n}")
        objs = [med(rows.get(("memory", "A", str(z), "slab", "netns_objsize"), [])) for z in ls]
        td = sizes_of(rows, "teardown")
        tr = "-"
        if td:
            n = str(td[0])
            tr = f"{ratio(pct(rows.get(('teardown', 'A', n, 'kernel', 'delnsid_us'), []), 50), pct(rows.get(('teardown', 'B', n, 'kernel', 'delnsid_us'), []), 50)):.2f}"
        out.append(f"| {kver} | {' / '.join(ch) or '-'} | {lr} | {' / '.join(per) or '-'} "
                   f"| {sr} | {fmt(max(objs)) if objs else '-'} | {tr} |")
    out.append("")


def plot_listing(runs, data):
    """listing.png: median wall time against namespaces, log-log."""
    if not shutil.which("gnuplot"):
        return None
    series = []
    for kver, (rows, meta) in runs.items():
        for tool in ("nstrack", "lsns", "ip"):
            name = f"list-{kver}-{tool}.dat"
            with open(os.path.join(data, name), "w") as f:
                for size in sizes_of(rows, "list"):
                    v = rows.get(("list", "A", str(size), tool, "wall_s"), [])
                    if v:
                        f.write(f"{size} {med(v)} {min(v)} {max(v)}\n")
            series.append((name, f"{tool} ({kver.split('-')[0]})"))
    script = ["set terminal pngcairo size 800,500" if "pngcairo" in subprocess.run(
        ["gnuplot", "-e", "set terminal"], capture_output=True, text=True).stderr +
        subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True).stdout
        else "set terminal png size 800,500",
        "set output 'listing.png'",
        "set logscale xy",
        "set xlabel 'namespaces'",
        "set ylabel 'wall time (s), median, bars min-max'",
        "set key left top",
        "set grid",
        "plot " + ", ".join(f"'{n}' using 1:2:3:4 with yerrorlines title '{t}'" for n, t in series)]
    r = subprocess.run(["gnuplot"], input="\n".join(script) + "\n", text=True,
                       cwd=data, capture_output=True)
    if r.returncode != 0:
        print("report: gnuplot: " + r.stderr.strip().splitlines()[-1], file=sys.stderr)
        return None
    return "listing.png"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("kernels", nargs="+")
    a = ap.parse_args()
    runs = {k: load(a.data, k) for k in a.kernels}
    png = plot_listing(runs, a.data)
    rel = os.path.relpath(os.path.join(a.data, png), os.path.dirname(os.path.abspath(a.out))) if png else None

    out = ["# nstrack benchmarks", "",
           "Generated by `make bench` (tests/bench/run.sh, tests/bench/guest.sh, "
           "tests/bench/report.py) from the raw figures next to it "
           f"(`{os.path.relpath(a.data, os.path.dirname(os.path.abspath(a.out)))}/KVER.csv`, "
           "one row per measurement; `KVER.json`, the run's setting). Do not edit by hand.", ""]
    if a.size != "full":
        out.append(f"**This run was made at the `{a.size}` size, not the full sizes of the "
                   "benchmark definition (N = 2000 churn cycles; 100, 1,000 and 10,000 "
                   "namespaces listed; 1,000 for socket counts): see the sizes below.**\n")
    out.append("Each VM is QEMU without KVM (TCG, one virtual CPU) on a shared host. "
               "Its clock counts instructions while the CPU runs (`-icount shift=0`: "
               "one nanosecond per guest instruction) and follows the host's clock only "
               "while the guest is idle, so the load of the host does not change the "
               "work the guest measures; waits (timers, RCU grace periods, I/O) still "
               "pass in host time and carry its noise, which shows in 6.1's churn, whose "
               "teardown is mostly such waits. Times are in that clock, and every "
               "A/B figure and ratio comes from one boot. It charges every instruction "
               "the same, system calls included, which is kind to tools that make many "
               "(lsns). The module's slab caches are "
               "not debugged (no `slub_debug`, whose stack trace per allocation would "
               "be charged to the module). Figures are the median "
               "(min–max, number of repeats).\n")
    out.append("| kernel | CPU | memory | date | sizes |")
    out.append("|---|---|---|---|---|")
    for kver, (rows, meta) in runs.items():
        out.append(f"| {meta['kernel']} | {meta['cpu']} ({meta['cpus']} vCPU) "
                   f"| {meta['mem_kib'] // 1024} MiB | {meta['date']} | {meta['sizes']} |")
    out.append("")
    section_summary(out, runs)
    section_churn(out, runs)
    section_list(out, runs, rel)
    section_sockets(out, runs)
    section_events(out, runs)
    section_memory(out, runs)
    section_teardown(out, runs)
    with open(a.out, "w") as f:
        f.write("\n".join(out).rstrip() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
