"""End to end with a real VMM: the field's test matrix, under TCG.

    python3 -m harness.e2e --kernel build/v7.2/kernel/vmlinux \\
        --image build/v7.2/e2e/l1-initramfs.cpio --out build/v7.2/results/e2e \\
        --json build/v7.2/results/e2e.json [--l1s a,b] [--jobs N] [--budget S] \\
        [--case-timeout S] [--qemu PATH] [--show-console]
    python3 -m harness.e2e --image-error LOG --json FILE
    python3 -m harness.e2e --list | --dry-run

Each L1 is a pseries LPAR of the matrix (harness.machines) booted under
QEMU TCG with our kernel and the image of scripts/make-l1-image.sh:
Debian's own ppc64el QEMU, the compat-caps consumer and an L2 guest.  The
L1's /init (guest/e2e_init.c) asks the consumer which modes KVM offers,
then boots the L2 with the L1's QEMU once per case:

    0 consumer          what KVM_PPC_GET_COMPAT_CAPS reports
    1 cpu host alone    -cpu host, no max-cpu-compat
    2 consumer option   -cpu host with the option the consumer printed
    3 level below       max-cpu-compat one level below it
    4 level above       max-cpu-compat one level above it

This module reads the L1's console, finds each case's outcome (refused,
booted at a level, timed out, failed), compares it with what the L1 must
give and writes the stage's results document (harness.stage, suite
"e2e") that make test adds to its count.  Booting and stopping each L1 is
the matrix's runner (harness.qemu).  L1s run --jobs at a time; the
stage never takes more than --budget seconds of wall time: an L1 gets at
most what is left of it.  Exit status: 0 if nothing failed, 1 otherwise,
2 on a bad command line.
"""
import argparse
import dataclasses
import json
import re
import shlex
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import ktap, machines, qemu, stage
from .ktap import FAIL, PASS, SKIP

SUITE = "e2e"
DEFAULT_L1S = ("p11-p10mode-v2", "p11-p10mode-v1", "p11-v2")
DEFAULT_JOBS = 2
DEFAULT_BUDGET = 120        # seconds of wall time for the whole stage
DEFAULT_L1_TIMEOUT = 100    # seconds an L1 may take at most
DEFAULT_CASE_TIMEOUT = 25   # seconds an L2 may take, enforced in the L1
MIN_START = 15              # an L1 is not started with less budget left

LEVELS = {9: machines.CAP_POWER9, 10: machines.CAP_POWER10,
          11: machines.CAP_POWER11}
MODE_NAMES = {f"power{n}": bit for n, bit in LEVELS.items()}

CASES = (
    (0, "consumer"),
    (1, "cpu host alone"),
    (2, "consumer option"),
    (3, "level below"),
    (4, "level above"),
)

# Outcome kinds of a case.
BOOTED, REFUSED, TIMEOUT, FAILED, SKIPPED, LOST = (
    "booted", "refused", "timed out", "failed", "skipped", "not run")

# What QEMU in the L1 says when KVM refuses the guest's level: at KVM_RUN
# (the vCPU was marked invalid) or already at KVM_SET_ONE_REG.
REFUSALS = (
    ("KVM_RUN", re.compile(r"(kvm run failed .*)")),
    ("KVM_SET_ONE_REG", re.compile(
        r"qemu-system-\w+: (Unable to set CPU compatibility mode in KVM.*)")),
)
_L2_CPU = re.compile(r"^#\s*cpu\s*:\s*((POWER|Power)(\d+)[^,]*)")
# The L1 init's own lines; a kernel line that did not end may precede one.
_MARK = re.compile(r"e2e: (.*)$")
_CASE_BEGIN = re.compile(r"^case (\d+) begin ([^:]*): (.*)$")
_CASE_END = re.compile(r"^case (\d+) end (?:exit=(\d+) time=([0-9.]+)|"
                       r"timeout=(\d+)|stopped time=([0-9.]+))$")
_CASE_SKIP = re.compile(r"^case (\d+) skip ([^:]*): (.*)$")


# The L1 machines and what each must give.

