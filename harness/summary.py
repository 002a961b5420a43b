"""The end of make test: every target's results added up.

    python3 -m harness.summary [--build DIR] [--readme-table FILE]

Reads the harness's own unit tests (DIR/results/harness-test.json), for
every series (harness.targets) the results of its gates,
DIR/series/<series>/results/check.json, and for every target the results
of each of its STAGES: the matrix's DIR/<target>/results/matrix/results.json,
the others' DIR/<target>/results/<stage>.json.  A series or target whose
make failed (make test leaves results/make.failed) fails too.  Prints one table, a row per target
and program and a column per machine; for each target that names one in
COMPARE_WITH, the side-by-side table of the two; the failures; and
"N passed, N failed, N skipped" over all of them.  Anything missing (a
stage that did not run, a matrix that did not finish) is a failure.
--readme-table also writes the side-by-side tables as Markdown.
Exit status: 0 if nothing failed.
"""
import argparse
import json
import sys
from pathlib import Path

from . import bench, machines, report, stage, targets
from .ktap import FAIL
from .report import Case

HARNESS_TESTS = Path("results") / "harness-test.json"


def load_matrix(path):
    try:
        with open(path) as f:
            doc = json.load(f)
        return doc if isinstance(doc.get("machines"), list) else None
    except (OSError, ValueError, AttributeError):
        return None


def make_failed(name, results):
    """A failing case if make test recorded that make failed for @name."""
    marker = results / "make.failed"
    if marker.exists():
        return [Case(name, "make", "", FAIL,
                     f"make failed for {name} ({marker}): see make test's output")]
    return []


def series_cases(series, build):
    """The cases of a series' gates, their suite "<series> gates"."""
    results = build / "series" / series.name / "results"
    path = results / "check.json"
    cases = make_failed(series.name, results)
    for c in report.stage_cases(stage.load(path), path):
        c.suite = f"{series.name} gates"
        cases.append(c)
    return cases


def target_cases(target, build):
    """The cases of a target's matrix and stages, their suites prefixed
    with the target's name; and its matrix document (None if missing)."""
    results = build / target.name / "results"
    path = results / "matrix" / "results.json"
    cases, doc = make_failed(target.name, results), None
    if targets.MATRIX in target.stages:
        doc = load_matrix(path)
        if doc is None:
            cases += [Case(target.name, "matrix", "", FAIL,
                           f"no results in {path}: see {results}/matrix.log")]
        else:
            cases += [Case(f"{target.name} {c['suite']}", c["test"], c["subtest"],
                          c["status"], c["message"]) for c in doc["cases"]]
    for name in target.stages:
        if name == targets.MATRIX:
            continue
        stage_path = results / f"{name}.json"
        for c in report.stage_cases(stage.load(stage_path), stage_path):
            c.suite = f"{target.name} {name}"
            cases.append(c)
    return cases, doc


def program_status(machine_doc, program):
    """PASS/FAIL/SKIP of a program on a machine, "-" where it did not run."""
    if machine_doc is None:
        return "-"
    if machine_doc["problems"]:
        return "FAIL"
    for t in machine_doc["tests"]:
        if t["name"] == program:
            return t["status"].upper()
    return "-"


def by_machine(doc):
    return {m["name"]: m for m in doc["machines"]} if doc else {}


def matrix_table(docs):
    """A row per target and program, a column per machine."""
    names = machines.names()
    head = ["target", "program"] + names
    rows = []
    for target, doc in docs:
        found = by_machine(doc)
        programs = dict.fromkeys(t["name"] for m in found.values()
                                 for t in m["tests"])
        rows.append([target.name, "(boot)"] + [
            "-" if n not in found else "FAIL" if found[n]["problems"] else "ok"
            for n in names])
        for p in programs:
            rows.append([target.name, p] + [program_status(found.get(n), p)
                                            for n in names])
    return head, rows


def answer_cell(target, machine, doc):
    """What the target's kernel answers there, as its probe checked it."""
    status = program_status(by_machine(doc).get(machine.name), "compat_caps_probe")
    if status == "-":
        return "-"
    caps = target.expected_caps(machine)
    if not machine.hv:
        text = "no HV"
    elif caps is None:
        text = "no answer"
    else:
        text = machines.levels_text(caps)
    return text if status == "PASS" else f"{text}? (probe {status})"


def compare_table(a, doc_a, b, doc_b):
    """Target a against target b, a row per machine."""
    programs = ("compat_caps_test", "arch_compat_test")
    head = ["machine", f"answer ({a.name} / {b.name})"] + list(programs)
    ma, mb = by_machine(doc_a), by_machine(doc_b)
    rows = []
    for m in machines.MACHINES:
        rows.append([m.name, f"{answer_cell(a, m, doc_a)} / {answer_cell(b, m, doc_b)}"]
                    + [f"{program_status(ma.get(m.name), p)} / "
                       f"{program_status(mb.get(m.name), p)}" for p in programs])
    return head, rows


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m harness.summary")
    p.add_argument("--build", type=Path, default=Path("build"))
    p.add_argument("--readme-table", type=Path, metavar="FILE")
    args = p.parse_args(argv)

    try:
        all_series = targets.all_series()
        all_targets = targets.all_targets()
    except targets.BadTarget as e:
        print(f"summary: {e}", file=sys.stderr)
        return 2
    harness_path = args.build / HARNESS_TESTS
    cases = list(report.stage_cases(stage.load(harness_path),
                                       harness_path))
    for s in all_series:
        cases += series_cases(s, args.build)
    docs = []
    for t in all_targets:
        mine, doc = target_cases(t, args.build)
        cases += mine
        if targets.MATRIX in t.stages:
            docs.append((t, doc))

    head, rows = matrix_table(docs)
    print(bench.render(head, rows, False))
    markdown = []
    by_name = {t.name: (t, doc) for t, doc in docs}
    for t, doc in docs:
        if not t.compare_with:
            continue
        other, other_doc = by_name[t.compare_with]
        head, rows = compare_table(t, doc, other, other_doc)
        print(f"\n{t.name} ({t.description}) against {other.name} "
              f"({other.description}):")
        print(bench.render(head, rows, False))
        markdown += [f"{t.name} against {other.name}:", "",
                     bench.render(head, rows, True), ""]
    if args.readme_table and markdown:
        args.readme_table.parent.mkdir(parents=True, exist_ok=True)
        args.readme_table.write_text("\n".join(markdown))

    print()
    for line in report.failures(cases):
        print(line)
    # A target's cases have suites "<target> <machine or stage>", a
    # series' "<series> gates"
    for group in dict.fromkeys(c.suite.split(" ")[0] for c in cases):
        own = [c for c in cases if c.suite.split(" ")[0] == group]
        print(f"summary: {group}: {report.summary_line(own)}")
    print(report.summary_line(cases))
    return 1 if report.totals(cases)["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
