#!/usr/bin/env python3
"""Write one series' mails, ready for git send-email, into an output directory.

    series.py SERIES-DIR OUT-DIR          (make series SERIES=<name>)

- The series is its stored patches, as the gates committed them in their
  repository (CHECK_TREE, its tag 'base' at the base with the series it
  depends on): what the gates checked is what is sent.  Refuses while a
  gate fails: build/series/<name>/results/check.json is reused if it is
  about the current patches (check.key), else the gates are run
  (scripts/check/run.py).  A series' own tree with commits that are not
  exported is named: they are not sent.
- The sender is the user's git identity (user.name, user.email), refused
  if it is a placeholder (a reserved domain such as .example, or a
  noreply address).  The sender becomes the author of every patch and its
  one Signed-off-by: the stored patches carry the project's placeholder
  identity, which must not go out.  Other people's tags stay; a mail that
  still names a placeholder address is refused.
- To: the maintainers, Cc: the reviewers and lists, from
  scripts/get_maintainer.pl run in the gates' worktree at the series
  (--no-git --no-git-fallback --no-rolestats: no history needed), unless
  SERIES_GET_MAINTAINER is "no"; plus the series' own MAIL_TO and MAIL_CC
  (series.mk: the author of a commit named in Fixes:, ...).
- git format-patch --cover-letter -n: [PATCH 01/10] numbering
  ([PATCH vN 01/10] with SERIES_VERSION=N).  No base-commit: trailer:
  the base is Debian's linux-source tree imported as one commit, which no
  one upstream has; the cover letter names the base in words instead.  A
  series that depends on others names them ({{DEPENDS}}) and ends with a
  prerequisite-patch-id: line per patch of theirs (git patch-id
  --stable, as b4 and git format-patch --base write them).
- The cover letter is series/<name>/cover-letter.md with its
  placeholders filled: subject, the test matrix of the target it is
  tested on (TESTED_ON: build/<target>/results/matrix/results.json), the
  build coverage of check.json, the base, the shortlog and the diffstat.
  Its body is the user's: while the template still has its "*** BLURB
  HERE ***" placeholder the series is refused (DRAFT=1 writes it anyway;
  git send-email then refuses it too).
- A single patch goes without a cover letter: a series with one patch
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
# make series passes the series' results, the tested target's, and the
# gates' environment (CHECK_TREE, CHECK_DIR, CHECK_BASE_COMMIT ...)
RESULTS = Path(os.environ.get("SERIES_RESULTS", ".")).resolve()
CHECK_JSON = RESULTS / "check.json"
TESTED = Path(os.environ.get("SERIES_TESTED", ".")).resolve()
MATRIX_JSON = TESTED / "matrix" / "results.json"
REGRESSION_JSON = TESTED / "regression.json"
PLACEHOLDER = "*** BLURB HERE ***"
# The same options as export_series in scripts/lib.sh: stable output.
GIT_FORMAT = ["-c", "core.abbrev=12", "-c", "diff.algorithm=myers",
              "-c", "diff.renames=true", "-c", "diff.noprefix=false",
              "-c", "diff.mnemonicPrefix=false", "-c", "format.coverLetter=false"]
# Domains that no one can receive mail at (RFC 2606, RFC 6761), and
# addresses that take no replies: a placeholder identity.
RESERVED = re.compile(r"@(?:[^>\s]*\.)?(?:example(?:\.(?:com|net|org))?|invalid|test|"
                      r"localhost|local)>?$|noreply|no-reply", re.I)
TEMPLATE = NOTES = None     # the series' cover-letter.md and notes.md (main)


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
            "git config --global user.email you@your.domain")
    if is_placeholder(email):
        die(f"your git identity <{email}> is a placeholder (no one can reply to it): "
            "the series goes out as its author, under your Signed-off-by "
            "(submitting-patches.rst: a known identity)")
    return name, email


def is_placeholder(address):
    return bool(RESERVED.search(address.strip()))


SIGNED_OFF = re.compile(r"^Signed-off-by:\s*(.*?)\s*<([^>]*)>\s*$", re.M)


def as_sender(message, stored_email, sender):
    """@message (a commit message) signed off by @sender (name, email)
    alone where @stored_email signed it off: that Signed-off-by goes, the
    sender's ends the trailers.  Other tags stay."""
    name, email = sender
    kept = [line for line in message.rstrip("\n").split("\n")
            if not ((m := SIGNED_OFF.match(line)) and
                    m.group(2).lower() in (stored_email.lower(), email.lower()))]
    while kept and not kept[-1].strip():
        kept.pop()
    last = kept[-1] if kept else ""
    trailer = re.match(r"^[A-Za-z-]+: ", last) and len(kept) > 1
    return "\n".join(kept + ([] if trailer else [""]) +
                     [f"Signed-off-by: {name} <{email}>"]) + "\n"


