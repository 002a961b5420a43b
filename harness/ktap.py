"""Parse the KTAP a test guest prints on its console.

The guest's /init prints

    KTAP version 1
    # kernel: ...                     (what the machine looks like)
    1..N
        TAP version 13                (each program's own output, nested
        1..M                           four spaces in)
        ok 1 subtest
        not ok 2 subtest # reason
    ok 1 program # time=0.12s         (init's verdict on the program)
    not ok 2 program # exit=1
    ok 3 program # SKIP

Any level may nest further, the KTAP way: a test's subtests come before
its result line, four spaces deeper.  A console log also holds firmware
and kernel output: everything before the first top-level header is
ignored, and printk lines ("[    1.234] ...") are dropped wherever they
fall, even in the middle of a line.

parse() returns a Log, the tree of results.  A log without any KTAP header
raises NoKtap (the guest never ran /init).  Everything the log says that
does not add up, a missing plan, a plan the results do not match, a test
whose output stops before its result line (the guest died), lands in the
errors of the Log or of the Test it concerns: callers count those as
failures, so a crash half-way is never a pass.
"""
import re
from dataclasses import dataclass, field
from typing import Optional

PASS, FAIL, SKIP = "pass", "fail", "skip"

INDENT = 4
MAX_CUT = 8     # printk lines a cut line may be joined across

_HEADER = re.compile(r"^(?:K|T)TAP version (\d+)\s*$")
_PLAN = re.compile(r"^1\.\.(\d+)\s*(?:#\s*(.*))?$")
_RESULT = re.compile(r"^(not ok|ok)\b(?:\s+(\d+))?(?:\s+-)?\s*(.*)$")
_DIRECTIVE = re.compile(r"^(SKIP|TODO|XFAIL|TIMEOUT)\b[:\s]*(.*)$", re.I)
_TIME = re.compile(r"\btime=([0-9.]+)s\b")
# "[    1.234567]" of printk, with "[    T1]" or "[    C0]" after it where
# the kernel has PRINTK_CALLER (distribution configurations, defconfigs);
# "[    0.005426478,5]" of skiboot.
TIMESTAMP = r"\[\s*\d+\.\d{6,9}(?:,\d)?\](?:\[\s*[CT]\d+\])?"
_PRINTK = re.compile(TIMESTAMP)
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]")


class NoKtap(Exception):
    """The log holds no KTAP header: the guest never ran its tests."""


@dataclass
class Test:
    number: int
    name: str
    status: str                 # PASS, FAIL or SKIP
    reason: str = ""            # what follows '#' on the result line
    time: Optional[float] = None                    # "# time=1.23s"
    plan: Optional[int] = None                      # of its subtests
    subtests: list = field(default_factory=list)
    diagnostics: list = field(default_factory=list)  # '#' and other lines
    errors: list = field(default_factory=list)       # output not adding up


@dataclass
class Log:
    version: int
    plan: Optional[int] = None
    tests: list = field(default_factory=list)
    preamble: list = field(default_factory=list)     # '#' lines before plan
    diagnostics: list = field(default_factory=list)  # '#' lines after it
    errors: list = field(default_factory=list)

    @property
    def complete(self):
        return not self.errors


class _Block:
    """The lines of one level being collected: a plan, results, notes."""

    def __init__(self):
        self.plan = None
        self.plan_reason = ""
        self.tests = []
        self.preamble = []
        self.diagnostics = []
        self.errors = []

    def empty(self):
        return (self.plan is None and not self.tests and not self.preamble
                and not self.diagnostics)

    def check(self, complete=True):
        """What does not add up in this level's plan and results."""
        errors = list(self.errors)
        if self.tests and self.plan is None:
            errors.append(f"{len(self.tests)} results but no plan")
        if self.plan is not None and len(self.tests) != self.plan:
            missing = self.plan - len(self.tests)
            if missing > 0:
                errors.append(f"planned {self.plan} tests, got {len(self.tests)}: "
                              f"{missing} missing" +
                              ("" if complete else " (output stopped)"))
            else:
                errors.append(f"planned {self.plan} tests, got {len(self.tests)}")
        for i, t in enumerate(self.tests, 1):
            if t.number != i:
                errors.append(f"test '{t.name}' is number {t.number}, expected {i}")
                break
        return errors


