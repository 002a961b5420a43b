#!/usr/bin/env python3
"""Gate "checkpatch": scripts/checkpatch.pl --strict on every patch.

    checkpatch.py [PATCH...]        (default: $CHECK_PATCHES/*.patch)

One test case per patch, "checkpatch <patch file>": it fails on any error,
warning or check, except those scripts/check/checkpatch.allow accepts (a
line each: patch file | TYPE:KIND: message | file | added line), and
FILE_PATH_CHANGES ("does MAINTAINERS need updating?") where the gate finds
that the answer is no: a MAINTAINERS entry other than THE REST already
covers every file the patch adds or deletes (get_maintainer.pl).  A
checkpatch.pl that does not run cleanly (a helper such as spdxcheck.py
crashing on a missing module) fails too: its checks would be missing.
checkpatch runs in <check dir>/linux (prepare.sh), at the series' last
commit, so its look-ups in the tree (MAINTAINERS, git) see the series.
Logs: <check dir>/logs/checkpatch/<patch>.log.
"""
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOP = HERE.parents[1]
CHK = Path(os.environ.get("CHECK_DIR") or
           sys.exit("CHECK_DIR is not set: run the gates with make check SERIES=<name>"))
SRC = CHK / "linux"
PATCHES = Path(os.environ.get("CHECK_PATCHES") or sys.exit("CHECK_PATCHES is not set"))
ALLOW = Path(os.environ.get("CHECK_ALLOW") or sys.exit("CHECK_ALLOW is not set"))
LOGS = CHK / "logs" / "checkpatch"
REPORT = re.compile(r"^(ERROR|WARNING|CHECK):([A-Z0-9_]+): (.*)$")
FILE = re.compile(r"^#\d+: FILE: (.+?):\d+:$")
WHERE = re.compile(r"^#(\d+): ")
NEW_FILE = re.compile(r"^diff --git a/\S+ b/(\S+)\n(?:new|deleted) file mode", re.M)
SECTION_LINE = re.compile(r"^[A-Z]:\t")


def squash(text):
    return " ".join(text.split())


def load_allow(path):
    """[(patch, "TYPE:KIND: message", file, line)] of the allow-list."""
    entries = []
    for n, raw in enumerate(path.read_text().splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = [squash(f) for f in raw.split(" | ")]
        if len(fields) != 4:
            sys.exit(f"{path}:{n}: want 'patch | TYPE:KIND: message | file | line'")
        entries.append(tuple(fields))
    return entries


def reports(output):
    """(kind "TYPE:KIND: message", file or "", first added line or "",
    patch line number or "") of each report in checkpatch's output."""
    for block in output.split("\n\n"):
        lines = block.strip("\n").splitlines()
        if not lines or not REPORT.match(lines[0]):
            continue
        path = line = where = ""
        for text in lines[1:2]:
            m = WHERE.match(text)
            where = m.group(1) if m else ""
        for i, text in enumerate(lines[1:], 1):
            m = FILE.match(text)
            if m:
                path = m.group(1)
                added = [t for t in lines[i + 1:] if t.startswith("+")]
                line = added[0][1:] if added else ""
                break
        yield lines[0], path, line, where


def uncovered(patch):
    """The files @patch adds or deletes that no MAINTAINERS entry but THE
    REST covers, at the series' last commit; None if it adds none."""
    files = NEW_FILE.findall(patch.read_text())
    if not files:
        return None
    missing = []
    for f in files:
        proc = subprocess.run(
            ["./scripts/get_maintainer.pl", "--no-git", "--sections", "-f", f],
            cwd=SRC, capture_output=True, text=True)
        sections = {line for line in proc.stdout.splitlines()
                    if line and not SECTION_LINE.match(line)}
        if proc.returncode or not sections - {"THE REST"}:
            missing.append(f)
    return missing


def check(patch, allow, used):
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / (patch.name + ".log")
    env = dict(os.environ, PATH="/usr/bin:" + os.environ.get("PATH", ""))
    proc = subprocess.run(
        ["./scripts/checkpatch.pl", "--strict", "--show-types", "--no-summary",
         "--color=never", str(patch)],
        cwd=SRC, env=env, capture_output=True, text=True)
    log.write_text(proc.stdout + ("\n--- stderr\n" + proc.stderr if proc.stderr else ""))
    bad, accepted = [], 0
    for kind, path, line, where in reports(proc.stdout):
        key = (patch.name, squash(kind), path, squash(line))
        if kind.startswith("WARNING:FILE_PATH_CHANGES:") and uncovered(patch) == []:
            accepted += 1
        elif key in allow:
            used.add(key)
            accepted += 1
        else:
            at = f"patch line {where}" if where else "patch"
            bad.append(f"{kind} ({at}, {path}: {line.strip()!r})" if path
                       else f"{kind} ({at})")
    problems = []
    if bad:
        problems.append(f"{len(bad)} report(s): " + "; ".join(bad))
    if proc.stderr.strip():
        problems.append("checkpatch.pl printed errors of its own (a helper "
                        "failed?): " + proc.stderr.strip().splitlines()[-1])
    # A non-zero exit with every report accepted is fine; with no report
    # at all, checkpatch failed in a way the parser did not see.
    if proc.returncode and not bad and not problems and not accepted:
        problems.append(f"checkpatch.pl exited {proc.returncode}")
    note = (f", {accepted} accepted ({ALLOW.name}, or new files that "
            "MAINTAINERS covers)" if accepted else "")
    if problems:
        return "fail", "; ".join(problems) + f"{note}; see {log}"
    return "pass", f"clean{note}"


def main():
    patches = [Path(p) for p in sys.argv[1:]] or sorted(PATCHES.glob("*.patch"))
    allow = set(load_allow(ALLOW)) if ALLOW.exists() else set()
    used = set()
    if not (SRC / "scripts" / "checkpatch.pl").exists():
        sys.exit(f"{SRC} has no scripts/checkpatch.pl: run scripts/check/prepare.sh")
    out = os.environ.get("CHECK_CASES")
    for patch in patches:
        t0 = time.monotonic()
        status, message = check(patch.resolve(), allow, used)
        message += f" ({time.monotonic() - t0:.1f} s)"
        case = {"name": f"checkpatch {patch.name}", "status": status,
                "message": message}
        if out:
            with open(out, "a") as f:
                f.write(json.dumps(case) + "\n")
        print(f"{status}: {case['name']}: {message}", file=sys.stderr)
    for entry in sorted(allow - used):
        if entry[0] in {p.name for p in patches}:
            print(f"note: {ALLOW.name}: entry not used (stale?): {' | '.join(entry)}",
                  file=sys.stderr)


if __name__ == "__main__":
    main()