def rewrite_identity(repo, base, head, sender):
    """The commits base..head again, each authored and signed off by
    @sender instead of its stored author (same date, tree and tags);
    returns the new head.  Refuses a message that would still name a
    placeholder address."""
    parent = base
    for c in git(repo, "rev-list", "--reverse", f"{base}..{head}").split():
        fields = git(repo, "log", "-1", "--format=%ae%n%aD%n%T", c).split("\n")
        stored, date, tree_id = fields[0], fields[1], fields[2]
        message = as_sender(git(repo, "log", "-1", "--format=%B", c), stored, sender)
        left = [a for a in re.findall(r"<([^>]+)>", message) if is_placeholder(a)]
        if left:
            die(f"commit {c[:12]} would still name {', '.join(left)} after the "
                "sender's identity replaced the stored one: edit the series")
        env = dict(os.environ, GIT_AUTHOR_NAME=sender[0], GIT_AUTHOR_EMAIL=sender[1],
                   GIT_AUTHOR_DATE=date, GIT_COMMITTER_NAME=sender[0],
                   GIT_COMMITTER_EMAIL=sender[1], GIT_COMMITTER_DATE=date)
        proc = subprocess.run(["git", "-C", str(repo), "commit-tree", tree_id, "-p", parent],
                              input=message, capture_output=True, text=True, env=env)
        if proc.returncode:
            die(f"git commit-tree failed: {proc.stderr.strip()}")
        parent = proc.stdout.strip()
    return parent


