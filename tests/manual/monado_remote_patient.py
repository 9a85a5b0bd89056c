#!/usr/bin/env python3
"""A scripted seated patient for Monado's remote driver (manual check, see
docs/headsets.md; not part of `cargo test`, which cannot run a runtime).

Monado's remote driver (P_OVERRIDE_ACTIVE_CONFIG=remote) listens on TCP port 4242 for
`struct r_remote_data` (src/xrt/drivers/remote/r_interface.h in Monado): 376 bytes,
little-endian, the header "mndrmt3\\0", the head, then the left and right controllers.
This script connects, rests the right hand, reaches forward (the calibration), then
alternates pushes and pulls, holding each pose long enough for a runtime that draws only
a few frames a second.

Usage: monado_remote_patient.py [CYCLES] [--drop-tracking]
  CYCLES: push/pull pairs (default 3). --drop-tracking: the right controller loses
  tracking for 4 s in the middle of the first push (the session should pause, then
  resume by itself).
"""

import socket
import struct
import sys
import time

HEADER = struct.unpack("<Q", b"mndrmt3\0")[0]
HEAD = (0.0, 1.2, 0.0)  # seated eye height, m
HOME = (0.2, 0.95, -0.3)  # the resting right hand
REACH = (0.2, 1.05, -0.75)  # the arm stretched forward
PUSH = (0.2, 0.97, -0.65)  # 35 cm forward
PULL = (0.2, 0.97, -0.05)  # 25 cm back


def pose(position, orientation=(0.0, 0.0, 0.0, 1.0)):
    """struct xrt_pose: quaternion (x, y, z, w), then position (x, y, z)."""
    return struct.pack("<4f3f", *orientation, *position)


def head(position):
    """struct r_head_data: two views (fov, pose, pad), the centre pose, a flag + pad."""
    view = struct.pack("<4f", -0.8, 0.8, 0.8, -0.8) + pose((0.0, 0.0, 0.0)) + bytes(4)
    return view + view + pose(position) + bytes(4)


def controller(position, active=True):
    """struct r_remote_controller_data: pose, velocities, curls, inputs, then 16 flags
    (hand_tracking_active, active, 11 buttons, 3 pad)."""
    data = pose(position) + struct.pack("<6f", *[0.0] * 6) + struct.pack("<5f", *[0.0] * 5)
    data += struct.pack("<fff2ff2f", *[0.0] * 8)  # trigger, squeeze, force, stick, pad force, pad
    return data + bytes([0, 1 if active else 0] + [0] * 14)


def packet(right, active=True):
    data = struct.pack("<Q", HEADER) + head(HEAD) + controller((-0.2, 0.9, -0.2)) + controller(right, active)
    assert len(data) == 376, len(data)
    return data


def segments(cycles, drop_tracking=False):
    """(seconds, from, to, tracked): rest 12 s, reach and hold, then push/pull cycles."""
    out = [(12.0, HOME, HOME, True), (1.5, HOME, REACH, True), (6.0, REACH, REACH, True), (1.5, REACH, HOME, True)]
    for i in range(cycles):
        for target in (PUSH, PULL):
            out += [(7.0, HOME, HOME, True), (1.5, HOME, target, True)]
            if drop_tracking and i == 0 and target == PUSH:
                out.append((4.0, target, target, False))
            out += [(2.5, target, target, True), (1.5, target, HOME, True)]
    out.append((3.0, HOME, HOME, True))
    return out


def lerp(a, b, f):
    f = max(0.0, min(1.0, f))
    f = f * f * (3 - 2 * f)
    return tuple(x + (y - x) * f for x, y in zip(a, b))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    cycles = int(args[0]) if args else 3
    drop_tracking = "--drop-tracking" in sys.argv[1:]
    for _ in range(120):
        try:
            conn = socket.create_connection(("127.0.0.1", 4242))
            break
        except OSError:
            time.sleep(1)
    else:
        sys.exit("no Monado remote driver on 127.0.0.1:4242")
    print("connected", flush=True)
    t0 = time.monotonic()
    start = 0.0
    for seconds, a, b, tracked in segments(cycles, drop_tracking):
        while (now := time.monotonic() - t0) < start + seconds:
            conn.sendall(packet(lerp(a, b, (now - start) / seconds), tracked))
            time.sleep(0.01)
        start += seconds
    print("script done", flush=True)


if __name__ == "__main__":
    main()
