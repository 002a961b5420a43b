"""Judge a fix: its check fails on the base kernel and passes with it.

    python3 -m harness.regression --base DIR --series DIR --tests A,B \\
        --json FILE

DIR is the --out of a harness.matrix run (its results.json): one of the
base kernel, one of the kernel with the series, on the same machines.
For every machine and every program of --tests, one case, which passes
only if the program ran to its verdict on both kernels, failed on the
base and passed with the series, whose run must also be clean.  A
machine that did not run to the end (timeout, QEMU error, broken KTAP)
judges nothing and fails its cases, on either kernel; what the base's
kernel reported in its console (the bug's WARNING, say) is shown, and
does not stop its verdict from counting.

With --base-dies, the bug is that the base kernel does not boot: on the
base a case wants a run that ended (a timeout, QEMU's error or the
kernel's report) before any program gave a result, with the series the
same clean pass.

FILE is a stage document of make test (harness.selftest's format).
Exit status: 0 if every case passed.
"""
import argparse
import json
import sys
from pathlib import Path

from .ktap import FAIL, PASS
from .report import Case, write_stage, summary_line, totals


def load(out):
    """The machines of a matrix run by name, or None if it left no results."""
    try:
        with open(out / "results.json") as f:
            return {m["name"]: m for m in json.load(f)["machines"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


# The kind of problem (harness.qemu) that is the kernel's own report in
# its console: the symptom of a bug, not a run that did not finish
KERNEL = "kernel"


def verdict(machine_doc, program, clean):
    """(status, what it said): the program's status and its subtests'
    messages, or (None, why) where the machine gave no verdict.  clean:
    the kernel's own reports also leave no verdict."""
    if machine_doc is None:
        return None, "did not run"
    problems = [p["message"] for p in machine_doc["problems"]
                if clean or p["kind"] != KERNEL]
    if problems:
        return None, "; ".join(problems)
    for t in machine_doc["tests"]:
        if t["name"] == program:
            said = "; ".join(f"{s['name']} {s['status']}: {s['reason']}"
                             for s in t["subtests"]) or t["reason"]
            reports = [p["message"] for p in machine_doc["problems"]]
            return t["status"], "; ".join([said] + reports)
    return None, f"no {program} in its output"


# The base's verdict, with --base-dies, where it died before any result
DIED = "died"


def died(machine_doc):
    """(DIED, how) if the machine's run ended before any program's result,
    else (None, why not)."""
    if machine_doc is None:
        return None, "did not run"
    if machine_doc["tests"]:
        return None, "it ran " + ", ".join(t["name"] for t in machine_doc["tests"])
    if not machine_doc["problems"]:
        return None, "it ended with no result and no problem"
    return DIED, "; ".join(p["message"] for p in machine_doc["problems"])


def judge(base, series, programs, base_dies=False):
    names = list(dict.fromkeys(list(series) + list(base)))
    cases = []
    for m in names:
        for p in programs:
            if base_dies:
                was, was_said = died(base.get(m))
            else:
                was, was_said = verdict(base.get(m), p, clean=False)
            now, now_said = verdict(series.get(m), p, clean=True)
            message = f"without the series: {was or 'no verdict'} ({was_said}); " \
                      f"with it: {now or 'no verdict'} ({now_said})"
            ok = was == (DIED if base_dies else FAIL) and now == PASS
            cases.append(Case(m, p, "", PASS if ok else FAIL, message))
    return cases


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m harness.regression",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--series", type=Path, required=True)
    ap.add_argument("--tests", required=True, help="comma-separated programs")
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("--base-dies", action="store_true",
                    help="the bug stops the base kernel before any result")
    args = ap.parse_args(argv)
    programs = [p for p in args.tests.split(",") if p]
    runs = {}
    for kind, out in (("base", args.base), ("series", args.series)):
        runs[kind] = load(out)
        if runs[kind] is None:
            print(f"regression: no results in {out}/results.json: did the {kind} "
                  "kernel's run finish?", file=sys.stderr)
            runs[kind] = {}
    if not (runs["base"] or runs["series"]) or not programs:
        cases = [Case("regression", "results", "", FAIL,
                      f"nothing to judge in {args.base} and {args.series}")]
    else:
        cases = judge(runs["base"], runs["series"], programs, args.base_dies)
    write_stage(args.json, "regression", cases)
    for c in cases:
        print(f"{c.status.upper():4} {c.suite}: {c.test}: {c.message}")
    print(summary_line(cases))
    return 1 if totals(cases)["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
