#!/usr/bin/env python3
"""Run the gates of make check and write their results document.

    run.py --json FILE [--only GATE,...] [--fresh]   (make check SERIES=<name>)
    run.py --list

--only defaults to $CHECK_GATES (blank-separated), the gates that apply
to the series; without either, every gate runs.

Each gate is a small script of this directory that records its test cases
as JSON lines in the file $CHECK_CASES names (see record in lib.sh).  The
gates run one after the other (the machine has two cores and they share
the worktree $CHECK_DIR/linux); their output goes to
$CHECK_DIR/logs/<gate>.log.  A gate that ends without recording anything,
or with a non-zero status, gets a failing case naming that log.

The results document (make check: build/series/<name>/results/check.json)
is a stage document of suite "check" (harness.stage), which make test
counts: a test per case ("checkpatch 0001-..."), whose message ends with
its wall time.  After apply, a run on inputs identical to those of an
earlier run that passed on this machine gives that run's cases again
instead of running the gates (results_cache.py: the key, and how each
case says so); --fresh or CHECK_FRESH=1 runs them all.  Next to the
document, check.key records which patches/ a run of all the gates (no
--only) is about (scripts/series.py reuses the document only then).
Exit status: 0 if no case failed.
"""
import argparse
import fcntl
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOP = HERE.parents[1]
sys.path.insert(0, str(TOP))
from harness import stage  # noqa: E402  (the project's, found from here)
import results_cache  # noqa: E402  (beside this script)
CHK = Path(os.environ.get("CHECK_DIR", "."))     # make check sets it
LOGS = CHK / "logs"

# (gate, command, what it checks): in this order.  bisect comes before
# sparse and W=1, which then find the test kernel built at the last commit.
GATES = [
    ("apply", ["prepare.sh"], "the patches apply to the base (worktree <check dir>/linux)"),
    ("checkpatch", ["checkpatch.py"], "checkpatch.pl --strict, per patch"),
    ("codespell", ["codespell.sh"], "codespell over the patches"),
    ("debian", ["debian.sh"], "the files Debian's own patches also change"),
    ("selftests", ["selftests.sh"], "KVM selftests: -Wall -Werror, install, run_tests"),
    ("docs", ["docs.sh"], "Sphinx build of the changed documentation, vs base"),
    ("coverage", ["coverage.sh"], "builds on configs/check-*.config"),
    ("bisect", ["bisect.sh"], "each patch builds, in order"),
    ("sparse", ["sparse.sh"], "sparse on the changed files, vs base"),
    ("w1", ["w1.sh"], "W=1 build of the directories of the changed C files, vs base"),
]


def run_gate(name, command, env):
    """Run one gate; return its cases and wall time."""
    log = LOGS / f"{name}.log"
    with tempfile.NamedTemporaryFile("r", prefix=f"check-{name}-", suffix=".jsonl",
                                     delete=False) as cases_file:
        cases_path = cases_file.name
    t0 = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.run([str(HERE / command[0])] + command[1:],
                              env=dict(env, CHECK_CASES=cases_path),
                              stdout=out, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    cases = []
    with open(cases_path) as f:
        for line in f:
            if line.strip():
                cases.append(json.loads(line))
    os.unlink(cases_path)
    if proc.returncode != 0 or not cases:
        tail = log.read_text(errors="replace").strip().splitlines()[-1:] or [""]
        cases.append({"name": name, "status": "fail",
                      "message": f"gate script {command[0]} ended with status "
                                 f"{proc.returncode} after recording {len(cases)} "
                                 f"case(s): {tail[0][:300]}; see {log} ({wall:.1f} s)"})
    return cases, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("--only", help="comma-separated gates to run (apply always runs)")
    ap.add_argument("--list", action="store_true", help="list the gates")
    ap.add_argument("--fresh", action="store_true",
                    default=os.environ.get("CHECK_FRESH", "") not in ("", "0"),
                    help="run every gate, even where results_cache has the results of "
                         "a run on the same inputs (default: $CHECK_FRESH)")
    args = ap.parse_args()
    if args.list:
        for name, command, what in GATES:
            print(f"{name:11} {command[0]:15} {what}")
        return 0
    if "CHECK_DIR" not in os.environ:
        ap.error("CHECK_DIR is not set: run the gates with make check SERIES=<name>")
    wanted = args.only.split(",") if args.only else os.environ.get("CHECK_GATES", "").split()
    only = set(wanted) if wanted else None
    unknown = (only or set()) - {g[0] for g in GATES}
    if unknown:
        ap.error(f"unknown gate(s): {', '.join(sorted(unknown))} (see --list)")

    LOGS.mkdir(parents=True, exist_ok=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    # A stale document must not pass for this run's if the run is cut short.
    args.json.unlink(missing_ok=True)
    key_file = args.json.with_suffix(".key")
    key_file.unlink(missing_ok=True)
    lock = open(CHK / ".lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"check: another make check is running ({CHK}/.lock): waiting", file=sys.stderr)
        fcntl.flock(lock, fcntl.LOCK_EX)

    env = dict(os.environ)
    gates = [g for g in GATES if not only or g[0] in only or g[0] == "apply"]
    all_cases, times = [], []
    t_all = time.monotonic()
    key = kept = None
    if not args.fresh:
        try:
            key = results_cache.inputs_key([g[0] for g in gates], env)
        except RuntimeError as e:
            sys.exit(f"check: error: {e}")
        kept = results_cache.load(key, env)
    applied = True
    for name, command, what in gates:
        print(f"check: {name:11} {what} ...", file=sys.stderr, flush=True)
        # No gate builds after apply when their results are kept: no worktree
        cases, wall = run_gate(name, command,
                               dict(env, CHECK_WORKTREE="no") if kept else env)
        all_cases += cases
        times.append((name, wall))
        failed = [c for c in cases if c["status"] == "fail"]
        print(f"check: {name:11} {'FAIL' if failed else 'ok':4} "
              f"{len(cases)} case(s), {wall:.1f} s", file=sys.stderr, flush=True)
        for c in failed:
            print(f"  FAIL {c['name']}: {c['message']}", file=sys.stderr)
        if name != "apply":
            continue
        ran_before = len(all_cases)
        if failed:
            applied = False
            all_cases += [{"name": n, "status": "skip",
                           "message": "not run: the patches do not apply (0.0 s)"}
                          for n, _, _ in gates[1:]]
            break
        if kept:
            cases, when = kept
            all_cases += cases
            print(f"check: the other gates: kept results of their run at {when} on the "
                  f"same inputs ({len(cases)} case(s), key {key[:12]}; "
                  "CHECK_FRESH=1 runs them again)", file=sys.stderr, flush=True)
            break
    else:
        if key and results_cache.store(key, all_cases[ran_before:], env):
            print(f"check: results kept for a run on the same inputs (key {key[:12]})",
                  file=sys.stderr)
    total = time.monotonic() - t_all

    doc = stage.document("check", all_cases)
    stage.write(args.json, doc)
    # Only a run of all the series' gates is about the patches as a whole:
    # make series reuses the document only then (CHECK_ONLY runs fewer).
    series_key = CHK / "series.key"
    if applied and series_key.exists() and not args.only:
        key_file.write_text(series_key.read_text())
    print("check: wall time per gate: " +
          ", ".join(f"{n} {w:.0f} s" for n, w in times) + f"; total {total:.0f} s",
          file=sys.stderr)
    print(f"check: {doc['passed']} passed, {doc['failed']} failed, "
          f"{doc['skipped']} skipped; results in {args.json}", file=sys.stderr)
    return 1 if doc["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
