"""Boot the test guest on the machines of the matrix and report.

    python3 -m harness.matrix --target v7.2 --kernel build/v7.2/kernel/vmlinux \\
        --initramfs build/v7.2/guest/initramfs.cpio \\
        --out build/v7.2/results/matrix \\
        [--machines a,b] [--jobs N] [--show-console] [--env K=V]... \\
        [--timeout S] [--qemu PATH] [--no-subtests] [--cpus N] [--icount] \\
        [--stage NAME FILE]
    python3 -m harness.matrix --list
    python3 -m harness.matrix --dry-run [--machines a,b]

The target (harness.targets) says what its kernel must answer on each
machine; the guest's probe gets that on the kernel command line.
Machines run in parallel, --jobs at a time (default: one per CPU).  Each
console goes to <out>/<machine>.log; the table, the failures and
"N passed, N failed, N skipped" go to stdout, results.json and junit.xml
to <out>.  Adding up the stages of make test is harness.summary's job.  Exit status: 0 if nothing failed, 1 if something did, 2 if
the command line or its files are wrong.
"""
import argparse
import dataclasses
import os
import shlex
import sys
import time
from pathlib import Path

from . import machines, provenance, qemu, report, targets


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python3 -m harness.matrix",
                                description="Boot the test guest on a matrix "
                                "of POWER machines under QEMU and report.")
    p.add_argument("--target", default=targets.DEFAULT,
                   help="the kernel's target (default: %(default)s)")
    p.add_argument("--kernel", type=Path)
    p.add_argument("--initramfs", type=Path)
    p.add_argument("--out", type=Path)
    p.add_argument("--machines", metavar="A,B",
                   help="machines to run (default: all; see --list)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                   help="machines run at once (default: %(default)s)")
    p.add_argument("--show-console", action="store_true",
                   help="copy the guest console to the terminal")
    p.add_argument("--timeout", type=int, metavar="S",
                   help="wall time limit of every machine, seconds "
                   "(default: each machine's own)")
    p.add_argument("--qemu", default=qemu.QEMU,
                   help="QEMU binary (default: $QEMU or %(default)s)")
    p.add_argument("--no-subtests", dest="subtests", action="store_false",
                   help="table: programs only, without their subtests")
    p.add_argument("--env", metavar="KEY=VALUE", action="append", default=[],
                   help="more guest environment for every machine, e.g. "
                   "TESTS=compat_caps_test; may be repeated")
    p.add_argument("--cpus", type=int, metavar="N",
                   help="processors of every machine (default: 1)")
    p.add_argument("--icount", action="store_true",
                   help="guest clock counts instructions (for measurements)")
    p.add_argument("--stage", nargs=2, metavar=("NAME", "FILE"),
                   help="also write the results as a make-test stage document "
                   "(harness.selftest's format) of suite NAME to FILE")
    p.add_argument("--tree", type=Path,
                   help="the kernel's source tree: its base and patches go into "
                        "the results (harness.provenance)")
    p.add_argument("--list", action="store_true", help="list the machines")
    p.add_argument("--dry-run", action="store_true",
                   help="print the QEMU command lines, run nothing")
    return p.parse_args(argv)


def list_machines(selected):
    width = max(len(m.name) for m in selected)
    for m in selected:
        default = " (default)" if m.name == machines.DEFAULT_MACHINE else ""
        print(f"{m.name:<{width}}  {m.platform:<7} levels={m.levels:#018x} hv={int(m.hv)} "
              f"pr={int(m.pr)}  {m.description}{default}")


def note(message):
    print(f"matrix: {message}", file=sys.stderr, flush=True)


def run_matrix(args, selected):
    prefix = len(selected) > 1

    def one(m):
        echo = qemu.console_echo(m.name, prefix) if args.show_console else None
        r = qemu.run(m, args.kernel, args.initramfs, args.out, qemu=args.qemu,
                     timeout=args.timeout, echo=echo)
        verdict = "ok" if r.ok else "; ".join(p.kind for p in r.problems)
        note(f"{m.name}: {verdict}, {r.wall:.1f} s")
        return r

    return qemu.run_all(one, selected, min(args.jobs, len(selected)))


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        selected = machines.select(args.machines)
        target = targets.load(args.target)
    except (machines.UnknownMachine, targets.BadTarget) as e:
        print(f"matrix: {e}", file=sys.stderr)
        return 2
    selected = [dataclasses.replace(m, env={**targets.guest_env(target, m), **m.env})
                for m in selected]
    extra = dict(e.split("=", 1) for e in args.env if "=" in e)
    if len(extra) != len(args.env):
        print("matrix: --env wants KEY=VALUE", file=sys.stderr)
        return 2
    if extra:
        selected = [dataclasses.replace(m, env={**m.env, **extra})
                    for m in selected]
    if args.cpus:
        selected = [machines.with_cpus(m, args.cpus) for m in selected]
    if args.icount:
        selected = [dataclasses.replace(
            m, qemu_args=m.qemu_args + machines.ICOUNT_QEMU_ARGS)
            for m in selected]
    if args.list:
        list_machines(selected)
        return 0
    if args.dry_run:
        for m in selected:
            print(shlex.join(qemu.command(m, args.kernel, args.initramfs,
                                          args.qemu)))
        return 0
    if args.out is None:
        print("matrix: --out is needed", file=sys.stderr)
        return 2
    for what, path in (("kernel", args.kernel), ("initramfs", args.initramfs)):
        if path is None or not path.is_file():
            print(f"matrix: {what} {path} not found (make {what})",
                  file=sys.stderr)
            return 2

    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        print(f"matrix: cannot make the directory {args.out}: {e.strerror}",
              file=sys.stderr)
        return 2
    note(f"{len(selected)} machines, {min(args.jobs, len(selected))} at a "
         f"time, consoles in {args.out}/")
    start = time.monotonic()
    try:
        runs = run_matrix(args, selected)
    except KeyboardInterrupt:
        note("interrupted: every QEMU stopped, no results written")
        return 130
    wall = time.monotonic() - start
    (args.out / "wall_s").write_text(f"{wall:.1f}\n")

    cases = report.all_cases(runs)
    made_by = provenance.describe(args.tree, qemu=args.qemu) if args.tree else None
    paths = report.write(args.out, runs, selected, cases, provenance=made_by)
    if args.stage:
        report.write_stage(Path(args.stage[1]), args.stage[0], cases, made_by)

    print()
    print(report.table(runs, cases, subtests=args.subtests))
    print()
    for line in report.failures(cases):
        print(line)
    print(f"matrix: {len(runs)} machines in {wall:.1f} s; "
          f"{paths[0]}, {paths[1]}")
    print(report.summary_line(cases))
    return 1 if report.totals(cases)["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
