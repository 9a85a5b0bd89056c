#!/usr/bin/env python3
"""A scripted seated patient for Monado's remote driver (manual check, see
docs/headsets.md; not part of `cargo test`, which cannot run a runtime).

Monado's remote driver (P_OVERRIDE_ACTIVE_CONFIG=remote) listens on TCP port 4242 for
`struct r_remote_data` (src/xrt/drivers/remote/r_interface.h in Monado): 376 bytes,
little-endian, the header "mndrmt3\\0", the head, then the left and right controllers.
This script connects, rests the right hand, reaches forward (the calibration), then
alternates pushes and pulls, holding each pose long enough for a runtime that draws only
a few frames a second.

Usage: monado_remote_patient.py [CYCLES] [--drop-tracking] [--questionnaire]
  CYCLES: push/pull pairs (default 3). --drop-tracking: the right controller loses
  tracking for 4 s in the middle of the first push (the session should pause, then
  resume by itself). --questionnaire: after the calibration and after the last cycle,
  answer a one-item questionnaire (tests/manual/remote-questionnaire.ron asks the
  craving slider before and after): the trigger begins, the thumbstick pushed right
  moves the choice, the trigger chooses, and again (later) confirms.
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


def controller(position, active=True, trigger=0.0, stick_x=0.0):
    """struct r_remote_controller_data: pose, velocities, curls, inputs, then 16 flags
    (hand_tracking_active, active, then system, a, b (click, touch), trigger click and
    touch, thumbstick click and touch, trackpad touch, 3 pad)."""
    data = pose(position) + struct.pack("<6f", *[0.0] * 6) + struct.pack("<5f", *[0.0] * 5)
    # trigger, squeeze, squeeze force, thumbstick (x, y), trackpad force, trackpad (x, y)
    data += struct.pack("<fff2ff2f", trigger, 0.0, 0.0, stick_x, 0.0, 0.0, 0.0, 0.0)
    pressed = 1 if trigger > 0.5 else 0
    flags = [0, 1 if active else 0, 0, 0, 0, 0, 0, 0, pressed, pressed, 0, 0, 0, 0, 0, 0]
    return data + bytes(flags)


def packet(right, active=True, trigger=0.0, stick_x=0.0):
    data = struct.pack("<Q", HEADER) + head(HEAD) + controller((-0.2, 0.9, -0.2))
    data += controller(right, active, trigger, stick_x)
    assert len(data) == 376, len(data)
    return data


def answer():
    """(seconds, from, to, tracked, trigger, stick x) answering a one-item questionnaire at
    rest, slowly enough for a runtime that draws a few frames a second."""
    rest = lambda s, trigger=0.0, stick=0.0: (s, HOME, HOME, True, trigger, stick)
    return [
        rest(5.0),  # the panel comes up, the patient reads
        rest(1.5, trigger=1.0),  # begin
        rest(1.5),
        rest(1.0, stick=0.9),  # the choice: the middle, then steps to the right
        rest(1.5),
        rest(1.5, trigger=1.0),  # choose
        rest(1.5),
        rest(1.5, trigger=1.0),  # confirm
        rest(2.0),
    ]


def segments(cycles, drop_tracking=False, questionnaire=False):
    """(seconds, from, to, tracked, trigger, stick x): rest 12 s, reach and hold, then
    push/pull cycles (with --questionnaire, answering before and after them)."""
    out = [(12.0, HOME, HOME, True), (1.5, HOME, REACH, True), (6.0, REACH, REACH, True), (1.5, REACH, HOME, True)]
    out = [s + (0.0, 0.0) for s in out]
    if questionnaire:
        out += answer()
    for i in range(cycles):
        for target in (PUSH, PULL):
            out += [(7.0, HOME, HOME, True, 0.0, 0.0), (1.5, HOME, target, True, 0.0, 0.0)]
            if drop_tracking and i == 0 and target == PUSH:
                out.append((4.0, target, target, False, 0.0, 0.0))
            out += [(2.5, target, target, True, 0.0, 0.0), (1.5, target, HOME, True, 0.0, 0.0)]
    if questionnaire:
        out += [(6.0, HOME, HOME, True, 0.0, 0.0)] + answer()
    out.append((3.0, HOME, HOME, True, 0.0, 0.0))
    return out


def lerp(a, b, f):
    f = max(0.0, min(1.0, f))
    f = f * f * (3 - 2 * f)
    return tuple(x + (y - x) * f for x, y in zip(a, b))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    cycles = int(args[0]) if args else 3
    drop_tracking = "--drop-tracking" in sys.argv[1:]
    questionnaire = "--questionnaire" in sys.argv[1:]
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
    for seconds, a, b, tracked, trigger, stick in segments(cycles, drop_tracking, questionnaire):
        while (now := time.monotonic() - t0) < start + seconds:
            conn.sendall(packet(lerp(a, b, (now - start) / seconds), tracked, trigger, stick))
            time.sleep(0.01)
        start += seconds
    print("script done", flush=True)


if __name__ == "__main__":
    main()