def console_lines(text, relayed=False):
    """The console's lines, whole again: [(line, is_printk)].

    A printk that cut a line in two is taken out as a line of its own and
    the two halves joined again: "    ok 1 fo[    1.2] msg" + "o" gives
    "[    1.2] msg" and "    ok 1 foo".  A half line is kept apart rather
    than joined across more than MAX_CUT printk lines or to a KTAP header:
    it was not a cut line but one that never ended (firmware and kernel
    write those too).  \r and escape sequences are dropped.

    relayed: the console also carries another kernel's console, indented
    (an L1 relaying its L2's): a timestamp after nothing but indentation
    begins such a relayed line, not a printk that cut one.
    """
    lines = []
    carry, cut = "", 0
    for line in text.replace("\r", "").split("\n"):
        line = _ESCAPE.sub("", line)
        m = next((m for m in _PRINTK.finditer(line)
                  if not relayed or line[:m.start()].strip()
                  or not line[:m.start()]), None)
        if m:
            if carry:
                cut += 1
            carry += line[:m.start()]
            lines.append((line[m.start():], True))
            if cut > MAX_CUT:
                lines.append((carry, False))
                carry, cut = "", 0
            continue
        if carry and _HEADER.match(line.strip()):
            lines.append((carry, False))
            carry = ""
        lines.append((carry + line, False))
        carry, cut = "", 0
    if carry:
        lines.append((carry, False))
    return lines


def clean_lines(text):
    """The console's lines without printk lines (see console_lines)."""
    return [line for line, printk in console_lines(text) if not printk]


def _split(line):
    """(depth, text) of a line indented by INDENT spaces a level."""
    spaces = len(line) - len(line.lstrip(" "))
    depth = spaces // INDENT
    return depth, line[depth * INDENT:].strip()


def _result(match):
    verdict, number, rest = match.groups()
    name, _, comment = rest.partition("#")
    name, comment = name.strip(), comment.strip()
    status = PASS if verdict == "ok" else FAIL
    d = _DIRECTIVE.match(comment)
    if d and d.group(1).upper() in ("SKIP", "TODO"):
        status = SKIP
    t = _TIME.search(comment)
    return Test(number=int(number) if number else 0, name=name,
                status=status, reason=comment,
                time=float(t.group(1)) if t else None)


def _adopt(test, block):
    """Make a finished deeper block the subtests of test."""
    test.plan = block.plan
    test.subtests = block.tests
    test.diagnostics = block.preamble + block.diagnostics
    test.errors = block.check()
    # "1..0 # SKIP why" says why a program that init saw skip skipped.
    d = _DIRECTIVE.match(block.plan_reason)
    if test.status == SKIP and test.reason.upper() == "SKIP" and d:
        test.reason = f"SKIP {d.group(2)}".strip()


def _find_header(lines):
    for i, line in enumerate(lines):
        m = _HEADER.match(line.strip())
        if m and not line.startswith(" "):
            return i, int(m.group(1))
    raise NoKtap("no KTAP header in the log: the guest never ran its tests")


def parse(text):
    """The Log of a console log's text; raises NoKtap if it has none."""
    lines = clean_lines(text)
    start, version = _find_header(lines)
    blocks = {0: _Block()}

    for line in lines[start + 1:]:
        depth, body = _split(line)
        if not body:
            continue
        block = blocks.setdefault(depth, _Block())

        m = _RESULT.match(body)
        if m:
            test = _result(m)
            if not test.number:
                test.number = len(block.tests) + 1
            deeper = [d for d in blocks if d > depth]
            child = blocks.pop(depth + 1, None)
            if child:
                _adopt(test, child)
            for d in deeper:
                orphan = blocks.pop(d, None)
                if orphan and not orphan.empty():
                    test.errors.append(f"output nested {d - depth} levels deep "
                                       "without a result line")
            block.tests.append(test)
            continue

        m = _PLAN.match(body)
        if m and block.plan is None:
            block.plan = int(m.group(1))
            block.plan_reason = (m.group(2) or "").strip()
            continue
        if _HEADER.match(body):
            continue
        if body.startswith("Bail out!"):
            block.errors.append(body)
        note = body[1:].strip() if body.startswith("#") else body
        if block.plan is None and not block.tests:
            block.preamble.append(note)
        else:
            block.diagnostics.append(note)

    top = blocks.pop(0)
    log = Log(version=version, plan=top.plan, tests=top.tests,
              preamble=top.preamble, diagnostics=top.diagnostics)
    running = [b for d, b in sorted(blocks.items()) if not b.empty()]
    if running:
        log.errors.append(f"the output of test {len(top.tests) + 1} stops "
                          "before its result line (guest died or hung?)")
    if top.plan is None and not top.tests:
        log.errors.append("no plan line: the guest stopped before running tests")
    log.errors.extend(top.check(complete=not running))
    return log


def walk(tests, depth=0):
    """Every test of a tree and its depth, parents first."""
    for t in tests:
        yield t, depth
        yield from walk(t.subtests, depth + 1)
