"""The results document of a stage of make test: its one format.

Every stage (the harness's own tests, a series' gates, a target's matrix,
debug kernel, bench, e2e and regression check) writes one document, and
harness.summary counts them all:

    {
      "suite": "check",
      "passed": N, "failed": N, "skipped": N,
      "provenance": {...},          (harness.provenance; optional)
      "tests": [{"name": "checkpatch 0001-...", "status": "pass",
                 "message": "why it failed or was skipped, or empty"}]
    }

status is one of pass, fail, skip.  A document that is missing or does
not have this form counts as a failure of its stage: load() returns None.
"""
import json
from pathlib import Path

PASS, FAIL, SKIP = "pass", "fail", "skip"
STATUSES = (PASS, FAIL, SKIP)


def document(suite, tests, provenance=None):
    """The document of tests, a list of {"name", "status", "message"}."""
    count = {s: sum(t["status"] == s for t in tests) for s in STATUSES}
    doc = {"suite": suite, "passed": count[PASS], "failed": count[FAIL],
           "skipped": count[SKIP]}
    if provenance is not None:
        doc["provenance"] = provenance
    doc["tests"] = [{"name": t["name"], "status": t["status"],
                     "message": t.get("message", "")} for t in tests]
    return doc


def write(path, doc):
    """Write doc to path whole or not at all (a reader never sees half)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2) + "\n")
    tmp.replace(path)


def load(path):
    """The document at path, or None if it is missing or malformed."""
    try:
        with open(path) as f:
            doc = json.load(f)
        if all(t["status"] in STATUSES for t in doc["tests"]):
            return doc
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None
