"""Receives vr-aat's two Lab Streaming Layer streams with pylsl, the reference client
(its wheel ships liblsl), until the session's last marker, and writes what arrived as
JSON: the markers with their LSL time stamps and the LSL time each arrived, the pose
stream's description and every pose sample's time stamp and values.

Usage: python receive_lsl.py OUT.json TIMEOUT_S   (tests/it/lab_streaming.rs)
"""

import json
import sys
import time

import pylsl

out_path, timeout = sys.argv[1], float(sys.argv[2])


def inlet(name):
    found = pylsl.resolve_byprop("name", name, timeout=timeout)
    if not found:
        sys.exit(f"no LSL stream named {name} within {timeout} s")
    i = pylsl.StreamInlet(found[0], max_buflen=360)
    i.open_stream(timeout=timeout)
    return i


markers_in = inlet("vr-aat-markers")
pose_in = inlet("vr-aat-pose")
info = pose_in.info(timeout=timeout)
channels = []
ch = info.desc().child("channels").child("channel")
while not ch.empty():
    channels.append({"label": ch.child_value("label"), "type": ch.child_value("type"), "unit": ch.child_value("unit")})
    ch = ch.next_sibling()
marker_info = markers_in.info(timeout=timeout)

markers, pose = [], []
deadline = time.monotonic() + 600
ended_at = None
while time.monotonic() < deadline:
    sample, ts = markers_in.pull_sample(timeout=0.01)
    if sample is not None:
        markers.append({"ts": ts, "received": pylsl.local_clock(), "text": sample[0]})
        if json.loads(sample[0]).get("event") == "session_ended":
            ended_at = time.monotonic()
    values, stamps = pose_in.pull_chunk(timeout=0.0)
    pose.extend({"ts": t, "values": v} for t, v in zip(stamps, values))
    # The pose samples sent before the last marker arrive within a moment of it.
    if ended_at is not None and time.monotonic() - ended_at > 1.0:
        break

with open(out_path, "w") as f:
    json.dump(
        {
            "markers": markers,
            "marker_stream": {
                "type": marker_info.type(),
                "source_id": marker_info.source_id(),
                "channel_count": marker_info.channel_count(),
                "format": marker_info.channel_format(),
                "nominal_srate": marker_info.nominal_srate(),
            },
            "pose_stream": {
                "type": info.type(),
                "source_id": info.source_id(),
                "channel_count": info.channel_count(),
                "nominal_srate": info.nominal_srate(),
                "channels": channels,
            },
            "pose": pose,
        },
        f,
    )
