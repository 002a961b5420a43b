"""Report the results of a matrix run.

Every result is first made a Case: one subtest of one program on one
machine (or the program itself when it has no subtests), plus one failing
case for each problem of the harness (a machine that timed out, panicked,
printed no KTAP...) and for each program whose verdict its subtests do not
explain (it crashed after its last subtest, its plan did not add up).
The table, results.json, junit.xml and the final count are all made from
the same cases, so they always agree.

results.json:
    {
      "summary": {"passed": N, "failed": N, "skipped": N},
      "machines": [
        {"name", "description", "log", "command": [...],
         "wall_s", "boot_s", "exit_code", "timed_out",
         "status": "pass" | "fail",
         "problems": [{"kind", "message"}],
         "info": {"cpu": ..., "/dev/kvm": ..., ...},
         "tests": [{"number", "name", "status", "reason", "time_s",
                    "diagnostics": [...], "errors": [...],
                    "subtests": [<same, recursively>]}]}
      ],
      "stages": [<each --results document, or null if it was unreadable>],
      "cases": [{"suite", "test", "subtest", "status", "message"}]
    }
"""
import json
import re
from pathlib import Path
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

from . import stage
from .ktap import FAIL, PASS, SKIP, walk
HARNESS = "(harness)"    # the test of a machine's harness-level failures


@dataclass
class Case:
    suite: str          # machine name, or a stage's suite (results document)
    test: str           # program name, or HARNESS
    subtest: str        # subtest name, or "" for the program itself
    status: str
    message: str = ""
    output: str = ""
    time: float = 0.0   # seconds, where the guest measured it

    @property
    def name(self):
        return f"{self.test}/{self.subtest}" if self.subtest else self.test


def program_cases(machine, prog):
    """The cases of one program's result on one machine."""
    if not prog.subtests:
        status = FAIL if prog.errors else prog.status
        message = "; ".join(prog.errors) or prog.reason
        yield Case(machine, prog.name, "", status, message,
                   "\n".join(prog.diagnostics), prog.time or 0.0)
        return
    # The guest times programs, not subtests: a subtest without a time of
    # its own gets an even share of its program's
    share = (prog.time or 0.0) / len(prog.subtests)
    for sub in prog.subtests:
        output = [d for t, _ in walk([sub]) for d in t.diagnostics]
        yield Case(machine, prog.name, sub.name, sub.status, sub.reason,
                   "\n".join(output), sub.time or share)
    unexplained = prog.status == FAIL and \
        not any(s.status == FAIL for s in prog.subtests)
    if prog.errors or unexplained:
        message = "; ".join(prog.errors + ([prog.reason] if unexplained else []))
        yield Case(machine, prog.name, "", FAIL, message,
                   "\n".join(prog.diagnostics))


def machine_cases(run):
    for p in run.problems:
        yield Case(run.machine, HARNESS, p.kind, FAIL, p.message)
    if run.ktap:
        for prog in run.ktap.tests:
            yield from program_cases(run.machine, prog)


def stage_cases(doc, path):
    """The cases of a stage's results document (harness.stage, None if it
    could not be read): the harness's own unit tests, a series' gates..."""
    if doc is None:
        yield Case(Path(path).stem, "results", "", FAIL,
                   f"no valid results in {path}: did the stage run?")
        return
    suite = doc.get("suite") or Path(path).stem
    for t in doc["tests"]:
        yield Case(suite, t["name"], "", t["status"], t.get("message", ""))


def all_cases(runs, documents=()):
    """The cases of the machines' runs and of (path, document) pairs."""
    cases = [c for r in runs for c in machine_cases(r)]
    for path, doc in documents:
        cases += stage_cases(doc, path)
    return cases


def totals(cases):
    count = Counter(c.status for c in cases)
    return {"passed": count[PASS], "failed": count[FAIL], "skipped": count[SKIP]}


def summary_line(cases):
    t = totals(cases)
    return f"{t['passed']} passed, {t['failed']} failed, {t['skipped']} skipped"


# The table: a row per program and subtest, a column per machine.

def _cell(cases):
    if not cases:
        return "-"
    statuses = {c.status for c in cases}
    for s in (FAIL, PASS, SKIP):
        if s in statuses:
            return s.upper()


