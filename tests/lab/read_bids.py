"""Reads a BIDS dataset back with pybids (tests/it/bids_export.rs) and prints what it
found as JSON: subjects, sessions, tasks, each file kind's files, the first motion
file's sidecar and each beh file's rows."""

import json
import sys

from bids import BIDSLayout

layout = BIDSLayout(sys.argv[1])


def names(**query):
    return sorted(f.filename for f in layout.get(extension=".tsv", **query))


motion = layout.get(suffix="motion", extension=".tsv")
meta = motion[0].get_metadata() if motion else {}
print(
    json.dumps(
        {
            "subjects": sorted(layout.get_subjects()),
            "sessions": sorted(layout.get_sessions()),
            "tasks": layout.get_tasks(),
            "beh": names(suffix="beh"),
            "events": names(suffix="events"),
            "motion": names(suffix="motion"),
            "channels": names(suffix="channels"),
            "motion_sampling_frequency": meta.get("SamplingFrequency"),
            "motion_task": meta.get("TaskName"),
            "beh_rows": {f.filename: len(f.get_df()) for f in layout.get(suffix="beh", extension=".tsv")},
            "rt_units": layout.get(suffix="beh", extension=".tsv")[0].get_metadata().get("rt", {}).get("Units"),
        }
    )
)
