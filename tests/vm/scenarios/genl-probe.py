#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
# A second netlink client, independent of the tool: sends hand-built
# requests to the nstrack family and checks the kernel's answers (strict
# policies, extack messages and offsets, dump consistency flags).
# Prints one "PASS: <kernel>: <what>" or "FAIL: ..." line per check.
import errno
import os
import socket
import struct
import subprocess
import sys
import time

KVER = os.environ.get("NSTRACK_KVER", os.uname().release)
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK = 0x1, 0x2, 0x4
NLM_F_DUMP = 0x300
NLM_F_DUMP_INTR = 0x10
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
CTRL_ATTR_MCAST_GROUPS, CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 7, 1, 2
NETLINK_ADD_MEMBERSHIP = 1

# From include/uapi/linux/nstrack.h
CMD_NETNS_GET = 1
CMD_HISTORY_GET, CMD_EVENT_NTF, CMD_INFO_GET = 3, 5, 6
A_EVENT_SEQ, A_EVENT_TYPE = 2, 4
EVENT_NETNS_NEW, EVENT_NETNS_EXIT = 1, 3
(A_INFO_VERSION, A_INFO_EVENT_LAST, A_INFO_EVENT_OLDEST, A_INFO_EVENT_HISTORY_SIZE,
 A_INFO_NETNS_HISTORY_SIZE, A_INFO_EVENTS_HERE) = 2, 3, 4, 5, 6, 7
INFO_NAMES = {2: "version", 3: "event_last", 4: "event_oldest",
              5: "event_history_size", 6: "netns_history_size", 7: "events_here",
              8: "notify_failed", 9: "netns_records", 10: "dev_records",
              11: "netns_record_size", 12: "dev_record_size", 13: "event_record_size"}
A_SERIAL, A_COOKIE, A_INODE, A_PID, A_FD = 2, 3, 4, 5, 6
A_MAX = 17

failed = False


def check(what, ok, detail=""):
    global failed
    print(("PASS" if ok else "FAIL") + f": {KVER}: {what}")
    if not ok:
        failed = True
        if detail:
            print(f"    {detail}", file=sys.stderr)


def attr(atype, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, atype) + payload + b"\0" * (-length % 4)


def parse_attrs(buf):
    out, off = {}, 0
    while off + 4 <= len(buf):
        length, atype = struct.unpack_from("=HH", buf, off)
        if length < 4:
            break
        out[atype & 0x3FFF] = buf[off + 4:off + length]
        off += (length + 3) & ~3
    return out