@dataclass(frozen=True)
class L1:
    machine: machines.Machine

    @property
    def name(self):
        return self.machine.name

    @property
    def raw_level(self):
        """The processor's own generation: the level of -cpu powerN."""
        args = self.machine.qemu_args
        cpu = args[args.index("-cpu") + 1]
        return int(re.fullmatch(r"power(\d+)", cpu).group(1))

    @property
    def highest(self):
        """The highest level KVM in the L1 may give a guest."""
        return max((n for n, bit in LEVELS.items() if self.machine.levels & bit),
                   default=0)


def get(name):
    return L1(machines.get(name))


def select(spec):
    names = [s.strip() for s in (spec or "").split(",") if s.strip()]
    return [get(n) for n in dict.fromkeys(names or DEFAULT_L1S)]


@dataclass(frozen=True)
class Expect:
    kind: str                   # BOOTED, REFUSED or SKIPPED
    level: Optional[int] = None     # BOOTED: the level the L2 must run at
    reason: str = ""            # SKIPPED: why

    def __str__(self):
        if self.kind == BOOTED:
            return f"boots POWER{self.level}"
        return self.kind


def expectations(l1):
    """{case number: Expect} of cases 1-4 on l1."""
    top = l1.highest
    return {
        # -cpu host asks for the processor's own level
        1: (Expect(REFUSED) if l1.raw_level > top
            else Expect(BOOTED, l1.raw_level)),
        2: Expect(BOOTED, top),
        3: (Expect(BOOTED, top - 1) if top - 1 in LEVELS
            else Expect(SKIPPED, reason="no level below power9")),
        4: (Expect(REFUSED) if top + 1 in LEVELS
            else Expect(SKIPPED, reason=f"the host runs power{top}, "
                        "no level above it")),
    }


# Reading the L1's console.

@dataclass
class CaseRun:
    number: int
    name: str
    args: str = ""
    lines: list = field(default_factory=list)   # the L2 QEMU's output
    end: Optional[str] = None       # "exit", "timeout", "stopped"; None: lost
    exit_code: Optional[int] = None
    time: Optional[float] = None
    timeout: Optional[int] = None
    skip: Optional[str] = None      # the L1's reason for not running it


@dataclass
class Console:
    began: bool = False
    machine: str = ""
    cpu: str = ""
    kvm: str = ""
    qemu: str = ""                  # QEMU's --version line in the L1
    qemu_error: str = ""            # why QEMU does not run in the L1
    consumer_lines: list = field(default_factory=list)
    consumer_exit: Optional[int] = None
    consumer_timeout: bool = False
    cases: dict = field(default_factory=dict)   # number: CaseRun
    current: Optional[int] = None   # the case running when the log stops
    done: bool = False
    l1_lines: list = field(default_factory=list)    # the L1's own output

    @property
    def modes(self):
        """The modes the consumer reported, as a cap mask (None: none)."""
        for line in self.consumer_lines:
            if line.startswith("modes:"):
                return sum(MODE_NAMES.get(m, 0) for m in line.split()[1:])
        return None

    @property
    def option(self):
        for line in self.consumer_lines:
            m = re.match(r"qemu machine option: (\S+)", line)
            if m:
                return m.group(1)
        return ""


def _dedent(line):
    return line[4:] if line.startswith("    ") else line


