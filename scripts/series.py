#!/usr/bin/env python3
"""Write the series, ready for git send-email, into an output directory.

    series.py TREE PATCH-DIR OUT-DIR          (make series)

- Refuses while a gate of make check fails: build/<target>/results/check.json is
  reused if it is about the current patches/ (check.key) and newer than
  them, else the gates are run (scripts/check/run.py).
- Refuses if TREE's commits since 'base' differ from PATCH-DIR (what the
  gates checked is what is sent): make export first.
- The sender is the user's git identity (user.name, user.email): From:
  of every mail and a Signed-off-by: on every patch (git format-patch -s;
  the author's own From: stays in the body when the sender differs).
- To: the maintainers, Cc: the reviewers and lists, from
  scripts/get_maintainer.pl run in TREE (--no-git --no-git-fallback
  --no-rolestats: no history needed).
- git format-patch --cover-letter -n: [PATCH 01/10] numbering
  ([PATCH vN 01/10] with SERIES_VERSION=N).  No base-commit: trailer:
  the base is Debian's linux-source tree imported as one commit, which no
  one upstream has; the cover letter names the base in words instead.
- The cover letter is targets/<target>/cover-letter.md with its placeholders
  filled: subject, the test matrix of build/<target>/results/matrix/results.json
  (make test), the build coverage of check.json, the base, the shortlog
  and the diffstat.  Its body is the user's: while the template still has
  its "*** BLURB HERE ***" placeholder the series is refused (DRAFT=1
  writes it anyway; git send-email then refuses it too).
- A single patch goes without a cover letter: a target with one patch
  and no cover-letter.md has notes.md instead, the text that goes below
  the patch's "---" line, with the same placeholders and {{REGRESSION}}:
  build/<target>/results/regression.json (make test's regression stage),
  which must have passed.
"""
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]
# make series passes the target's results directory and cover letter
RESULTS = Path(os.environ.get("SERIES_RESULTS", TOP / "build" / "v7.2" / "results")).resolve()
CHECK_JSON = RESULTS / "check.json"
MATRIX_JSON = RESULTS / "matrix" / "results.json"
TEMPLATE = Path(os.environ.get("SERIES_COVER", TOP / "targets" / "v7.2" / "cover-letter.md")).resolve()
NOTES = TEMPLATE.with_name("notes.md")
REGRESSION_JSON = RESULTS / "regression.json"
PLACEHOLDER = "*** BLURB HERE ***"
# The same options as export_series in scripts/lib.sh: stable output.
GIT_FORMAT = ["-c", "core.abbrev=12", "-c", "diff.algorithm=myers",
              "-c", "diff.renames=true", "-c", "diff.noprefix=false",
              "-c", "diff.mnemonicPrefix=false", "-c", "format.coverLetter=false"]


def die(msg):
    print(f"series: error: {msg}", file=sys.stderr)
    sys.exit(1)


def note(msg):
    print(f"series: {msg}", file=sys.stderr)


def git(tree, *args, check=True):
    proc = subprocess.run(["git", "-C", str(tree), *args], capture_output=True, text=True)
    if check and proc.returncode:
        die(f"git {' '.join(args[:3])}... failed: {proc.stderr.strip()}")
    return proc.stdout


def identity(tree):
    name = git(tree, "config", "user.name", check=False).strip()
    email = git(tree, "config", "user.email", check=False).strip()
    if not name or not email:
        die("your git identity is not set: the series is sent as you and signed off by "
            "you. Run: git config --global user.name 'Your Name'; "
            "git config --global user.email you@example.org")
    return name, email