class NetlinkError(Exception):
    """args: (errno, extack message, extack offset or None)"""


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 0
        reply = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                             attr(CTRL_ATTR_FAMILY_NAME, b"nstrack\0"))
        fam = parse_attrs(reply[0][2])
        self.family = struct.unpack("=H", fam[CTRL_ATTR_FAMILY_ID][:2])[0]
        self.groups = {}
        for grp in parse_attrs(fam.get(CTRL_ATTR_MCAST_GROUPS, b"")).values():
            g = parse_attrs(grp)
            self.groups[g[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0").decode()] = \
                struct.unpack("=I", g[CTRL_ATTR_MCAST_GRP_ID])[0]

    def send(self, family, cmd, payload, flags):
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + payload
        hdr = struct.pack("=IHHII", 16 + len(body), family, flags, self.seq, 0)
        self.sock.send(hdr + body)
        return len(hdr) + 4

    def receive(self, bufsize=32768):
        """All messages of the answer: list of (type, flags, attrs-bytes),
        or raises NetlinkError carrying (errno, extack message, offset)."""
        msgs = []
        while True:
            data = self.sock.recv(bufsize)
            off = 0
            while off < len(data):
                length, mtype, flags, _seq, _pid = struct.unpack_from("=IHHII", data, off)
                payload = data[off + 16:off + length]
                off += (length + 3) & ~3
                if mtype == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", payload)[0]
                    if err == 0:
                        return msgs
                    tlv = parse_attrs(payload[4 + 16:]) if flags & NLM_F_ACK_TLVS else {}
                    msg = tlv.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode()
                    offs = struct.unpack("=I", tlv[NLMSGERR_ATTR_OFFS])[0] \
                        if NLMSGERR_ATTR_OFFS in tlv else None
                    raise NetlinkError(err, msg, offs)
                if mtype == NLMSG_DONE:
                    err = -struct.unpack_from("=i", payload)[0] if len(payload) >= 4 else 0
                    if err:
                        tlv = parse_attrs(payload[4:]) if flags & NLM_F_ACK_TLVS else {}
                        raise NetlinkError(err, tlv.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode(),
                                           struct.unpack("=I", tlv[NLMSGERR_ATTR_OFFS])[0]
                                           if NLMSGERR_ATTR_OFFS in tlv else None)
                    return msgs
                msgs.append((mtype, flags, payload[4:]))
                if not flags & NLM_F_MULTI:
                    return msgs

    def request(self, family, cmd, payload=b"", flags=0):
        self.send(family, cmd, payload, NLM_F_REQUEST | flags)
        return self.receive()


def expect_error(nl, what, payload, want_errno, want_msg, want_offs=None, flags=0,
                 cmd=CMD_NETNS_GET):
    """want_offs: byte offset in the request of the attribute to be named."""
    try:
        nl.request(nl.family, cmd, payload, flags)
    except NetlinkError as e:
        err, msg, offs = e.args
        want = want_errno if isinstance(want_errno, tuple) else (want_errno,)
        ok = err in want and want_msg in msg and msg != "" and \
            (want_offs is None or offs in (want_offs if isinstance(want_offs, tuple) else (want_offs,)))
        check(what, ok, f"errno {err} msg '{msg}' offset {offs}, "
              f"want errno {want_errno} msg ~'{want_msg}' offset {want_offs}")
        return
    check(what, False, "request was accepted")


def main():
    nl = Genl()
    u32 = lambda v: struct.pack("=I", v)
    u64 = lambda v: struct.pack("=Q", v)
    first = 16 + 4  # offset of the first attribute: nlmsghdr + genlmsghdr

    expect_error(nl, "netlink: doit without selector refused with extack",
                 b"", errno.EINVAL, "selector is required")
    expect_error(nl, "netlink: two selectors refused, second one named",
                 attr(A_INODE, u32(4026531840)) + attr(A_PID, u32(1)),
                 errno.EINVAL, "only one namespace selector", first + 8)
    expect_error(nl, "netlink: unknown attribute type refused (strict)",
                 attr(A_MAX + 5, u32(1)), errno.EINVAL, "", first)
    expect_error(nl, "netlink: reply-only attribute refused as a selector",
                 attr(A_SERIAL, u64(1)), errno.EINVAL, "", first)
    try:
        nl.request(nl.family, CMD_NETNS_GET, attr(A_INODE, u64(4026531840)))
        check("netlink: inode of the wrong length refused", False, "accepted")
    except NetlinkError as e:
        check("netlink: inode of the wrong length refused with a message",
              e.args[0] in (errno.EINVAL, errno.ERANGE) and e.args[1] != "" and e.args[2] == first,
              repr(e.args))
    expect_error(nl, "netlink: inode 0 refused by the policy",
                 attr(A_INODE, u32(0)), (errno.EINVAL, errno.ERANGE), "", first)
    expect_error(nl, "netlink: negative fd refused by the policy",
                 attr(A_FD, u32(0xFFFFFFFF)), (errno.EINVAL, errno.ERANGE), "", first)
    expect_error(nl, "netlink: fd that is not a namespace refused",
                 attr(A_FD, u32(0)), errno.EINVAL, "not an open network namespace", first)
    expect_error(nl, "netlink: unknown cookie is ENOENT naming the attribute",
                 attr(A_COOKIE, u64(2**64 - 1)), errno.ENOENT, "no such namespace", first)
    expect_error(nl, "netlink: unknown pid is ESRCH",
                 attr(A_PID, u32(2**22 + 7)), errno.ESRCH, "no process", first)
    # 6.1 reports no offset in NLMSG_DONE; the message names the problem.
    expect_error(nl, "netlink: dump with an attribute refused with extack",
                 attr(A_COOKIE, u64(1)), errno.EINVAL, "takes no attributes",
                 (first, None), flags=NLM_F_DUMP)

    # doit by pid and by fd of our own namespace agree with SO_NETNS_COOKIE
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        own = struct.unpack("=Q", s.getsockopt(socket.SOL_SOCKET, 71, 8))[0]
    fd = os.open("/proc/self/ns/net", os.O_RDONLY)
    for what, payload in (("pid", attr(A_PID, u32(os.getpid()))),
                          ("fd", attr(A_FD, u32(fd)))):
        reply = nl.request(nl.family, CMD_NETNS_GET, payload)
        cookie = struct.unpack("=Q", parse_attrs(reply[0][2])[A_COOKIE])[0]
        check(f"netlink: doit by {what} finds the caller's namespace", cookie == own,
              f"{cookie} != {own}")
    os.close(fd)

    # Dump consistency: 100 namespaces span several dump messages.  The
    # first part is built when the request is sent; a namespace made before
    # the rest is read must flag the later parts NLM_F_DUMP_INTR.
    subprocess.run(["ip", "-batch", "-"], check=True, text=True,
                   input="".join(f"netns add dumpc{i}\n" for i in range(100)))
    for churn in (False, True):
        # A fresh socket: its first dump part is one page, and a receive
        # buffer of 32 KiB never truncates a later part.
        nl = Genl()
        nl.send(nl.family, CMD_NETNS_GET, b"", NLM_F_REQUEST | NLM_F_DUMP)
        if churn:
            subprocess.run(["ip", "netns", "add", "dumpc-extra"], check=True)
        msgs = nl.receive(bufsize=32768)
        intr = any(f & NLM_F_DUMP_INTR for _t, f, _a in msgs)
        serials = [struct.unpack("=Q", parse_attrs(a)[A_SERIAL])[0] for _t, _f, a in msgs]
        if churn:
            check("netlink: dump overlapping a change is flagged DUMP_INTR", intr)
        else:
            check("netlink: quiet dump is not flagged DUMP_INTR", not intr)
            check("netlink: dump sends each record once, in serial order",
                  serials == sorted(set(serials)) and len(serials) >= 100,
                  f"{len(serials)} records")
    subprocess.run(["ip", "-batch", "-"], check=True, text=True,
                   input="".join(f"netns del dumpc{i}\n" for i in range(100)) +
                   "netns del dumpc-extra\n")
    info_and_events()
    return 1 if failed else 0


def sysfs(name):
    with open(f"/sys/module/nstrack/{name}") as f:
        return f.read().strip()


def history_after(nl, seq):
    msgs = nl.request(nl.family, CMD_HISTORY_GET,
                      attr(A_EVENT_SEQ, struct.pack("=Q", seq)), NLM_F_DUMP)
    return {struct.unpack("=Q", parse_attrs(a)[A_EVENT_SEQ])[0]: a for _t, _f, a in msgs}


def info_and_events():
    """INFO against sysfs and the history; the events group against the
    history, message for message."""
    nl = Genl()
    expect_error(nl, "netlink: INFO with an attribute refused with extack",
                 attr(A_INFO_EVENT_LAST, struct.pack("=Q", 1)), errno.EINVAL,
                 "takes no attributes", 16 + 4, cmd=CMD_INFO_GET)

    # The namespaces deleted above are torn down in the background: wait
    # until INFO and the history are read with no event in between.
    for _attempt in range(120):
        info = parse_attrs(nl.request(nl.family, CMD_INFO_GET)[0][2])
        hist = history_after(nl, 0)
        again = parse_attrs(nl.request(nl.family, CMD_INFO_GET)[0][2])
        if again[A_INFO_EVENT_LAST] == info[A_INFO_EVENT_LAST]:
            time.sleep(1)
            again = parse_attrs(nl.request(nl.family, CMD_INFO_GET)[0][2])
            if again[A_INFO_EVENT_LAST] == info[A_INFO_EVENT_LAST]:
                break
        time.sleep(1)
    u32 = lambda a: struct.unpack("=I", info[a])[0]
    last = struct.unpack("=Q", info[A_INFO_EVENT_LAST])[0]
    oldest = struct.unpack("=Q", info[A_INFO_EVENT_OLDEST])[0]
    check("netlink: INFO version is the module's",
          info[A_INFO_VERSION].rstrip(b"\0").decode() == sysfs("version"))
    check("netlink: INFO history sizes are the module parameters",
          u32(A_INFO_EVENT_HISTORY_SIZE) == int(sysfs("parameters/event_history_size")) and
          u32(A_INFO_NETNS_HISTORY_SIZE) == int(sysfs("parameters/history_size")),
          repr(info))
    check("netlink: INFO newest and oldest event are those of the history",
          bool(hist) and last == max(hist) and oldest == min(hist),
          f"info {oldest}..{last}, history {min(hist, default=0)}..{max(hist, default=0)}")
    check("netlink: INFO says events reach the initial namespace",
          A_INFO_EVENTS_HERE in info)

    # A listener of its own: every notification is a history record.
    check("netlink: the family has an 'events' multicast group", "events" in nl.groups,
          repr(nl.groups))
    ev = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    ev.bind((0, 0))
    ev.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, nl.groups["events"])
    subprocess.run(["ip", "netns", "add", "mcast-probe"], check=True)
    subprocess.run(["ip", "netns", "del", "mcast-probe"], check=True)
    got, types = {}, []
    ev.settimeout(60)
    while EVENT_NETNS_EXIT not in types:
        data = ev.recv(65536)
        length, mtype, _flags, _seq, _pid = struct.unpack_from("=IHHII", data)
        cmd = data[16]
        a = parse_attrs(data[20:length])
        if mtype != nl.family or cmd != CMD_EVENT_NTF:
            check("netlink: notifications are EVENT_NTF of the family", False,
                  f"type {mtype} cmd {cmd}")
            break
        got[struct.unpack("=Q", a[A_EVENT_SEQ])[0]] = data[20:length]
        types.append(a[A_EVENT_TYPE][0])
    ev.close()
    seqs = sorted(got)
    check("netlink: notifications start after INFO's newest and are contiguous",
          bool(seqs) and seqs[0] == last + 1 and seqs == list(range(seqs[0], seqs[-1] + 1)),
          f"last {last}, got {seqs}")
    check("netlink: notifications begin with netns_new and end with netns_exit",
          bool(types) and types[0] == EVENT_NETNS_NEW and types[-1] == EVENT_NETNS_EXIT,
          repr(types))
    check("netlink: no history after the largest sequence number",
          history_after(nl, 2**64 - 1) == {})
    hist = history_after(nl, last)
    check("netlink: each notification equals the history record of its seq",
          all(hist.get(s) == got[s] for s in seqs), f"{len(got)} notifications")


def print_info():
    """The INFO reply as one JSON object, decoded by attribute size."""
    import json
    nl = Genl()
    out = {}
    for atype, val in parse_attrs(nl.request(nl.family, CMD_INFO_GET)[0][2]).items():
        name = INFO_NAMES.get(atype, str(atype))
        if name == "version":
            out[name] = val.rstrip(b"\0").decode()
        elif len(val) == 0:
            out[name] = True
        else:
            out[name] = struct.unpack("=Q" if len(val) == 8 else "=I", val)[0]
    print(json.dumps(out))
    return 0


if __name__ == "__main__" and sys.argv[1:] == ["info"]:
    sys.exit(print_info())
if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # any crash is a failed check, never a silent one
        check("netlink probe ran to its end", False, repr(e))
        sys.exit(1)