def parse(text):
    """The Console of an L1's console log.

    The L1 kernel writes to the same console as the programs, and a printk
    can land in the middle of a line ("e2e: case 2 end ex[  4.2] KVM: ..."
    + "it=0 time=3.1"): the lines are read whole again, the L2's console
    relayed in them, indented, left as it is (ktap.console_lines).
    """
    c = Console()
    section = None      # "consumer", a CaseRun, or None (the L1 itself)
    for line, _ in ktap.console_lines(text, relayed=True):
        m = _MARK.search(line)
        if m and m.start() and line.startswith("    "):
            m = None        # relayed output that says "e2e: "
        if not m:
            if isinstance(section, CaseRun):
                section.lines.append(_dedent(line))
            elif section == "consumer":
                c.consumer_lines.append(_dedent(line).strip())
            else:
                c.l1_lines.append(line)
            continue
        mark = m.group(1).strip()
        if mark.startswith("begin"):
            c.began = True
            c.machine = mark[len("begin"):].strip()
        elif mark.startswith("cpu:"):
            c.cpu = mark[4:].strip()
        elif mark.startswith("kvm:"):
            c.kvm = mark[4:].strip()
        elif mark.startswith("qemu:"):
            c.qemu = mark[5:].strip()
        elif mark.startswith("error: qemu:"):
            c.qemu_error = mark[len("error: qemu:"):].strip()
        elif mark == "consumer: begin":
            section = "consumer"
        elif mark.startswith("consumer: end"):
            e = re.search(r"(exit|timeout)=(\d+)", mark)
            if e:
                c.consumer_timeout = e.group(1) == "timeout"
                c.consumer_exit = int(e.group(2)) if e.group(1) == "exit" else None
            section = None
        elif _CASE_BEGIN.match(mark):
            b = _CASE_BEGIN.match(mark)
            section = CaseRun(int(b.group(1)), b.group(2), b.group(3))
            c.cases[section.number] = section
            c.current = section.number
        elif _CASE_END.match(mark):
            e = _CASE_END.match(mark)
            run = c.cases.setdefault(int(e.group(1)),
                                     CaseRun(int(e.group(1)), ""))
            if e.group(2) is not None:
                run.end, run.exit_code = "exit", int(e.group(2))
                run.time = float(e.group(3))
            elif e.group(4) is not None:
                run.end, run.timeout = "timeout", int(e.group(4))
            else:
                run.end, run.time = "stopped", float(e.group(5))
            section, c.current = None, None
        elif _CASE_SKIP.match(mark):
            s = _CASE_SKIP.match(mark)
            c.cases[int(s.group(1))] = CaseRun(int(s.group(1)), s.group(2),
                                               skip=s.group(3))
        elif mark == "done":
            c.done = True
            section, c.current = None, None
        else:
            c.l1_lines.append(line)
    return c


@dataclass
class Outcome:
    kind: str
    level: Optional[int] = None
    message: str = ""
    where: str = ""         # REFUSED: the ioctl that failed
    time: Optional[float] = None

    def __str__(self):
        """Short, for the table."""
        if self.kind == BOOTED:
            took = f" ({self.time:.1f} s)" if self.time is not None else ""
            return f"booted POWER{self.level}{took}"
        if self.kind == REFUSED:
            return f"refused at {self.where}"
        return self.kind


def outcome(run):
    """What happened to one case, from its part of the console."""
    if run.skip is not None:
        return Outcome(SKIPPED, message=run.skip)
    for line in run.lines:
        for where, pattern in REFUSALS:
            m = pattern.search(line)
            if m:
                return Outcome(REFUSED, where=where,
                               message=f"refused: {m.group(1).strip()}")
    problems = qemu.kernel_problems(run.lines)
    cpu = next((m for m in map(_L2_CPU.match, (l.strip() for l in run.lines))
                if m), None)
    powered_off = any("reboot: Power down" in line for line in run.lines)
    took = f", {run.time:.1f} s" if run.time is not None else ""
    if problems:
        kind, number, line = problems[0]
        return Outcome(FAILED, message=f"L2 kernel {kind}: {line}")
    if cpu and powered_off and run.end == "exit" and run.exit_code == 0:
        return Outcome(BOOTED, int(cpu.group(3)),
                       f"booted at {cpu.group(1)}{took}", time=run.time)
    if run.end == "timeout":
        seen = f"; the L2 got as far as '{cpu.group(1)}'" if cpu else ""
        return Outcome(TIMEOUT, message=f"timed out after {run.timeout} s: "
                       f"the L2 hung or QEMU did not exit{seen}")
    if run.end is None:
        return Outcome(LOST, message="the L1 stopped during this case")
    said = qemu.qemu_messages(run.lines)
    how = (f"QEMU exited with status {run.exit_code}" if run.end == "exit"
           else "QEMU was stopped")
    return Outcome(FAILED, message=how + (f": {said[-1]}" if said else
                                         ": no L2 cpu line, no refusal"))


