"""Validates FHIR R4 transaction Bundles with an independent implementation: the R4B
models of the Python package fhir.resources (PyPI). R4B shares R4's Patient, Procedure,
Observation, Device and Bundle. Used by tests/fhir_export.rs.

Usage: python3 validate.py BUNDLE.json...
Exit 0: every file is a valid Bundle; prints one line per file with its resource counts.
Exit 1: a file is not valid (the validator's message names the element).
Exit 3: fhir.resources is not installed.
"""
import json
import sys

try:
    from fhir.resources.R4B.bundle import Bundle
except ImportError as e:
    print(f"fhir.resources is not installed: {e}", file=sys.stderr)
    sys.exit(3)

ok = True
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if data.get("resourceType") != "Bundle":
        print(f"{path}: resourceType is {data.get('resourceType')!r}, expected 'Bundle'", file=sys.stderr)
        ok = False
        continue
    try:
        bundle = Bundle.model_validate(data)
    except Exception as e:  # pydantic's ValidationError names the element path
        print(f"{path}: {e}", file=sys.stderr)
        ok = False
        continue
    counts = {}
    for entry in bundle.entry or []:
        kind = type(entry.resource).__name__
        counts[kind] = counts.get(kind, 0) + 1
    summary = " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    print(f"{path}: valid {bundle.type} {summary}")
sys.exit(0 if ok else 1)