def table(runs, cases, subtests=True):
    machines = [r.machine for r in runs]
    programs = {}       # program: {subtest: None}, in the order first seen
    found = {}          # (program, subtest or None, machine): [cases]
    harness_failed = {c.suite for c in cases if c.test == HARNESS}
    for c in cases:
        if c.suite not in machines or c.test == HARNESS:
            continue
        subs = programs.setdefault(c.test, {})
        found.setdefault((c.test, None, c.suite), []).append(c)
        if subtests and c.subtest:
            subs.setdefault(c.subtest)
            found.setdefault((c.test, c.subtest, c.suite), []).append(c)

    rows = [("(boot)", ["FAIL" if m in harness_failed else "ok"
                        for m in machines])]
    for prog, subs in programs.items():
        rows.append((prog, [_cell(found.get((prog, None, m))) for m in machines]))
        for sub in subs:
            rows.append(("  " + sub, [_cell(found.get((prog, sub, m)))
                                      for m in machines]))
    rows.append(("(time)", [f"{r.wall:.1f}s" for r in runs]))

    first = max(len(label) for label, _ in rows + [("test", [])]) + 2
    widths = [max(len(m), 4) + 2 for m in machines]
    lines = [("test", machines)] + rows
    return "\n".join((label.ljust(first) + "".join(
        cell.ljust(w) for cell, w in zip(cells, widths))).rstrip()
        for label, cells in lines)


def failures(cases):
    return [f"FAIL {c.suite}: " + (c.subtest if c.test == HARNESS else c.name)
            + (f": {c.message}" if c.message else "")
            for c in cases if c.status == FAIL]


# results.json

def _test_json(t):
    return {"number": t.number, "name": t.name, "status": t.status,
            "reason": t.reason, "time_s": t.time,
            "diagnostics": t.diagnostics, "errors": t.errors,
            "subtests": [_test_json(s) for s in t.subtests]}


def results_json(runs, machines, cases, documents=(), provenance=None):
    described = {m.name: m.description for m in machines}
    return {
        "summary": totals(cases),
        "provenance": provenance,
        "machines": [{
            "name": r.machine,
            "description": described.get(r.machine, ""),
            "log": str(r.log),
            "command": r.command,
            "wall_s": round(r.wall, 3),
            "boot_s": None if r.boot is None else round(r.boot, 3),
            "exit_code": r.exit_code,
            "timed_out": r.timed_out,
            "status": PASS if not any(c.status == FAIL for c in cases
                                      if c.suite == r.machine) else FAIL,
            "problems": [{"kind": p.kind, "message": p.message}
                         for p in r.problems],
            "info": r.info,
            "tests": [_test_json(t) for t in r.ktap.tests] if r.ktap else [],
        } for r in runs],
        "stages": [doc for _, doc in documents],
        "cases": [{"suite": c.suite, "test": c.test, "subtest": c.subtest,
                   "status": c.status, "message": c.message} for c in cases],
    }


# junit.xml: a <testsuite> per machine, a <testcase> per case.  A problem
# of the harness (a machine that timed out, panicked, printed no KTAP) is
# an <error>, a test that ran and failed a <failure>.

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text):
    """text without the characters XML 1.0 cannot hold (console junk)."""
    return _NOT_XML.sub("?", text)


def junit_xml(runs, cases):
    root = ET.Element("testsuites", name="kvm-ppc-compat-caps")
    suites = [r.machine for r in runs]
    suites += sorted({c.suite for c in cases} - set(suites))
    walls = {r.machine: r.wall for r in runs}

    def is_error(c):
        return c.status == FAIL and c.test == HARNESS

    for name in suites:
        mine = [c for c in cases if c.suite == name]
        t = totals(mine)
        errors = sum(map(is_error, mine))
        suite = ET.SubElement(root, "testsuite", name=name,
                              tests=str(len(mine)),
                              failures=str(t["failed"] - errors),
                              errors=str(errors), skipped=str(t["skipped"]),
                              time=f"{walls.get(name, 0.0):.3f}")
        for c in mine:
            case = ET.SubElement(suite, "testcase", name=_xml(c.name),
                                 classname=_xml(f"{name}.{c.test}"),
                                 time=f"{c.time:.3f}")
            message = _xml(c.message)
            if c.status == FAIL:
                kind = "error" if is_error(c) else "failure"
                ET.SubElement(case, kind, message=message[:200]).text = message
            elif c.status == SKIP:
                ET.SubElement(case, "skipped", message=message[:200])
            if c.output:
                ET.SubElement(case, "system-out").text = _xml(c.output)
    t = totals(cases)
    errors = sum(map(is_error, cases))
    root.set("tests", str(len(cases)))
    root.set("failures", str(t["failed"] - errors))
    root.set("errors", str(errors))
    root.set("skipped", str(t["skipped"]))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write(out, runs, machines, cases, documents=(), provenance=None):
    """Write results.json and junit.xml under out; return their paths."""
    paths = (out / "results.json", out / "junit.xml")
    paths[0].write_text(json.dumps(results_json(runs, machines, cases, documents,
                                                provenance), indent=2) + "\n")
    paths[1].write_text(junit_xml(runs, cases))
    return paths


def write_stage(path, suite, cases, provenance=None):
    """Write cases as a stage document of make test (harness.stage), with
    what produced them (harness.provenance)."""
    stage.write(path, stage.document(
        suite, [{"name": f"{c.suite}: {c.name}", "status": c.status,
                 "message": c.message} for c in cases], provenance))