# Judging an L1's run.

@dataclass
class L1Run:
    name: str
    log: Path
    command: list
    wall: float = 0.0
    exit_code: Optional[int] = None
    timed_out: bool = False
    timeout: Optional[float] = None
    error: str = ""         # could not run at all
    console: Optional[Console] = None


@dataclass
class Result:
    l1: str
    number: int
    case: str
    status: str
    message: str
    outcome: str = ""       # for the table
    expected: str = ""

    @property
    def name(self):
        if self.number is None:
            return f"{self.l1}: {self.case}"
        return f"{self.l1}: {self.number} {self.case}"


def l1_problem(run):
    """The one reason an L1 did not give its cases a chance, or ""."""
    c = run.console
    see = f"(see {run.log})"
    if run.error:
        return f"{run.error} {see}"
    lines = c.l1_lines if c else []
    for kind, number, line in qemu.kernel_problems(lines):
        return f"L1 kernel {kind}: {line} {see}"
    if run.timed_out and not (c and c.done):
        where = (f"during case {c.current}" if c and c.current is not None
                 else "in the consumer" if c and c.consumer_lines and
                 c.consumer_exit is None
                 else "before its /init ran" if not (c and c.began)
                 else "after its last case")
        return f"L1 hung: killed after {run.timeout:.0f} s {where} {see}"
    if not c or not c.began:
        said = qemu.qemu_messages(lines)
        return ("the L1 never ran its /init"
                + (f": QEMU exited with status {run.exit_code}" if run.exit_code
                   else "") + (f": {said[-1]}" if said else "") + f" {see}")
    if c.kvm != "present":
        return f"no /dev/kvm in the L1: {c.kvm or 'not reported'} {see}"
    if c.qemu_error:
        return f"QEMU does not run in the L1 image: {c.qemu_error} {see}"
    if not c.done:
        return ("the L1 stopped before the end of its cases"
                + (f" (QEMU exit status {run.exit_code})" if run.exit_code else "")
                + f" {see}")
    return ""


def judge(l1, run):
    """The Results of one L1's run: one per case, plus (L1) if it failed."""
    c = run.console or Console()
    problem = l1_problem(run)
    results = []
    if problem:
        results.append(Result(l1.name, None, "(L1)", FAIL, problem,
                              outcome="L1 failed", expected="runs"))
    see = f" (see {run.log})"
    not_run = f"not run: the L1 failed, see '{l1.name}: (L1)'"

    # 0: the consumer
    want = f"{machines.levels_text(l1.machine.levels)}, max-cpu-compat=power{l1.highest}"
    if c.consumer_exit is None and not c.consumer_lines:
        r = Result(l1.name, 0, "consumer", FAIL,
                   not_run if problem else "no consumer output" + see,
                   outcome=LOST)
    else:
        modes = c.modes
        said = [line for line in c.consumer_lines if line]
        got = (f"{machines.levels_text(modes)}, {c.option or 'no option'}"
               if modes is not None else
               next((line for line in said if "error" in line),
                    said[-1] if said else f"exit status {c.consumer_exit}"))
        ok = (c.consumer_exit == 0 and modes == l1.machine.levels and
              c.option == f"max-cpu-compat=power{l1.highest}")
        r = Result(l1.name, 0, "consumer", PASS if ok else FAIL,
                   got if ok else f"expected {want}, got {got}{see}",
                   outcome=got)
    r.expected = want
    results.append(r)

    for number, name in CASES[1:]:
        expect = expectations(l1)[number]
        run_ = c.cases.get(number)
        if run_ is None:
            message = not_run if problem else "not run: the L1 skipped it" + see
            results.append(Result(l1.name, number, name, FAIL, message,
                                  outcome=LOST, expected=str(expect)))
            continue
        got = outcome(run_)
        shown = str(got)
        if got.kind == LOST and problem:
            status, message = FAIL, not_run.replace("not run", "interrupted")
        elif expect.kind == SKIPPED and got.kind == SKIPPED:
            status, message = SKIP, got.message
        elif got.kind == expect.kind and got.level == expect.level:
            status, message = PASS, got.message
        else:
            status = FAIL
            message = f"expected {expect}, got {got.message or got.kind}{see}"
        results.append(Result(l1.name, number, name, status, message,
                              outcome=shown, expected=str(expect)))
    return results


