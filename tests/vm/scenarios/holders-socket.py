#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
# holders-socket.py NSFILE READYFILE: open a TCP socket inside the network
# namespace NSFILE, come back to the original namespace, write "PID FD" to
# READYFILE and sleep: afterwards only that socket refers to the namespace.
import ctypes
import os
import socket
import sys
import time

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns")


home = os.open("/proc/self/ns/net", os.O_RDONLY)
target = os.open(sys.argv[1], os.O_RDONLY)
setns(target)
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
setns(home)
os.close(target)
os.close(home)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(f"{os.getpid()} {sock.fileno()}\n")
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
time.sleep(3600)