def patches_key(patch_dir, base):
    """The key scripts/check/prepare.sh gives the same patches."""
    import hashlib
    h = hashlib.sha1()
    h.update(f"{base}\n".encode())
    for p in sorted(patch_dir.glob("*.patch")):
        h.update(f"{p.name}\n".encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def tree_matches_patches(tree, patch_dir):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = (f'. "{TOP}/scripts/lib.sh"; export_series "{tree}" "{tmp}"')
        subprocess.run(["bash", "-c", cmd], check=True)
        mine = sorted(Path(tmp).glob("*.patch"))
        theirs = sorted(patch_dir.glob("*.patch"))
        return ([p.name for p in mine] == [p.name for p in theirs] and
                all(a.read_bytes() == b.read_bytes() for a, b in zip(mine, theirs)))


def gates(patch_dir, base):
    """check.json about the current patches, run again if needed."""
    newest = max([patch_dir.stat().st_mtime] +
                 [p.stat().st_mtime for p in patch_dir.glob("*.patch")])
    key_file = CHECK_JSON.with_suffix(".key")
    fresh = (CHECK_JSON.exists() and key_file.exists() and
             CHECK_JSON.stat().st_mtime > newest and
             key_file.read_text().strip() == patches_key(patch_dir, base))
    if fresh:
        note(f"reusing {CHECK_JSON.relative_to(TOP)} (newer than patches/)")
    else:
        note("running the gates of make check (build/<target>/results/check.json is "
             "missing, older than patches/ or about other patches)")
        subprocess.run([sys.executable, str(TOP / "scripts" / "check" / "run.py"),
                        "--json", str(CHECK_JSON)])
    try:
        doc = json.loads(CHECK_JSON.read_text())
    except (OSError, ValueError):
        die(f"{CHECK_JSON} missing or unreadable after make check")
    failed = [t for t in doc["tests"] if t["status"] == "fail"]
    if failed:
        die("refusing: make check has failing gates:\n" + "\n".join(
            f"  FAIL {t['name']}: {t['message']}" for t in failed) +
            f"\n(results in {CHECK_JSON})")
    return doc


@functools.lru_cache(maxsize=None)
def matrix():
    if not MATRIX_JSON.exists():
        die(f"{MATRIX_JSON.relative_to(TOP)} missing: run make test first "
            "(the cover letter carries its test matrix)")
    doc = json.loads(MATRIX_JSON.read_text())
    machines = [m["name"] for m in doc["machines"]]
    if not machines:
        die(f"{MATRIX_JSON} has no machine: run make test first")
    cells = defaultdict(lambda: defaultdict(int))
    programs = []
    for c in doc["cases"]:
        if c["suite"] not in machines or c["test"].startswith("("):
            continue
        if c["test"] not in programs:
            programs.append(c["test"])
        cells[(c["suite"], c["test"])][c["status"]] += 1

    def cell(m, p):
        n = cells.get((m, p))
        if not n:
            return "-"
        if n["fail"]:
            return f"FAIL {n['fail']}/{sum(n.values())}"
        if n["pass"]:
            return "PASS" + (f" ({n['skip']} skip)" if n["skip"] else "")
        return "SKIP"

    # A machine's own problems (boot, timeout) fail it as a whole.
    broken = {c["suite"] for c in doc["cases"]
              if c["suite"] in machines and c["test"].startswith("(") and c["status"] == "fail"}
    rows = [["machine"] + programs]
    for m in machines:
        rows.append([m] + (["FAIL (machine)"] * len(programs) if m in broken
                           else [cell(m, p) for p in programs]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines += [f"{m['name']}: {m['description']}" for m in doc["machines"]]
    s = doc["summary"]
    summary = f"{s['passed']} passed, {s['failed']} failed, {s['skipped']} skipped"
    if s["failed"]:
        note(f"warning: the test matrix has failures ({summary}): see {MATRIX_JSON}")
    date = time.strftime("%Y-%m-%d", time.gmtime(MATRIX_JSON.stat().st_mtime))
    return "\n".join(lines), summary, date


def qemu_version():
    try:
        out = subprocess.run(["qemu-system-ppc64", "--version"], capture_output=True,
                             text=True).stdout
        m = re.search(r"version (\S+)", out)
        return m.group(1) if m else "?"
    except OSError:
        return "?"


def maintainers(tree, patch_files):
    base = ["perl", "scripts/get_maintainer.pl", "--no-git", "--no-git-fallback",
            "--no-rolestats", "--no-keywords", "--no-multiline", "--separator", "\n"]

    def ask(*opts):
        proc = subprocess.run(base + list(opts) + [str(p) for p in patch_files],
                              cwd=tree, capture_output=True, text=True)
        if proc.returncode:
            die(f"get_maintainer.pl failed: {proc.stderr.strip()}")
        return [a.strip() for a in proc.stdout.splitlines() if a.strip()]

    to = ask("--m", "--no-r", "--no-l")
    cc = [a for a in ask("--no-m", "--r", "--l") if a not in to]
    if not to:
        die("get_maintainer.pl found no maintainer for the series")
    return to, cc


def substitute(path, text, values):
    """text without its <!-- comments -->, its placeholders filled from
    values (name -> function giving the text), only those it uses."""
    text = re.sub(r"<!--.*?-->\n?", "", text, flags=re.S)
    for k, v in values.items():
        if "{{" + k + "}}" in text:
            text = text.replace("{{" + k + "}}", v())
    left = re.findall(r"\{\{[A-Z_]+\}\}", text)
    if left:
        die(f"{path}: unknown placeholder(s) {', '.join(sorted(set(left)))}")
    return text.strip("\n")


def fill(template, values):
    lines = substitute(TEMPLATE, template, values).splitlines()
    if not lines or not lines[0].startswith("Subject:"):
        die(f"{TEMPLATE} must start with a 'Subject: ...' line")
    subject = lines[0][len("Subject:"):].strip()
    return subject, "\n".join(lines[1:]).strip("\n")


def regression():
    """The regression stage's cases, one line each; refuses unless it passed."""
    try:
        doc = json.loads(REGRESSION_JSON.read_text())
        tests = doc["tests"]
    except (OSError, ValueError, KeyError):
        die(f"{REGRESSION_JSON} missing or unreadable: run make test "
            "(or make regression) first")
    failed = [t for t in tests if t["status"] != "pass"]
    if failed or not tests:
        die("refusing: the regression check did not pass:\n" + "\n".join(
            f"  {t['status'].upper()} {t['name']}: {t['message']}" for t in failed))
    date = time.strftime("%Y-%m-%d", time.gmtime(REGRESSION_JSON.stat().st_mtime))

    def plain(test):
        # without our log paths, console line numbers, timestamps, objdir
        message = re.sub(r" \(see [^)]*\)", "", test["message"])
        message = re.sub(r"kernel (\w+) at line \d+: \[ *[0-9.]+\] ", "", message)
        message = message.replace("../linux/", "").replace("the series", "the patch")
        return textwrap.fill(f"{test['name']}: {message}", 72, initial_indent="  ",
                             subsequent_indent="    ", break_on_hyphens=False)
    return "\n".join(plain(t) for t in tests) + f"\n  ({date})"


def below_the_line(patch, notes):
    """Put notes after the "---" line that ends the patch's changelog."""
    text = patch.read_text()
    head, sep, rest = text.partition("\n---\n")
    if not sep:
        die(f"no '---' line in {patch}")
    patch.write_text(head + sep + notes + "\n\n" + rest)


def main():
    if len(sys.argv) != 4:
        die("usage: series.py TREE PATCH-DIR OUT-DIR")
    tree, patch_dir, out = (Path(a).resolve() for a in sys.argv[1:])
    base = git(tree, "rev-parse", "--verify", "base^{commit}").strip()
    name, email = identity(tree)
    if not tree_matches_patches(tree, patch_dir):
        die(f"{tree} has commits since 'base' that differ from {patch_dir}: "
            "the gates check patches/, so export them first (make export) or "
            "make tree FORCE=1 to go back to patches/")
    count = int(git(tree, "rev-list", "--count", "base..HEAD").strip())
    has_cover = TEMPLATE.exists()
    if not has_cover and not (count == 1 and NOTES.exists()):
        die(f"no {TEMPLATE}: a series of {count} patches needs a cover letter "
            f"(a single patch: {NOTES.name}, its notes below '---')")
    check = gates(patch_dir, base)
    draft = os.environ.get("DRAFT") == "1"
    template = TEMPLATE.read_text() if has_cover else NOTES.read_text()
    if has_cover and PLACEHOLDER in template and not draft:
        die(f"{TEMPLATE.relative_to(TOP)} still has its placeholder body "
            f"({PLACEHOLDER}): write the cover letter's text there (why a new "
            "UAPI and not /proc/device-tree, what differs from mainline 7.3, "
            "changes since the previous version), or DRAFT=1 for a draft")

    version = os.environ.get("SERIES_VERSION", "").lstrip("vV")
    base_version = (tree.parent / (tree.name + ".base-version"))
    origin = base_version.read_text().strip() if base_version.exists() else ""
    origin = re.sub(r"^Linux \S+ \((.*)\)$", r"\1", origin) or "Linux"
    kernel_version = subprocess.run(["make", "-s", "-C", str(tree), "kernelversion"],
                                    capture_output=True, text=True).stdout.strip()
    coverage = [t["name"][len("build "):] for t in check["tests"]
                if t["name"].startswith("build ") and t["status"] == "pass"]
    values = {
        "KERNEL_VERSION": lambda: kernel_version,
        "QEMU": qemu_version,
        "MATRIX": lambda: matrix()[0], "MATRIX_SUMMARY": lambda: matrix()[1],
        "MATRIX_DATE": lambda: matrix()[2],
        "REGRESSION": regression,
        "COVERAGE": lambda: "\n".join("  " + c for c in coverage) or "  (none)",
        "BASE_ORIGIN": lambda: origin,
        "SHORTLOG": lambda: git(tree, "shortlog", "base..HEAD").strip("\n"),
        "DIFFSTAT": lambda: git(tree, "diff", "--stat=72", "base", "HEAD").rstrip("\n"),
    }
    if has_cover:
        subject, body = fill(template, values)
    else:
        notes = substitute(NOTES, template, values)

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.patch"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        # The patches once without addresses, for get_maintainer.pl.
        git(tree, *GIT_FORMAT, "format-patch", "-q", "-o", tmp, "base..HEAD")
        to, cc = maintainers(tree, sorted(Path(tmp).glob("*.patch")))
    sender = f"{name} <{email}>"
    args = [*GIT_FORMAT, "-c", f"user.name={name}", "-c", f"user.email={email}",
            "format-patch", "-q", "-o", str(out), "--signoff", f"--from={sender}"]
    if has_cover:
        args += ["--cover-letter", "-n"]
    if version:
        args.append(f"--reroll-count={version}")
    args += [f"--to={a}" for a in to] + [f"--cc={a}" for a in cc]
    git(tree, *args, "base..HEAD")
    if not has_cover:
        patch = sorted(out.glob("*.patch"))[0]
        below_the_line(patch, notes)
        note(f"wrote {os.path.relpath(patch)} (one patch, its notes below '---'): "
             f"from {sender}, to {', '.join(to)}; cc {len(cc)} address(es)")
        note(f"check it, then: git send-email {os.path.relpath(patch)}")
        return

    covers = sorted(out.glob("*0000-cover-letter.patch"))
    if len(covers) != 1:
        die(f"git format-patch wrote no cover letter in {out}")
    cover = covers[0]
    text = cover.read_text()
    head, sep, rest = text.partition("*** BLURB HERE ***")
    tail = rest[rest.index("\nbase-commit:"):] if "\nbase-commit:" in rest else "\n"
    if not sep or "*** SUBJECT HERE ***" not in head:
        die(f"unexpected cover letter from git format-patch: {cover}")
    cover.write_text(head.replace("*** SUBJECT HERE ***", subject) + body + "\n" + tail)

    files = sorted(out.glob("*.patch"))
    note(f"wrote {len(files)} files ({count} patches + cover letter) to "
         f"{os.path.relpath(out)}: from {sender}, to {', '.join(to)}; "
         f"cc {len(cc)} address(es)")
    if draft and PLACEHOLDER in template:
        note("DRAFT: the cover letter still has its placeholder body; git send-email "
             "refuses it until it is written")
    note(f"check them, then: git send-email {os.path.relpath(out)}/*.patch")


if __name__ == "__main__":
    main()
