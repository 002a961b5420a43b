"""Our tests on pristine mainline Linux 7.3, side by side with our series.

    python3 -m harness.compare MAINLINE_RESULTS [--ours OUR_RESULTS]
        [--stage FILE] [--markdown]

MAINLINE_RESULTS and OUR_RESULTS are results.json files of harness.matrix
runs of the same test programs.  On mainline, the selftests must pass on
every machine with KVM-HV where mainline answers KVM_PPC_GET_COMPAT_CAPS
and skip everywhere else (machines.Machine.mainline_answers): they test
the interface, and skip where the kernel does not offer it.  The
harness's probe, which checks the answer our series gives each machine,
must pass where mainline answers and fail where it does not: a failure
there is exactly where the series goes beyond mainline, and a pass would
mean it does not.  Prints the side-by-side table; --stage writes the
verdicts as a make-test stage document.  Exit status: 0 if mainline
behaved as expected.
"""
import argparse
import json
import sys
from pathlib import Path

from . import bench, machines

PROBE = "compat_caps_probe"
PROGRAMS = (PROBE, "compat_caps_test", "arch_compat_test")
SUITE = "mainline"


def load(path):
    with open(path) as f:
        return {m["name"]: m for m in json.load(f)["machines"]}


def program_status(machine_result, program):
    """pass/fail/skip of one program on one machine, "-" if it did not run."""
    if machine_result is None:
        return "-"
    if machine_result["problems"]:
        return "fail"
    for t in machine_result["tests"]:
        if t["name"] == program:
            return t["status"]
    return "-"


def expected_on_mainline(machine, program):
    """What a program must do on mainline 7.3 on a machine, and why."""
    if program == PROBE:
        if machine.mainline_answers:
            return "pass", "mainline answers here"
        return "fail", "mainline does not answer here: the series goes beyond it"
    if machine.hv and machine.mainline_answers:
        return "pass", "mainline answers for KVM-HV VMs here"
    return "skip", "mainline does not answer here: the selftests skip"


def verdicts(mainline):
    """(name, status, message) of each machine × program on mainline."""
    for name, result in mainline.items():
        machine = machines.get(name)
        for program in PROGRAMS:
            got = program_status(result, program)
            want, why = expected_on_mainline(machine, program)
            status = "pass" if got == want else "fail"
            yield (f"{name}: {program}", status,
                   f"on 7.3: {got}, expected {want} ({why})")


def table(mainline, ours, markdown=False):
    head = ["machine"] + [f"{p} (ours / 7.3)" for p in PROGRAMS]
    rows = []
    for name in mainline:
        row = [name]
        for program in PROGRAMS:
            mine = program_status(ours.get(name), program) if ours else "?"
            row.append(f"{mine.upper()} / {program_status(mainline[name], program).upper()}")
        rows.append(row)
    return bench.render(head, rows, markdown)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m harness.compare")
    p.add_argument("mainline", type=Path)
    p.add_argument("--ours", type=Path)
    p.add_argument("--stage", type=Path, metavar="FILE")
    p.add_argument("--markdown", action="store_true")
    args = p.parse_args(argv)

    try:
        mainline = load(args.mainline)
        ours = load(args.ours) if args.ours and args.ours.is_file() else None
        results = list(verdicts(mainline))
    except (OSError, ValueError, KeyError, machines.UnknownMachine) as e:
        print(f"compare: cannot read the results: {e}", file=sys.stderr)
        return 2

    print(table(mainline, ours, args.markdown))
    for name, status, message in results:
        if status != "pass":
            print(f"FAIL mainline {name}: {message}")
    failed = sum(s != "pass" for _, s, _ in results)
    print(f"compare: mainline 7.3 behaved as expected on "
          f"{len(results) - failed} of {len(results)} machine x program")
    if args.stage:
        doc = {"suite": SUITE, "passed": len(results) - failed,
               "failed": failed, "skipped": 0,
               "tests": [{"name": n, "status": s, "message": m}
                         for n, s, m in results]}
        args.stage.parent.mkdir(parents=True, exist_ok=True)
        args.stage.write_text(json.dumps(doc, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