def document(results):
    """The results document of the stage (harness.stage), suite "e2e"."""
    return stage.document(SUITE, [{"name": r.name, "status": r.status,
                                   "message": r.message} for r in results])


def image_error_document(log):
    """The document of a stage whose L1 image could not be built."""
    try:
        lines = Path(log).read_text(errors="replace").splitlines()
    except OSError:
        lines = []
    errors = [line.strip() for line in lines if "error:" in line]
    cause = errors[-1] if errors else (lines[-1].strip() if lines
                                       else "the image build failed")
    return document([Result("e2e", None, "(image)", FAIL,
                            f"the L1 image could not be built: {cause} "
                            f"(see {log})")])


def table(results):
    """The field's table: L1 x case -> outcome, expected, verdict."""
    def cell(text, width=48):
        return text if len(text) <= width else text[:width - 3] + "..."

    rows = [("L1", "case", "outcome", "expected", "result")]
    for r in results:
        rows.append((r.l1, r.case if r.number is None else f"{r.number} {r.case}",
                     cell(r.outcome or r.status), cell(r.expected),
                     r.status.upper()))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in
                               zip(row, widths + [0])).rstrip() for row in rows)


# Running the L1s.

def command(l1, kernel, image, qemu_bin, case_timeout):
    """The matrix's command line of the L1's machine, with the L1 image
    and what its /init needs.  No -icount: the bounded waits of the stage
    are wall time, in the L1 too."""
    machine = dataclasses.replace(l1.machine, env={
        "E2E_MACHINE": l1.name, "E2E_CASE_TIMEOUT": case_timeout})
    return qemu.command(machine, kernel, image, qemu_bin)


def run_l1(l1, kernel, image, out, qemu_bin, timeout, case_timeout, echo=None):
    """Boot an L1, wait at most timeout seconds; return its L1Run."""
    cmd = command(l1, kernel, image, qemu_bin, case_timeout)
    r = L1Run(l1.name, Path(out) / f"{l1.name}.log", cmd, timeout=timeout)
    console = qemu.run_console(cmd, r.log, timeout, echo, who="e2e")
    if console.error:
        r.error = (f"cannot run {qemu_bin} (the L0): {console.error.strerror}; "
                   "install qemu-system-ppc >= 10 (scripts/setup.sh)")
        return r
    r.exit_code, r.timed_out, r.wall = (console.exit_code, console.timed_out,
                                        console.wall)
    r.console = parse(r.log.read_text(errors="replace"))
    return r


def note(message):
    print(f"e2e: {message}", file=sys.stderr, flush=True)


