#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
# Prints the cookie of the network namespace this runs in, as the socket
# layer reports it (SO_NETNS_COOKIE): an oracle independent of nstrack.
import socket
import struct

SO_NETNS_COOKIE = 71
with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
    raw = s.getsockopt(socket.SOL_SOCKET, SO_NETNS_COOKIE, 8)
print(struct.unpack("=Q", raw)[0])
