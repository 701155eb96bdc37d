#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
# Opens sockets of mixed kinds in given namespaces, writes what the kernel's
# own /proc files say about each namespace (the oracle), prints "ready" and
# holds the sockets until its stdin closes.
#
#   sockets-hold.py ORACLE_JSON NSFILE:COUNT...
#
# Kinds, in turn: a TCP listener with an established loopback connection
# (3 sockets), UDP, a UNIX stream pair (2), UNIX datagram, raw ICMP, packet,
# UDPv6.  COUNT is a lower bound rounded up to whole kinds; 0 opens none.
import ctypes
import fcntl
import json
import os
import socket
import struct
import sys

CLONE_NEWNET = 0x40000000
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
libc = ctypes.CDLL(None, use_errno=True)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {path}")
    finally:
        os.close(fd)


def loopback_up():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifr = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(s, SIOCGIFFLAGS, ifr)[:18])[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP))


def open_kind(kind, held):
    if kind == 0:
        lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        lst.bind(("127.0.0.1", 0))
        lst.listen(1)
        cli = socket.create_connection(lst.getsockname())
        srv, _ = lst.accept()
        held += [lst, cli, srv]
        return 3
    if kind == 1:
        held.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
        return 1
    if kind == 2:
        held += list(socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM))
        return 2
    if kind == 3:
        held.append(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM))
        return 1
    if kind == 4:
        held.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
        return 1
    if kind == 5:
        held.append(socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0))
        return 1
    held.append(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
    return 1


def oracle():
    """What this namespace's own /proc says, read from inside it."""
    out = {"protocols": {}}
    with open("/proc/self/net/sockstat") as f:
        for line in f:
            words = line.split()
            if words[0] == "sockets:":
                out["used"] = int(words[2])
            if words[0] == "TCP:":
                out["tw"] = int(words[words.index("tw") + 1])
    with open("/proc/self/net/protocols") as f:
        next(f)
        for line in f:
            words = line.split()
            out["protocols"][words[0]] = int(words[2])
    return out


def main():
    held, result = [], {}
    for spec in sys.argv[2:]:
        path, count = spec.rsplit(":", 1)
        setns(path)
        loopback_up()
        opened, kind = 0, 0
        while opened < int(count):
            opened += open_kind(kind % 7, held)
            kind += 1
        result[str(os.stat(path).st_ino)] = None
    # Read every namespace only once all are populated.
    for spec in sys.argv[2:]:
        path = spec.rsplit(":", 1)[0]
        setns(path)
        result[str(os.stat(path).st_ino)] = oracle()
    with open(sys.argv[1], "w") as f:
        json.dump(result, f)
    print("ready", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