def run_all(args, l1s):
    """Run the L1s --jobs at a time within the stage's budget."""
    deadline = time.monotonic() + args.budget

    def one(l1):
        left = deadline - time.monotonic()
        if left < MIN_START:
            r = L1Run(l1.name, args.out / f"{l1.name}.log", [])
            r.error = (f"not started: {left:.0f} s of the stage's "
                       f"{args.budget} s budget left")
            return r
        timeout = min(args.l1_timeout, left)
        r = run_l1(l1, args.kernel, args.image, args.out, args.qemu, timeout,
                   args.case_timeout,
                   echo=qemu.console_echo(l1.name, True) if args.show_console
                   else None)
        problem = l1_problem(r)
        note(f"{l1.name}: {'ok' if not problem else problem}, {r.wall:.1f} s")
        return r

    jobs = max(1, min(args.jobs, len(l1s)))
    return qemu.run_all(one, l1s, jobs)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python3 -m harness.e2e",
                                description=__doc__.splitlines()[0])
    p.add_argument("--kernel", type=Path,
                   default=Path("build/v7.2/kernel/vmlinux"))
    p.add_argument("--image", type=Path,
                   default=Path("build/v7.2/e2e/l1-initramfs.cpio"))
    p.add_argument("--out", type=Path, default=Path("build/v7.2/results/e2e"))
    p.add_argument("--json", type=Path, metavar="FILE",
                   help="write the results document there")
    p.add_argument("--l1s", metavar="A,B",
                   help="L1 machines (default: " + ",".join(DEFAULT_L1S) + ")")
    p.add_argument("--jobs", "-j", type=int, default=DEFAULT_JOBS)
    p.add_argument("--budget", type=int, default=DEFAULT_BUDGET,
                   help="wall seconds for the whole stage (default: %(default)s)")
    p.add_argument("--l1-timeout", type=int, default=DEFAULT_L1_TIMEOUT)
    p.add_argument("--case-timeout", type=int, default=DEFAULT_CASE_TIMEOUT,
                   help="wall seconds an L2 may take (default: %(default)s)")
    p.add_argument("--qemu", default=qemu.QEMU)
    p.add_argument("--show-console", action="store_true")
    p.add_argument("--image-error", type=Path, metavar="LOG",
                   help="the image build failed, its log is LOG: only write "
                   "the results document saying so")
    p.add_argument("--list", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.image_error:
        doc = image_error_document(args.image_error)
        if args.json:
            stage.write(args.json, doc)
        print(f"e2e: error: {doc['tests'][0]['message']}")
        print("e2e: 0 passed, 1 failed, 0 skipped")
        return 1
    try:
        l1s = select(args.l1s)
    except machines.UnknownMachine as e:
        print(f"e2e: {e}", file=sys.stderr)
        return 2
    if args.list:
        for l1 in l1s:
            print(f"{l1.name:<16} {l1.machine.description}; modes "
                  f"{machines.levels_text(l1.machine.levels)}")
        return 0
    if args.dry_run:
        for l1 in l1s:
            print(shlex.join(command(l1, args.kernel, args.image, args.qemu,
                                     args.case_timeout)))
        return 0

    results = []
    missing = [(what, path) for what, path in
               (("kernel", args.kernel), ("L1 image", args.image))
               if not path.is_file()]
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    if missing:
        for what, path in missing:
            results.append(Result("e2e", None, f"({what})", FAIL,
                                  f"{what} {path} not found (make e2e builds it)"))
        runs = []
    else:
        note(f"{len(l1s)} L1s, {min(args.jobs, len(l1s))} at a time, "
             f"{args.budget} s budget, consoles in {args.out}/")
        try:
            runs = run_all(args, l1s)
        except KeyboardInterrupt:
            note("interrupted: every QEMU stopped, no results written")
            return 130
        for l1, r in zip(l1s, runs):
            results += judge(l1, r)
    wall = time.monotonic() - start

    doc = document(results)
    if args.json:
        stage.write(args.json, doc)
    details = {
        "wall_s": round(wall, 1),
        "l1s": [{"name": r.name, "log": str(r.log), "command": r.command,
                 "wall_s": round(r.wall, 1), "exit_code": r.exit_code,
                 "timed_out": r.timed_out,
                 "cpu": r.console.cpu if r.console else "",
                 "qemu": r.console.qemu if r.console else ""} for r in runs],
        "results": [{"name": r.name, "status": r.status, "outcome": r.outcome,
                     "expected": r.expected, "message": r.message}
                    for r in results],
    }
    (args.out / "details.json").write_text(json.dumps(details, indent=2) + "\n")

    print()
    print(table(results))
    print()
    for r in results:
        if r.status == FAIL:
            print(f"FAIL {r.name}: {r.message}")
    for r in runs:
        print(f"e2e: {r.name}: {r.wall:.1f} s, {r.log}")
    print(f"e2e: stage {wall:.1f} s wall" +
          (f"; {args.json}" if args.json else ""))
    print(f"e2e: {doc['passed']} passed, {doc['failed']} failed, "
          f"{doc['skipped']} skipped")
    return 1 if doc["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