def patches_key(patch_dir):
    """The key scripts/check/prepare.sh gives the same patches (the
    directories named as make names them: CHECK_UPSTREAM, CHECK_PATCHES)."""
    import hashlib
    h = hashlib.sha1()
    h.update(f"{os.environ['CHECK_BASE_COMMIT']}\n".encode())
    for d in os.environ.get("CHECK_UPSTREAM", "").split() + ["--", str(patch_dir)]:
        h.update(f"{d}\n".encode())
        if d == "--":
            continue
        for p in sorted(Path(d).glob("*.patch")):
            h.update(f"{p.name}\n".encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def unexported(series_dir):
    """A note if the series' own tree has commits that patches/ lacks."""
    tree = TOP / "build" / "series" / series_dir.name / "linux"
    if not (tree / ".git").is_dir():
        return
    with tempfile.TemporaryDirectory() as tmp:
        cmd = f'. "{TOP}/scripts/lib.sh"; export_series "{tree}" "{tmp}"'
        if subprocess.run(["bash", "-c", cmd]).returncode:
            return
        mine = sorted(Path(tmp).glob("*.patch"))
        theirs = sorted((series_dir / "patches").glob("*.patch"))
        if not ([p.name for p in mine] == [p.name for p in theirs] and
                all(a.read_bytes() == b.read_bytes() for a, b in zip(mine, theirs))):
            note(f"warning: {tree.relative_to(TOP)} has commits that "
                 f"{series_dir.relative_to(TOP)}/patches lacks (make export "
                 "SERIES=...): they are not in these mails")


def gates(patch_dir):
    """check.json about the current patches, run again if needed."""
    key_file = CHECK_JSON.with_suffix(".key")
    fresh = (CHECK_JSON.exists() and key_file.exists() and
             key_file.read_text().strip() == patches_key(patch_dir))
    if fresh:
        note(f"reusing {CHECK_JSON.relative_to(TOP)} (about the current patches)")
    else:
        note(f"running the gates of make check ({CHECK_JSON.relative_to(TOP)} is "
             "missing or about other patches)")
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
    """The QEMU that ran the matrix (its provenance), else the one here."""
    try:
        made_by = json.loads(MATRIX_JSON.read_text()).get("provenance") or {}
        if made_by.get("qemu"):
            return made_by["qemu"].split()[0]
    except (OSError, ValueError):
        pass
    try:
        out = subprocess.run(["qemu-system-ppc64", "--version"], capture_output=True,
                             text=True).stdout
        m = re.search(r"version (\S+)", out)
        return m.group(1) if m else "?"
    except OSError:
        return "?"


def addresses(text):
    """The comma-separated addresses of a MAIL_TO or MAIL_CC setting."""
    return [a.strip() for a in re.split(r",(?![^<]*>)", text or "") if a.strip()]


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


def depends_text(repo, pristine, base):
    """{{DEPENDS}}: what the series applies on top of, by the subjects of
    the patches under it (our series names mean nothing upstream), or that
    it applies to the base alone."""
    if not os.environ.get("SERIES_DEPENDS", "").split():
        return "It applies to the base alone."
    subjects = git(repo, "log", "--reverse", "--format=  %s", f"{pristine}..{base}")
    which = "this patch" if subjects.count("\n") == 1 else "these patches"
    return f"It applies on top of {which}, sent separately:\n" + subjects.rstrip("\n")


def prerequisites(repo, pristine, base):
    """prerequisite-patch-id: lines for the patches under 'base'."""
    lines = []
    for c in git(repo, "rev-list", "--reverse", f"{pristine}..{base}").split():
        diff = git(repo, "show", "--format=", c)
        proc = subprocess.run(["git", "-C", str(repo), "patch-id", "--stable"],
                              input=diff, capture_output=True, text=True)
        lines.append(f"prerequisite-patch-id: {proc.stdout.split()[0]}")
    return "\n".join(lines)


def main():
    global TEMPLATE, NOTES
    if len(sys.argv) != 3:
        die("usage: series.py SERIES-DIR OUT-DIR")
    series_dir, out = (Path(a).resolve() for a in sys.argv[1:])
    TEMPLATE = series_dir / "cover-letter.md"
    NOTES = series_dir / "notes.md"
    patch_dir = Path(os.environ["CHECK_PATCHES"])
    repo = Path(os.environ["CHECK_TREE"])
    src = Path(os.environ["CHECK_DIR"]) / "linux"    # the gates' worktree (lib.sh)
    pristine = os.environ["CHECK_BASE_COMMIT"]
    unexported(series_dir)
    check = gates(patch_dir)
    base = git(repo, "rev-parse", "--verify", "base^{commit}").strip()
    series_list = Path(os.environ["CHECK_DIR"]) / "series.list"
    stored_head = series_list.read_text().split()[-2]
    count = int(git(repo, "rev-list", "--count", f"{base}..{stored_head}").strip())
    has_cover = TEMPLATE.exists()
    if not has_cover and not (count == 1 and NOTES.exists()):
        die(f"no {TEMPLATE}: a series of {count} patches needs a cover letter "
            f"(a single patch: {NOTES.name}, its notes below '---')")
    draft = os.environ.get("DRAFT") == "1"
    template = TEMPLATE.read_text() if has_cover else NOTES.read_text()
    if has_cover and PLACEHOLDER in template and not draft:
        die(f"{TEMPLATE.relative_to(TOP)} still has its placeholder body "
            f"({PLACEHOLDER}): write the cover letter's text there, "
            "or DRAFT=1 for a draft")
    name, email = identity(repo)
    head = rewrite_identity(repo, base, stored_head, (name, email))
    # The gates' worktree, which make check does not make when it gives
    # kept results (scripts/lib.sh's ensure_worktree, as prepare.sh)
    subprocess.run(["bash", "-c", '. "$1"; shift; ensure_worktree "$@"', "series.py",
                    str(TOP / "scripts" / "lib.sh"), str(repo), str(src), stored_head],
                   check=True, stdout=subprocess.DEVNULL)
    git(src, "checkout", "-q", "-f", "--detach", stored_head)

    version = os.environ.get("SERIES_VERSION", "").lstrip("vV")
    origin = git(repo, "log", "-1", "--format=%B", pristine)
    origin = re.search(r"^Base: (.*)$", origin, re.M)
    origin = origin.group(1) if origin else "Linux"
    kernel_version = subprocess.run(["make", "-s", "-C", str(src), "kernelversion"],
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
        "DEPENDS": lambda: depends_text(repo, pristine, base),
        "SHORTLOG": lambda: git(repo, "shortlog", f"{base}..{head}").strip("\n"),
        "DIFFSTAT": lambda: git(repo, "diff", "--stat=72", base, head).rstrip("\n"),
    }
    if has_cover:
        subject, body = fill(template, values)
    else:
        notes = substitute(NOTES, template, values)
    prereq = prerequisites(repo, pristine, base)

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.patch"):
        old.unlink()
    to = addresses(os.environ.get("SERIES_TO"))
    cc = addresses(os.environ.get("SERIES_CC"))
    if os.environ.get("SERIES_GET_MAINTAINER", "yes") != "no":
        with tempfile.TemporaryDirectory() as tmp:
            # The patches once without addresses, for get_maintainer.pl.
            git(repo, *GIT_FORMAT, "format-patch", "-q", "-o", tmp, f"{base}..{head}")
            m_to, m_cc = maintainers(src, sorted(Path(tmp).glob("*.patch")))
        seen = {a.lower() for a in to + cc}
        to += [a for a in m_to if a.lower() not in seen]
        seen |= {a.lower() for a in m_to}
        cc += [a for a in m_cc if a.lower() not in seen]
    sender = f"{name} <{email}>"
    args = [*GIT_FORMAT, "-c", f"user.name={name}", "-c", f"user.email={email}",
            "format-patch", "-q", "-o", str(out), f"--from={sender}"]
    if has_cover:
        args += ["--cover-letter", "-n"]
    if version:
        args.append(f"--reroll-count={version}")
    args += [f"--to={a}" for a in to] + [f"--cc={a}" for a in cc]
    git(repo, *args, f"{base}..{head}")
    for f in out.glob("*.patch"):
        left = [a for a in re.findall(r"<([^>]+)>", f.read_text()) if is_placeholder(a)]
        if left:
            die(f"refusing: {f} names a placeholder identity ({', '.join(sorted(set(left)))})")
    whom = f"from {sender}, to {', '.join(to) or 'nobody (add To: by hand)'}; cc {len(cc)} address(es)"
    if not has_cover:
        patch = sorted(out.glob("*.patch"))[0]
        below_the_line(patch, notes + (f"\n\n{prereq}" if prereq else ""))
        note(f"wrote {os.path.relpath(patch)} (one patch, its notes below '---'): {whom}")
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
    if prereq:
        tail = tail.rstrip("\n") + "\n\n" + prereq + "\n"
    cover.write_text(head.replace("*** SUBJECT HERE ***", subject) + body + "\n" + tail)

    files = sorted(out.glob("*.patch"))
    note(f"wrote {len(files)} files ({count} patches + cover letter) to "
         f"{os.path.relpath(out)}: {whom}")
    if draft and PLACEHOLDER in template:
        note("DRAFT: the cover letter still has its placeholder body; git send-email "
             "refuses it until it is written")
    note(f"check them, then: git send-email {os.path.relpath(out)}/*.patch")


if __name__ == "__main__":
    main()
